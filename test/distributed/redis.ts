/** A real redis-server for tests: on a free loopback port, with its append-only file in a temporary folder. */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The path of redis-server; tests need it (`.ci/run` installs Debian's). */
export function redisServerPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('redis-server is not installed: apt-get install redis-server (the distributed tests run against a real one)');
  }
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGTERM, it writes its data) and waits. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it and deletes its data folder. */
  dispose(): Promise<void>;
}

/** Starts a redis-server; `extraArgs` are added to its command line (`['--requirepass', 'secret']`). */
export async function startRedis(extraArgs: readonly string[] = []): Promise<RedisServer> {
  const bin = redisServerPath();
  const dir = mkdtempSync(join(tmpdir(), 'mnas-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const args = [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        dir,
        ...extraArgs,
      ];
      const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within 30 s: ${out}`)), 30_000);
      c.stdout?.on('data', (d) => {
        out += d;
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      const c = child;
      if (c === undefined || c.exitCode !== null || c.signalCode !== null) {
        resolve();
        return;
      }
      c.removeAllListeners('exit');
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

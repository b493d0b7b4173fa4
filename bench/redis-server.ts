/** A throwaway redis-server for `bench/scale.ts`: on a free loopback port, nothing saved to disk. */

import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';

/** A running redis-server and how to stop it. */
export interface RedisServer {
  readonly url: string;
  /** Stops it (SIGTERM) and waits for it to exit. */
  dispose(): Promise<void>;
}

async function loopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** Starts `redis-server` from the PATH (Debian's `redis-server` package) and resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  const port = await loopbackPort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.once('error', (e) => reject(new Error(`redis-server could not start (apt-get install redis-server): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${log}`)));
    child.stdout?.on('data', (d) => {
      log += d;
      if (log.includes('Ready to accept connections')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return {
    url: `redis://127.0.0.1:${port}`,
    async dispose() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

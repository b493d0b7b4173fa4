// Redis unreachable or refusing the password: the coordinator and the worker name the failure in one
// line, and a signal ends them promptly with 143/130, also while Redis is away. Real processes and a
// real redis-server; every wait is on output or exit, the test timeout only a safety net.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, freePort, startRedis } from '../distributed/redis.js';
import { type CliProcess, spawnCli } from './processes.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-redis-'));
let guarded: RedisServer;
const running: CliProcess[] = [];
function cli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const p = spawnCli(args, env);
  running.push(p);
  return p;
}
beforeAll(async () => {
  guarded = await startRedis(['--requirepass', 'secret']);
});
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});
afterAll(async () => {
  await guarded?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const search = (url: string, out: string): string[] => [
  'search',
  '--benchmark',
  'nas-bench-201',
  '--controller',
  'random',
  '--trials',
  '4',
  '--no-progress',
  '--redis',
  url,
  '--out',
  join(dir, out),
];
const noPassword = { ...process.env, MNAS_TS_REDIS_PASSWORD: '' };
const lines = (text: string, pattern: RegExp): string[] => text.split('\n').filter((l) => pattern.test(l));

describe('Redis that refuses the password', { timeout: 180_000 }, () => {
  it.each([
    ['a wrong password', 'redis://:wrong@127.0.0.1', /authentication failed \(WRONGPASS invalid username-password pair/],
    ['no password', 'redis://127.0.0.1', /authentication failed, a password is required \(NOAUTH Authentication required\.\)/],
  ])('the worker with %s names the authentication failure and exits 2 (no endless Connecting...)', async (_, base, why) => {
    const w = cli(['worker', '--evaluate', '--redis', `${base}:${guarded.port}`], noPassword);
    expect(await w.exited).toBe(2);
    const named = lines(w.err(), /authentication failed/);
    expect(named).toHaveLength(1);
    expect(named[0]).toMatch(new RegExp(`^mnas-ts: Redis at 127\\.0\\.0\\.1:${guarded.port}: ${why.source}`));
  });

  it('the coordinator with a wrong password names it and exits 2 before writing a journal', async () => {
    const c = cli(search(`redis://:wrong@127.0.0.1:${guarded.port}`, 'wrongpass'), noPassword);
    expect(await c.exited).toBe(2);
    expect(lines(c.err(), /authentication failed/)).toEqual([
      expect.stringMatching(new RegExp(`^mnas-ts: Redis at 127\\.0\\.0\\.1:${guarded.port}: authentication failed \\(WRONGPASS`)),
    ]);
    expect(c.err()).not.toContain('still waiting');
  });

  it('the right password from $MNAS_TS_REDIS_PASSWORD connects', async () => {
    const w = cli(['worker', '--evaluate', '--redis', `redis://127.0.0.1:${guarded.port}`], {
      ...process.env,
      MNAS_TS_REDIS_PASSWORD: 'secret',
    });
    await w.waitFor('Ctrl-C finishes');
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(143);
  });
});

describe('Redis that is not there', { timeout: 180_000 }, () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('the coordinator names the refused connection with host:port and %s ends it with %i', async (signal, code) => {
    const port = await freePort();
    const c = cli(search(`redis://127.0.0.1:${port}`, `refused-${signal}`));
    const warning = `warning: Redis at 127.0.0.1:${port}: connection refused (is redis-server running there, on that port?) (ECONNREFUSED); still trying`;
    await c.waitFor(warning);
    c.child.kill(signal);
    expect(await c.exited).toBe(code);
    expect(lines(c.err(), /connection refused/)).toEqual([warning]);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('a worker that cannot connect names it, and %s ends it with %i', async (signal, code) => {
    const port = await freePort();
    const w = cli(['worker', '--evaluate', '--redis', `redis://127.0.0.1:${port}`]);
    await w.waitFor(`warning: Redis at 127.0.0.1:${port}: connection refused`);
    w.child.kill(signal);
    expect(await w.exited).toBe(code);
    expect(w.err()).toContain(`Stopped (${signal}) before connecting.`);
  });

  it('an idle worker whose Redis goes away names it, and SIGTERM ends it with 143', async () => {
    const redis = await startRedis();
    try {
      const w = cli(['worker', '--evaluate', '--redis', redis.url]);
      await w.waitFor('Ctrl-C finishes');
      await redis.stop();
      await w.waitFor(/warning: Redis at 127\.0\.0\.1:\d+: (connection refused|connection reset|Connection is closed)/);
      w.child.kill('SIGTERM');
      expect(await w.exited).toBe(143);
      expect(w.out()).toContain('Stopped: 0 evaluations and 0 measurements done.');
    } finally {
      await redis.dispose();
    }
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/index.js';
import { type RedisServer, startRedis } from '../distributed/redis.js';
import { writeToyFolder } from '../evaluate/image-fixtures.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-dist-'));
const bin = join(import.meta.dirname, '..', '..', 'src', 'cli', 'index.ts');
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** `mnas-ts worker ...` as a child process; resolves once it says it takes jobs. */
async function worker(...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, 'worker', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Ctrl-C finishes')) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`worker exited with ${code}: ${err}`));
    });
  });
  return { child, exited, out: () => out, err: () => err };
}

const rows = async (journal: string) =>
  (await readJournal(journal)).trials.map((t) => [t.index, t.tokens.join(''), t.status, t.accuracy, t.latencyMs, t.reward]);

describe('mnas-ts search --redis and mnas-ts worker', { timeout: 240_000 }, () => {
  it('a benchmark search on a worker journals what the same search in one process does; Ctrl-C stops the worker', async () => {
    const w = await worker('--redis', redis.url, '--prefix', 'cli-bench', '--evaluate');
    const args = ['search', '--benchmark', 'nas-bench-201', '--controller', 'evolution', '--trials', '12', '--concurrency', '3'];
    const local = await cli(...args, '--out', join(dir, 'local'));
    expect(local.code).toBe(0);
    const remote = await cli(...args, '--out', join(dir, 'remote'), '--redis', redis.url, '--prefix', 'cli-bench');
    expect(remote.err).toBe('');
    expect(remote.code).toBe(0);
    expect(remote.out).toMatch(/12 trials on workers via Redis redis:\/\/127\.0\.0\.1:\d+;/);
    expect(await rows(join(dir, 'remote', 'journal.jsonl'))).toEqual(await rows(join(dir, 'local', 'journal.jsonl')));
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(130);
    expect(w.out()).toContain('Stopped: 12 evaluations and 0 measurements done.');
    expect(w.err()).toMatch(/finished evaluate trial-11/);
  });

  it("architectures: the worker builds the search config's evaluator from the job's recipe and checks each architecture", async () => {
    const w = await worker('--redis', redis.url, '--prefix', 'cli-arch', '--evaluate');
    const args = [
      'search',
      '--evaluator',
      'zero-cost',
      '--measurer',
      'macs',
      '--controller',
      'random',
      '--trials',
      '3',
      '--target-ms',
      '5',
    ];
    const local = await cli(...args, '--out', join(dir, 'arch-local'));
    expect(local.code).toBe(0);
    const remote = await cli(...args, '--out', join(dir, 'arch-remote'), '--redis', redis.url, '--prefix', 'cli-arch');
    expect(remote.code).toBe(0);
    expect(await rows(join(dir, 'arch-remote', 'journal.jsonl'))).toEqual(await rows(join(dir, 'arch-local', 'journal.jsonl')));
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(143);
  });

  it('own data: the worker reads the folder the recipe names, checked against its fingerprint', async () => {
    const images = writeToyFolder(join(dir, 'toy-images'), ['a', 'b', 'c'], 4, 12);
    const w = await worker('--redis', redis.url, '--prefix', 'cli-data', '--evaluate');
    const args = ['search', '--data', images, '--input-size', '12', '--evaluator', 'zero-cost', '--measurer', 'macs'];
    const budget = ['--controller', 'random', '--trials', '3', '--target-ms', '1'];
    const local = await cli(...args, ...budget, '--out', join(dir, 'data-local'));
    expect(local.code).toBe(0);
    const remote = await cli(...args, ...budget, '--out', join(dir, 'data-remote'), '--redis', redis.url, '--prefix', 'cli-data');
    expect(remote.err).not.toMatch(/mnas-ts:/);
    expect(remote.code).toBe(0);
    expect(await rows(join(dir, 'data-remote', 'journal.jsonl'))).toEqual(await rows(join(dir, 'data-local', 'journal.jsonl')));
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(143);
  });

  it('refuses flags that do not fit, naming them', async () => {
    const pool = await cli('search', '--benchmark', 'nas-bench-201', '--pool', 'gpu');
    expect(pool.code).toBe(2);
    expect(pool.err).toContain('Invalid --pool: only applies with --redis');
    const url = await cli('search', '--benchmark', 'nas-bench-201', '--redis', 'http://127.0.0.1:1', '--out', join(dir, 'bad-url'));
    expect(url.code).toBe(2);
    expect(url.err).toContain('Invalid connection: expected the scheme redis:// or rediss:// (TLS)');
    const platform = await cli(
      'search',
      '--benchmark',
      'nas-bench-201',
      '--redis',
      redis.url,
      '--platform',
      'pixel',
      '--out',
      join(dir, 'bad-platform'),
    );
    expect(platform.code).toBe(2);
    expect(platform.err).toContain('Invalid --platform: expected no platform: --measurer table is computed here');
    const duet = await cli('search', '--redis', redis.url, '--measurer', 'wasm', '--duet', '5', '--out', join(dir, 'duet'));
    expect(duet.code).toBe(2);
    expect(duet.err).toContain('Invalid wasm measurer options: expected none with --redis: give them to the worker');
    const nothing = await cli('worker', '--redis', redis.url);
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain('at least one of --evaluate and --measure');
    const measure = await cli('worker', '--measure', 'macs');
    expect(measure.code).toBe(2);
    expect(measure.err).toContain('Invalid --measure: expected wasm, browser, ort or android');
  });
});

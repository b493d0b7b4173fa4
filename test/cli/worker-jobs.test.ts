// What a job may make a worker do: read supernets only under the folders its command line allows,
// hand back failure reasons without file contents, and fail once a job whose data is not JSON.
// A real redis-server and real worker processes; jobs are written straight into Redis.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../distributed/redis.js';
import { type CliProcess, spawnCli } from './processes.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-jobs-'));
const SECRET = 'SECRET-CONTENTS-4711';
const secretDir = join(dir, 'secret');
mkdirSync(secretDir);
writeFileSync(join(secretDir, 'supernet.json'), `${SECRET} is not JSON`);

let redis: RedisServer;
const running: CliProcess[] = [];
const queues: Queue[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await Promise.all(queues.splice(0).map((q) => q.close()));
});
afterAll(async () => {
  await redis?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function queue(prefix: string): Queue {
  const q = new Queue('evaluate.default', { connection: { host: '127.0.0.1', port: redis.port }, prefix });
  queues.push(q);
  return q;
}

const data = (recipe: unknown) => ({ v: 1, run: 'run-1', key: 'trial-0', value: null, timeoutMs: null, recipe });

/** The failure of a job as Redis keeps it (read raw: the job's data may not be JSON). */
interface Failure {
  readonly failedReason: string;
  readonly attemptsMade: number;
}

/** Starts a worker on `prefix`, waits until it reports the job failed, and returns the failure as Redis keeps it. */
async function failedJob(prefix: string, id: string, extra: readonly string[] = []): Promise<Failure> {
  const w = spawnCli(['worker', '--evaluate', '--redis', redis.url, '--prefix', prefix, ...extra]);
  running.push(w);
  await w.waitFor(`failed evaluate `);
  const q = queue(prefix);
  for (;;) {
    if ((await q.getJobState(id)) === 'failed') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const client = new Redis({ host: '127.0.0.1', port: redis.port });
  const fields = await client.hgetall(`${prefix}:evaluate.default:${id}`);
  await client.quit();
  w.child.kill('SIGTERM');
  expect(await w.exited).toBe(143);
  return { failedReason: fields['failedReason'] ?? '', attemptsMade: Number(fields['atm'] ?? fields['attemptsMade'] ?? 0) };
}

describe('mnas-ts worker and the jobs it takes', { timeout: 180_000 }, () => {
  it('refuses a recipe naming a supernet outside its --supernet-dir folders, and fails the job once', async () => {
    const q = queue('jobs-outside');
    await q.add('job', data({ evaluator: 'supernet', supernet: secretDir, baselines: 'none' }), { jobId: 'outside', attempts: 3 });
    const job = await failedJob('jobs-outside', 'outside', ['--supernet-dir', join(dir, 'elsewhere')]);
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(
      /: the job's recipe is invalid here: InvalidConfigError at recipe\.supernet \(the worker's log has the details\)$/,
    );
  });

  it('with no --supernet-dir a worker reads no supernet, and its log says why', async () => {
    const q = queue('jobs-none');
    await q.add('job', data({ evaluator: 'supernet', supernet: secretDir, baselines: 'none' }), { jobId: 'none' });
    const w = spawnCli(['worker', '--evaluate', '--redis', redis.url, '--prefix', 'jobs-none']);
    running.push(w);
    await w.waitFor('outside the folders this worker may read (this worker allows none (mnas-ts worker --supernet-dir <dir>))');
    expect(w.err()).not.toContain(SECRET);
  });

  it('a supernet.json that is not JSON, under an allowed folder: the failure reason in Redis quotes nothing of it', async () => {
    const q = queue('jobs-inside');
    await q.add('job', data({ evaluator: 'supernet', supernet: secretDir, baselines: 'none' }), { jobId: 'inside' });
    const job = await failedJob('jobs-inside', 'inside', ['--supernet-dir', dir]);
    expect(job.failedReason).toMatch(
      /: the job's recipe is invalid here: InvalidConfigError at supernet \(the worker's log has the details\)$/,
    );
    expect(job.failedReason).not.toContain(SECRET);
    expect(job.failedReason).not.toContain('SECRET');
  });

  it('a job whose data is not JSON fails once, logged by the worker, with attempts 1', async () => {
    const q = queue('jobs-garbled');
    await q.add('job', data(undefined), { jobId: 'garbled', attempts: 1 });
    const client = new Redis({ host: '127.0.0.1', port: redis.port });
    await client.hset('jobs-garbled:evaluate.default:garbled', 'data', `${SECRET} {not json`);
    await client.quit();
    const job = await failedJob('jobs-garbled', 'garbled');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/: the job data is not JSON$/);
    expect(job.failedReason).not.toContain(SECRET);
  });
});

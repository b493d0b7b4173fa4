import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisOptions } from '../../src/distributed/connection.js';
import { queueExecutor, startWorker } from '../../src/distributed/index.js';
import { search } from '../../src/index.js';
import { ToyController, toyEvaluator, toyMeasurer, toySpace } from '../search/doubles.js';
import { type RedisServer, startRedis } from './redis.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.dispose();
});

const validate = (v: unknown): string => {
  if (typeof v !== 'string' || !/^\d+-\d+-\d+-\d+$/.test(v)) throw new Error(`not a toy key: ${JSON.stringify(v)}`);
  return v;
};

describe('queueExecutor with workers in this process', { timeout: 60_000 }, () => {
  it('gives the same trials as the in-process search', async () => {
    const space = toySpace();
    const reference = await search({
      space,
      controller: new ToyController(space, 9),
      evaluator: toyEvaluator(),
      measurer: toyMeasurer(),
      targetMs: 10,
      budget: { trials: 12 },
      concurrency: 3,
    });
    const evaluator = toyEvaluator();
    const measurer = toyMeasurer();
    const prefix = 'same-trials';
    const workers = await Promise.all([
      startWorker({ connection: redis.url, prefix, evaluator, validate }),
      startWorker({ connection: redis.url, prefix, evaluator, validate }),
      startWorker({ connection: redis.url, prefix, measurer, platform: 'toy', validate }),
    ]);
    const executor = queueExecutor<string>({ connection: redis.url, prefix, measureOn: 'toy' });
    try {
      const result = await search({
        space,
        controller: new ToyController(space, 9),
        executor,
        targetMs: 10,
        budget: { trials: 12 },
        concurrency: 3,
      });
      const summary = (ts: typeof result.trials) => ts.map((t) => [t.index, t.value, t.status, t.accuracy, t.latencyMs, t.reward]);
      expect(summary(result.trials)).toEqual(summary(reference.trials));
      expect(workers[0].finished.evaluate + workers[1].finished.evaluate).toBe(12);
      expect(workers[2].finished.measure).toBe(12);
    } finally {
      await executor.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it('fails a job whose data or candidate is invalid at once, without retries, and evaluates nothing', async () => {
    const evaluator = toyEvaluator();
    const prefix = 'invalid-jobs';
    const events: string[] = [];
    const worker = await startWorker({
      connection: redis.url,
      prefix,
      evaluator,
      validate,
      onEvent: (e) => events.push(`${e.type} ${e.error ?? ''}`),
    });
    const connection = redisOptions(redis.url);
    const queue = new Queue('evaluate.default', { connection, prefix });
    const queueEvents = new QueueEvents('evaluate.default', { connection, prefix });
    await queueEvents.waitUntilReady();
    try {
      const base = { v: 1, run: 'r', key: 'trial-0', timeoutMs: null };
      const cases = [
        [{ ...base, value: 'rm -rf /' }, /the job's candidate is invalid: Error: not a toy key/],
        [{ ...base, v: 99, value: '1-1-1-1' }, /this worker reads version 1/],
        [{ ...base, run: '', value: '1-1-1-1' }, /no valid run id/],
        [{ ...base, timeoutMs: -5, value: '1-1-1-1' }, /no valid timeoutMs/],
        ['just a string', /the job data is not an object/],
      ] as const;
      for (const [i, [data, reason]] of cases.entries()) {
        const job = await queue.add('job', data, { jobId: `bad-${i}`, attempts: 3 });
        await expect(job.waitUntilFinished(queueEvents, 30_000)).rejects.toThrow(reason);
        const done = await queue.getJob(`bad-${i}`);
        expect(done?.attemptsMade).toBe(1);
      }
      expect(evaluator.calls).toEqual([]);
      expect(events.every((e) => e.startsWith('failed'))).toBe(true);
    } finally {
      await queueEvents.close();
      await queue.close();
      await worker.close();
    }
  });

  it('warns when no worker takes the jobs, which then wait in Redis for one', async () => {
    const space = toySpace();
    const prefix = 'no-worker';
    const warnings: string[] = [];
    const executor = queueExecutor<string>({ connection: redis.url, prefix, measurer: toyMeasurer(), onWarning: (m) => warnings.push(m) });
    try {
      const running = search({ space, controller: new ToyController(space, 2), executor, targetMs: 10, budget: { trials: 2 } });
      for (let i = 0; i < 250 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(warnings).toEqual([
        'no worker is taking jobs from queue evaluate.default yet; its jobs wait in Redis until one does (mnas-ts worker --redis ... --evaluate --pool default)',
      ]);
      const worker = await startWorker({ connection: redis.url, prefix, evaluator: toyEvaluator(), validate });
      try {
        expect((await running).trials.map((t) => t.status)).toEqual(['ok', 'ok']);
      } finally {
        await worker.close();
      }
    } finally {
      await executor.close();
    }
  });
});

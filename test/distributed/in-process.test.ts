import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});

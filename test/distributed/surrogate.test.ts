// SurrogateController on the BullMQ queue: pending jobs count as taken, failed jobs are told, and the
// trials are those of the same search in one process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueExecutor, startWorker } from '../../src/distributed/index.js';
import { SurrogateController, benchmarkLatency, search } from '../../src/index.js';
import type { Nb201Cell, SearchResult } from '../../src/index.js';
import { bench, slowEvaluator, validateCell } from './fixtures/nb201.js';
import { type RedisServer, startRedis } from './redis.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.dispose();
});

const TRIALS = 30;
const features = (t: readonly number[]): number[] => [Math.log(bench.latencyMs(bench.space.decode(t), 'pixel3') ?? 1)];
const controller = () => new SurrogateController(bench.space, { seed: 5, initialTrials: 6, features });
// One cell in ten fails on every attempt; the others take up to 20 ms, so jobs finish out of order.
const evaluator = () => slowEvaluator({ delayMs: 20, failFraction: 0.1 });
const rows = (r: Pick<SearchResult<Nb201Cell>, 'trials'>) => r.trials.map((t) => [t.index, t.tokens.join(''), t.status, t.reward ?? null]);

describe('SurrogateController on the distributed queue', { timeout: 120_000 }, () => {
  it('proposes no cell twice with 4 jobs pending, tells the failed ones, and gives the in-process trials', async () => {
    const options = { space: bench.space, targetMs: 10, budget: { trials: TRIALS }, concurrency: 4 } as const;
    const reference = await search<Nb201Cell>({
      ...options,
      controller: controller(),
      evaluator: evaluator(),
      measurer: benchmarkLatency(bench, 'pixel3'),
    });
    const prefix = 'surrogate';
    const workers = await Promise.all(
      [0, 1].map(() => startWorker<Nb201Cell>({ connection: redis.url, prefix, evaluator: evaluator(), validate: validateCell })),
    );
    const executor = queueExecutor<Nb201Cell>({
      connection: redis.url,
      prefix,
      measurer: benchmarkLatency(bench, 'pixel3'),
      attempts: 1,
      pollMs: 100,
    });
    try {
      const result = await search<Nb201Cell>({ ...options, controller: controller(), executor });
      expect(new Set(result.trials.map((t) => t.tokens.join(''))).size).toBe(TRIALS);
      const failed = result.trials.filter((t) => t.status === 'failed').length;
      expect(failed).toBeGreaterThan(0);
      expect(failed).toBeLessThan(TRIALS);
      expect(rows(result)).toEqual(rows(reference));
    } finally {
      await executor.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SurrogateController, benchmarkLatency, loadNasBench201, search } from '../../src/index.js';
import type { AccuracyEvaluator, Nb201Cell } from '../../src/index.js';
import { hash01 } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-surrogate-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bench = loadNasBench201();
const inner = bench.evaluator({ dataset: 'cifar10' });
// A per-cell delay makes trials finish out of order.
const evaluator: AccuracyEvaluator<Nb201Cell> = {
  async evaluate(cell, options) {
    await new Promise((r) => setTimeout(r, Math.floor(hash01(cell.archStr) * 5)));
    return inner.evaluate(cell, options);
  },
};
const features = (t: readonly number[]): number[] => [Math.log(bench.latencyMs(bench.space.decode(t), 'pixel3') ?? 1)];

async function run(trials: number, journal: string, resume = false, stopAfter = Infinity) {
  const stop = new AbortController();
  return search({
    signal: stop.signal,
    onTrial: (_t, progress) => {
      if (progress.done >= stopAfter) stop.abort();
    },
    space: bench.space,
    controller: new SurrogateController(bench.space, { seed: 3, initialTrials: 6, features }),
    evaluator,
    measurer: benchmarkLatency(bench, 'pixel3'),
    targetMs: 10,
    budget: { trials },
    concurrency: 4,
    journal,
    resume,
  });
}

describe('search() with SurrogateController', { timeout: 120_000 }, () => {
  it('never evaluates a candidate twice with 4 trials pending, and a resumed search ends as an uninterrupted one', async () => {
    const whole = await run(36, join(dir, 'whole.jsonl'));
    expect(new Set(whole.trials.map((t) => t.tokens.join(','))).size).toBe(36);
    await expect(run(36, join(dir, 'split.jsonl'), false, 17)).rejects.toThrow(/aborted/);
    const resumed = await run(36, join(dir, 'split.jsonl'), true);
    expect(resumed.trials.map((t) => [t.tokens, t.reward])).toEqual(whole.trials.map((t) => [t.tokens, t.reward]));
  });
});

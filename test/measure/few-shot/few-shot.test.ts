import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../../src/errors.js';
import { fitFewShotLatency, predictFewShotLatency } from '../../../src/measure/few-shot/few-shot.js';
import { fitLinearLatencyModel, predictLinearLatency } from '../../../src/measure/few-shot/linear-model.js';
import { spearmanRho } from '../../../src/measure/rank.js';
import { Rng } from '../../../src/rng.js';

/** `n` rows of one-hot features: `edges` edges with `ops` ops each. */
function oneHot(rng: Rng, n: number, edges = 6, ops = 5): number[][] {
  return Array.from({ length: n }, () => {
    const row = new Array<number>(edges * ops).fill(0);
    for (let e = 0; e < edges; e++) row[e * ops + rng.int(ops)] = 1;
    return row;
  });
}

const dot = (w: readonly number[], x: readonly number[]): number => x.reduce((s, v, j) => s + v * (w[j] as number), 0);

describe('fitLinearLatencyModel', () => {
  it('recovers the latencies of noiseless additive data', () => {
    const rng = new Rng(1);
    const w = Array.from({ length: 30 }, () => rng.next());
    const x = oneHot(rng, 300);
    const model = fitLinearLatencyModel(
      x,
      x.map((r) => 2 + dot(w, r)),
      { ridge: 1e-9 },
    );
    for (const r of x.slice(0, 20)) expect(predictLinearLatency(model, r)).toBeCloseTo(2 + dot(w, r), 6);
  });

  it('stays at the prior when the ridge is large, and moves to the data when it is small', () => {
    const rng = new Rng(2);
    const prior = Array.from({ length: 30 }, () => rng.next());
    const truth = prior.map((p, j) => p * (j % 5 === 3 ? 3 : 1));
    const x = oneHot(rng, 10);
    const y = x.map((r) => dot(truth, r));
    const stiff = fitLinearLatencyModel(x, y, { prior, ridge: 1e9 });
    stiff.weights.forEach((w, j) => expect(w).toBeCloseTo(prior[j] as number, 5));
    const test = oneHot(rng, 100);
    const error = (m: ReturnType<typeof fitLinearLatencyModel>): number =>
      test.reduce((s, r) => s + Math.abs(predictLinearLatency(m, r) - dot(truth, r)), 0);
    // Ten samples cannot pin 30 weights alone; with the prior they get closer than the prior itself.
    expect(error(fitLinearLatencyModel(x, y, { prior, ridge: 0.1 }))).toBeLessThan(error(stiff));
  });

  it('throws InvalidOptionsError on ragged or non-finite input, a negative ridge, or collinear features without one', () => {
    expect(() => fitLinearLatencyModel([[1, 2], [3]], [1, 2])).toThrow(
      'Invalid latency model input at features[1]: expected an array of 2 finite numbers, received [3]',
    );
    expect(() => fitLinearLatencyModel([[1, Number.NaN]], [1])).toThrow(/features\[0\]\[1\]: expected a finite number, received NaN/);
    expect(() => fitLinearLatencyModel([[1]], [1, 2])).toThrow(/latencyMs: expected an array of 1 finite numbers/);
    expect(() => fitLinearLatencyModel([[1]], [1], { ridge: -1 })).toThrow(InvalidOptionsError);
    expect(() => fitLinearLatencyModel([[1]], [1], { prior: [1, 2] })).toThrow(/prior: expected an array of 1 finite numbers/);
    expect(() =>
      fitLinearLatencyModel(
        [
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        [1, 2, 3],
        { ridge: 0 },
      ),
    ).toThrow(/collinear/);
    expect(() => predictLinearLatency({ weights: [1], bias: 0 }, [1, 2])).toThrow(InvalidOptionsError);
  });
});

describe('fitFewShotLatency', () => {
  it('recovers a nonnegative mixture of sources exactly (no penalty)', () => {
    const rng = new Rng(3);
    const sources = Array.from({ length: 10 }, () => [rng.next(), rng.next(), rng.next()]);
    const target = sources.map(([a, , c]) => 1 + 2 * (a as number) + 0.5 * (c as number));
    const m = fitFewShotLatency(sources, target, { ridge: 0, maxSweeps: 100_000 });
    expect(m.intercept).toBeCloseTo(1, 6);
    expect(m.coefficients[0]).toBeCloseTo(2, 6);
    expect(m.coefficients[1]).toBeCloseTo(0, 6);
    expect(m.coefficients[2]).toBeCloseTo(0.5, 6);
    expect(predictFewShotLatency(m, [1, 1, 1])).toBeCloseTo(3.5, 6);
  });

  it('gives a source that runs against the target, and a constant one, coefficient 0', () => {
    const sources = [
      [1, 9, 4],
      [2, 7, 4],
      [3, 6, 4],
      [4, 2, 4],
    ];
    const m = fitFewShotLatency(sources, [10, 20, 30, 40]);
    expect(m.coefficients[0]).toBeGreaterThan(0);
    expect(m.coefficients[1]).toBe(0);
    expect(m.coefficients[2]).toBe(0);
  });

  it('has nonnegative coefficients and a fit no worse than the mean (property, seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 12 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (sources, ys) => {
          const target = ys.slice(0, sources.length);
          const m = fitFewShotLatency(sources, target);
          for (const c of m.coefficients) expect(c).toBeGreaterThanOrEqual(0);
          const mean = target.reduce((s, y) => s + y, 0) / target.length;
          const sse = sources.reduce((s, row, i) => s + (predictFewShotLatency(m, row) - (target[i] as number)) ** 2, 0);
          const sst = target.reduce((s, y) => s + (y - mean) ** 2, 0);
          expect(sse).toBeLessThanOrEqual(sst * (1 + 1e-9) + 1e-9);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('adapts linear predictors of three runtimes to a fourth from 10 measurements (synthetic one-hot cells)', () => {
    const rng = new Rng(4);
    // Per-op costs of three source runtimes; the new one is a mix of the first two plus a fixed overhead.
    const costs = Array.from({ length: 3 }, () => Array.from({ length: 30 }, () => rng.next()));
    const targetCost = (costs[0] as number[]).map((c, j) => 3 * c + 0.5 * ((costs[1] as number[])[j] as number));
    const fitted = costs.map((w) => {
      const x = oneHot(rng, 200);
      return fitLinearLatencyModel(
        x,
        x.map((r) => dot(w, r)),
      );
    });
    const predictAll = (r: readonly number[]): number[] => fitted.map((m) => predictLinearLatency(m, r));
    const shots = oneHot(rng, 10);
    const model = fitFewShotLatency(
      shots.map(predictAll),
      shots.map((r) => 0.2 + dot(targetCost, r)),
    );
    const test = oneHot(rng, 100);
    const predicted = test.map((r) => predictFewShotLatency(model, predictAll(r)));
    const truth = test.map((r) => 0.2 + dot(targetCost, r));
    expect(spearmanRho(predicted, truth)).toBeGreaterThan(0.99);
    expect(model.coefficients[2]).toBeLessThan(0.05);
  });

  it('throws InvalidOptionsError naming the bad input', () => {
    expect(() => fitFewShotLatency([[1]], [1])).toThrow(/sourceMs: expected at least 2 measured architectures, received 1/);
    expect(() => fitFewShotLatency([[1], [2]], [1])).toThrow(/targetMs: expected an array of 2 finite numbers/);
    expect(() => fitFewShotLatency([[1], [2]], [1, 2], { ridge: -1 })).toThrow(/at ridge: expected a finite number >= 0/);
    expect(() => fitFewShotLatency([[1], [2]], [1, 2], { maxSweeps: 0 })).toThrow(/maxSweeps: expected an integer >= 1/);
    expect(() => predictFewShotLatency({ intercept: 0, coefficients: [1] }, [])).toThrow(InvalidOptionsError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { kendallTau, ranks, shareWithin, spearmanRho } from '../../src/measure/rank.js';

const pairs = fc
  .array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 2, maxLength: 30 })
  .map((ps) => [ps.map((p) => p[0]), ps.map((p) => p[1])] as const);
const params = { seed: 11, numRuns: 200 };

describe('kendallTau and spearmanRho', () => {
  it('match worked examples (SciPy values)', () => {
    // scipy.stats.kendalltau([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]) -> 0.4; spearmanr -> 0.6
    expect(kendallTau([1, 2, 3, 4, 5], [3, 1, 2, 5, 4])).toBeCloseTo(0.4, 12);
    expect(spearmanRho([1, 2, 3, 4, 5], [3, 1, 2, 5, 4])).toBeCloseTo(0.6, 12);
    // tau-b with ties: kendalltau([1, 1, 2, 3], [1, 2, 2, 3]) -> 0.8
    expect(kendallTau([1, 1, 2, 3], [1, 2, 2, 3])).toBeCloseTo(0.8, 12);
  });

  it('stay in [-1, 1], are symmetric, and flip sign when one side is negated', () => {
    fc.assert(
      fc.property(pairs, ([xs, ys]) => {
        for (const f of [kendallTau, spearmanRho]) {
          const v = f(xs, ys);
          expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-12);
          expect(f(ys, xs)).toBeCloseTo(v, 12);
          expect(
            f(
              xs,
              ys.map((y) => -y),
            ) + v,
          ).toBeCloseTo(0, 12);
        }
      }),
      params,
    );
  });

  it('are 1 for any strictly increasing transform', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 30 }), (xs) => {
        const ys = xs.map((x) => Math.exp(x / 300) + x);
        expect(kendallTau(xs, ys)).toBeCloseTo(1, 12);
        expect(spearmanRho(xs, ys)).toBeCloseTo(1, 12);
      }),
      params,
    );
  });

  it('throw InvalidOptionsError on arrays of different lengths', () => {
    expect(() => kendallTau([1, 2], [1])).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid Kendall tau input: expected two arrays of equal length, received 2 and 1]`,
    );
    expect(() => spearmanRho([1, Number.NaN], [1, 2])).toThrow(InvalidOptionsError);
  });
});

describe('ranks', () => {
  it('gives tied values the mean of their ranks and sums to n(n+1)/2', () => {
    expect(ranks([10, 20, 10, 30])).toEqual([1.5, 3, 1.5, 4]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), (xs) => {
        const r = ranks(xs);
        expect(r.reduce((s, x) => s + x, 0)).toBeCloseTo((xs.length * (xs.length + 1)) / 2, 9);
      }),
      params,
    );
  });
});

describe('shareWithin', () => {
  it('counts predictions within the relative tolerance', () => {
    expect(shareWithin([10, 11, 12, 8], [10, 10, 10, 10])).toBe(0.5);
    expect(shareWithin([10, 11, 12, 8], [10, 10, 10, 10], 0.2)).toBe(1);
  });

  it('throws InvalidOptionsError on a non-positive measurement', () => {
    expect(() => shareWithin([1, 1], [1, 0])).toThrow(InvalidOptionsError);
  });
});

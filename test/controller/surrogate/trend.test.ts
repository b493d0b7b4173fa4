import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Forest, fitTree } from '../../../src/controller/surrogate/forest.js';
import { fitTrend, residuals, trendAt } from '../../../src/controller/surrogate/trend.js';
import { Rng } from '../../../src/rng.js';

const all = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

describe('fitTrend', () => {
  it('recovers a linear function exactly without a penalty, and its residuals are 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (seed, a, b) => {
          const rng = new Rng(seed);
          const n = 12;
          const x = [Float64Array.from({ length: n }, () => rng.next() * 10), Float64Array.from({ length: n }, () => rng.next())];
          const y = Float64Array.from({ length: n }, (_, r) => 1.5 + a * (x[0]?.[r] as number) + b * (x[1]?.[r] as number));
          const trend = fitTrend(x, y, all(n), [0, 1], 0);
          expect(trend.coef[0]).toBeCloseTo(a, 6);
          expect(trend.coef[1]).toBeCloseTo(b, 6);
          expect(trend.intercept).toBeCloseTo(1.5, 5);
          for (const v of residuals(x, y, n, trend)) expect(v).toBeCloseTo(0, 5);
          const inside = [x[0]?.[3] as number, x[1]?.[5] as number];
          expect(trendAt(trend, inside)).toBeCloseTo(1.5 + a * (inside[0] as number) + b * (inside[1] as number), 5);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('shrinks the slope with the ridge penalty and gives a constant column no weight', () => {
    const x = [Float64Array.of(0, 1, 2, 3), Float64Array.of(7, 7, 7, 7)];
    const y = Float64Array.of(0, 2, 4, 6);
    const free = fitTrend(x, y, all(4), [0, 1], 0);
    const ridged = fitTrend(x, y, all(4), [0, 1], 1);
    expect(free.coef[0]).toBeCloseTo(2, 6);
    // On a standardized column (Z'Z = n) the penalty ridge * n scales the slope by 1 / (1 + ridge).
    expect(ridged.coef[0]).toBeCloseTo(2 / (1 + 1), 12);
    expect([free.coef[1], ridged.coef[1]]).toEqual([0, 0]);
    // Either way the line passes through the means.
    expect(trendAt(ridged, [1.5, 7])).toBeCloseTo(3, 12);
  });

  it('is flat outside the range of the sampled rows', () => {
    const x = [Float64Array.of(1, 2, 3, 40)];
    const trend = fitTrend(x, Float64Array.of(2, 4, 6, 80), Int32Array.of(0, 1, 2), [0], 0);
    expect([trend.low[0], trend.high[0]]).toEqual([1, 3]);
    expect(trendAt(trend, [2.5])).toBeCloseTo(5, 6);
    expect(trendAt(trend, [40])).toBeCloseTo(6, 6);
    expect(trendAt(trend, [-7])).toBeCloseTo(2, 6);
    // Residuals of rows outside the range are taken from the flat part too.
    expect(residuals(x, Float64Array.of(2, 4, 6, 80), 4, trend)[3]).toBeCloseTo(74, 6);
  });

  it('stays finite on collinear columns without a penalty', () => {
    const x = [Float64Array.of(0, 1, 2, 3), Float64Array.of(0, 2, 4, 6)];
    const trend = fitTrend(x, Float64Array.of(1, 2, 3, 4), all(4), [0, 1], 0);
    expect(trendAt(trend, [1.5, 3])).toBeCloseTo(2.5, 6);
    expect(trendAt(trend, [3, 6])).toBeCloseTo(4, 6);
  });

  it('fits the sampled rows only, counting repeats', () => {
    const x = [Float64Array.of(0, 1, 2, 3)];
    const y = Float64Array.of(0, 1, 2, 30);
    const trend = fitTrend(x, y, Int32Array.of(0, 1, 2, 2), [0], 0);
    expect(trend.coef[0]).toBeCloseTo(1, 6);
    expect(trend.intercept).toBeCloseTo(0, 6);
  });
});

describe('trees over a trend', () => {
  /** A numeric column and a binary one; the target is a line in the first plus a step on the second. */
  const n = 40;
  const rng = new Rng(3);
  const x = [Float64Array.from({ length: n }, () => rng.next() * 4), Float64Array.from({ length: n }, () => rng.int(2))];
  const y = Float64Array.from({ length: n }, (_, r) => 2 * (x[0]?.[r] as number) + (x[1]?.[r] as number));
  const grow = (shape: object, trees = 8): Forest => {
    const r = new Rng(4);
    const s = { trees, tries: 2, minLeaf: 1, binaryBelow: 0, ...shape };
    return new Forest(
      Array.from({ length: trees }, () => fitTree(x, y, n, s, r)),
      2,
    );
  };

  it('follow the trend within the told range and keep it flat beyond (no extrapolation)', () => {
    const trended = grow({ trendColumns: [0], ridge: 0 });
    const top = Math.max(...(x[0] as Float64Array));
    expect(trended.predict([top, 0]).mean).toBeGreaterThan(trended.predict([top / 2, 0]).mean + 2);
    expect(trended.predict([10, 0])).toEqual(trended.predict([top, 0]));
    expect(trended.predict([-5, 1])).toEqual(trended.predict([Math.min(...(x[0] as Float64Array)), 1]));
  });

  it('model what the trend leaves with their splits, and shrink it toward the trend with trendWeight', () => {
    const step = (f: Forest): number => f.predict([2, 1]).mean - f.predict([2, 0]).mean;
    const free = grow({ trendColumns: [0], ridge: 0 });
    const shrunk = grow({ trendColumns: [0], ridge: 0, trendWeight: 50 });
    expect(step(free)).toBeGreaterThan(0.5);
    expect(Math.abs(step(shrunk))).toBeLessThan(step(free) / 2);
    // Without a trend the weight changes nothing.
    expect(grow({ trendWeight: 50 }).predict([2, 1])).toEqual(grow({}).predict([2, 1]));
  });
});

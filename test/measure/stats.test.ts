import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import {
  MAD_SCALE,
  coefficientOfVariation,
  fastStateMedian,
  mean,
  median,
  quantile,
  scaledMad,
  summarizeSamples,
} from '../../src/measure/stats.js';

const samples = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });
const positive = fc.array(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 40 });
const params = { seed: 5, numRuns: 200 };

describe('quantile', () => {
  it('matches worked examples (linear interpolation)', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.1)).toBe(14);
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
  });

  it('is monotone in q and stays within the range of the samples', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const qa = quantile(xs, lo);
        const qb = quantile(xs, hi);
        expect(qa).toBeLessThanOrEqual(qb + 1e-9);
        expect(qa).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(qb).toBeLessThanOrEqual(Math.max(...xs));
      }),
      params,
    );
  });

  it('does not depend on the order of the samples and does not modify them', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const copy = [...xs];
        const reversed = [...xs].reverse();
        expect(median(reversed)).toBe(median(xs));
        expect(xs).toEqual(copy);
      }),
      params,
    );
  });

  it('throws InvalidOptionsError on an empty array, a NaN sample or q outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(InvalidOptionsError);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid quantile input at samples[1]: expected a finite number, received NaN]`,
    );
    expect(() => quantile([1], 1.5)).toThrow(InvalidOptionsError);
  });
});

describe('scaledMad', () => {
  it('is 1.4826 times the median absolute deviation', () => {
    expect(scaledMad([1, 1, 2, 2, 4, 6, 9])).toBeCloseTo(MAD_SCALE, 12);
    expect(scaledMad([5, 5, 5])).toBe(0);
  });

  it('is invariant under shifts and scales with |a| under x -> a x + b', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), (xs, a, b) => {
        const ys = xs.map((x) => a * x + b);
        expect(scaledMad(ys)).toBeCloseTo(Math.abs(a) * scaledMad(xs), 3);
      }),
      { seed: 6, numRuns: 100 },
    );
  });

  it('ignores a minority of outliers', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 10, max: 11, noNaN: true }), { minLength: 9, maxLength: 30 }), (xs) => {
        const polluted = [...xs, ...xs.slice(0, Math.floor((xs.length - 1) / 3)).map((x) => x * 50)];
        expect(median(polluted)).toBeLessThanOrEqual(11);
        expect(scaledMad(polluted)).toBeLessThanOrEqual(MAD_SCALE * 1.0000001);
      }),
      params,
    );
  });
});

describe('summarizeSamples', () => {
  it('orders p10 <= median <= p90 and gives a non-negative MAD', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const s = summarizeSamples(xs);
        expect(s.p10).toBeLessThanOrEqual(s.median + 1e-9);
        expect(s.median).toBeLessThanOrEqual(s.p90 + 1e-9);
        expect(s.mad).toBeGreaterThanOrEqual(0);
      }),
      params,
    );
  });
});

describe('coefficientOfVariation', () => {
  it('is the sample standard deviation over the mean', () => {
    expect(coefficientOfVariation([9, 10, 11])).toBeCloseTo(0.1, 12);
    expect(coefficientOfVariation([4])).toBe(0);
    expect(mean([1, 2, 3])).toBe(2);
  });

  it('is scale-invariant for positive data', () => {
    fc.assert(
      fc.property(positive, fc.double({ min: 0.01, max: 100, noNaN: true }), (xs, a) => {
        expect(coefficientOfVariation(xs.map((x) => a * x))).toBeCloseTo(coefficientOfVariation(xs), 6);
      }),
      params,
    );
  });

  it('throws InvalidOptionsError when the mean is 0', () => {
    expect(() => coefficientOfVariation([-1, 1])).toThrow(InvalidOptionsError);
  });
});

describe('fastStateMedian', () => {
  it('is the median of a series no longer than one window', () => {
    expect(fastStateMedian([3, 1, 2], 10)).toBe(2);
  });

  it('finds the fast state when the machine spends a tenth of the series in it', () => {
    // 9 slow windows (about 10) and 1 fast window (about 6), window 4; the tail shorter than a window is ignored.
    const slow = [10, 10.5, 9.8, 10.2];
    const fast = [6, 6.2, 5.9, 6.1];
    const series = [...slow, ...slow, ...slow, fast, ...slow, ...slow, ...slow, ...slow, ...slow, ...slow, 1].flat();
    expect(fastStateMedian(series, 4)).toBeCloseTo(6.05, 10);
  });

  it('ignores one lucky window among many (the 10th percentile of window medians, not the minimum)', () => {
    const windows = [[4, 4, 4], ...Array.from({ length: 29 }, (_, i) => [6 + i / 10, 6 + i / 10, 6 + i / 10])];
    // 30 windows: the 10th percentile is the third fastest, 6.1.
    expect(fastStateMedian(windows.flat(), 3)).toBeCloseTo(6.1, 10);
  });

  it('is between the smallest and largest sample (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 12 }),
        (xs, w) => {
          const v = fastStateMedian(xs, w);
          expect(v).toBeGreaterThanOrEqual(Math.min(...xs));
          expect(v).toBeLessThanOrEqual(Math.max(...xs));
        },
      ),
    );
  });
});

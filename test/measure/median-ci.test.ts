import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { medianInterval, reportMedianInterval } from '../../src/measure/median-ci.js';
import { makeLatencyReport } from '../../src/measure/report.js';
import { median } from '../../src/measure/stats.js';
import { Rng } from '../../src/rng.js';

const params = { seed: 11, numRuns: 200 };
const samples = fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 300 });

describe('medianInterval', () => {
  it('matches worked examples of the order-statistic interval', () => {
    // n = 10: [x(2), x(9)] covers with 1 - 2 * 11/1024; [x(3), x(8)] only with 0.89.
    expect(medianInterval([5, 1, 4, 2, 3, 6, 7, 8, 9, 10])).toEqual({ lowMs: 2, highMs: 9, level: 1 - 22 / 1024 });
    // n = 5 cannot reach 0.95: the range, with its coverage 1 - 2/32.
    expect(medianInterval([3, 1, 2, 5, 4])).toEqual({ lowMs: 1, highMs: 5, level: 1 - 2 / 32 });
    // n = 6 reaches it with the range (1 - 2/64).
    expect(medianInterval([1, 2, 3, 4, 5, 6]).level).toBeCloseTo(1 - 2 / 64, 12);
    // One sample: a point with no coverage.
    expect(medianInterval([7])).toEqual({ lowMs: 7, highMs: 7, level: 0 });
  });

  it('holds the median, stays within the samples, and has coverage >= level from 6 samples on', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const ci = medianInterval(xs);
        const m = median(xs);
        expect(ci.lowMs).toBeLessThanOrEqual(m);
        expect(ci.highMs).toBeGreaterThanOrEqual(m);
        expect(ci.lowMs).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(ci.highMs).toBeLessThanOrEqual(Math.max(...xs));
        if (xs.length >= 6) expect(ci.level).toBeGreaterThanOrEqual(0.95);
        expect(ci.level).toBeLessThanOrEqual(1);
      }),
      params,
    );
  });

  it('narrows as the level drops', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const wide = medianInterval(xs, 0.99);
        const narrow = medianInterval(xs, 0.8);
        expect(narrow.lowMs).toBeGreaterThanOrEqual(wide.lowMs);
        expect(narrow.highMs).toBeLessThanOrEqual(wide.highMs);
      }),
      params,
    );
  });

  it('covers the true median of a known distribution about as often as it says (seeded draws)', () => {
    // Uniform(0, 1): true median 0.5. 400 intervals of 30 draws each.
    const rng = new Rng(3);
    let covered = 0;
    for (let t = 0; t < 400; t++) {
      const xs = Array.from({ length: 30 }, () => rng.next());
      const ci = medianInterval(xs);
      if (ci.lowMs <= 0.5 && 0.5 <= ci.highMs) covered++;
    }
    // Nominal coverage at n = 30 is 0.957; 400 draws put the share within about +-0.03 of it.
    expect(covered / 400).toBeGreaterThan(0.9);
  });

  it('stays finite for thousands of samples (no underflow of 0.5^n)', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => i);
    const ci = medianInterval(xs);
    expect(ci.level).toBeGreaterThanOrEqual(0.95);
    expect(ci.level).toBeLessThan(0.96);
    expect(ci.highMs - ci.lowMs).toBeGreaterThan(100);
    expect(ci.highMs - ci.lowMs).toBeLessThan(200);
  });

  it('throws InvalidOptionsError on an empty array, a non-finite sample or a level outside (0, 1)', () => {
    expect(() => medianInterval([])).toThrow(InvalidOptionsError);
    expect(() => medianInterval([1, Number.NaN])).toThrow(InvalidOptionsError);
    expect(() => medianInterval([1, 2], 1)).toThrow(/expected a number in \(0, 1\), received 1/);
    expect(() => medianInterval([1, 2], 0)).toThrow(InvalidOptionsError);
  });
});

describe('reportMedianInterval', () => {
  const platform = { name: 'p', backend: 'b' };

  it('returns the interval makeLatencyReport stored', () => {
    const report = makeLatencyReport([4, 1, 3, 2, 5, 6, 7], 0, platform);
    expect(report.medianCi).toEqual(medianInterval([4, 1, 3, 2, 5, 6, 7]));
    expect(reportMedianInterval(report)).toBe(report.medianCi);
  });

  it('computes it from the samples of a report read from an older journal (no medianCi)', () => {
    const { medianCi: _, ...old } = makeLatencyReport([10, 11, 12, 13, 14, 15, 16, 17], 0, platform);
    expect(reportMedianInterval(old)).toEqual(medianInterval([10, 11, 12, 13, 14, 15, 16, 17]));
  });

  it('returns undefined for a report without usable samples', () => {
    expect(reportMedianInterval({ samplesMs: [] })).toBeUndefined();
    expect(reportMedianInterval({ samplesMs: [1, Number.NaN] })).toBeUndefined();
  });
});

/**
 * A distribution-free confidence interval of the median of timing samples.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';
import { median } from './stats.js';
import type { LatencyReport, MedianInterval } from './types.js';

/** The coverage {@link medianInterval} aims for by default. */
export const DEFAULT_MEDIAN_CI_LEVEL = 0.95;

/**
 * `P(B <= k)` for `B ~ Binomial(n, 1/2)`, summed in log space so that large
 * `n` (where `0.5 ** n` underflows) stays exact to rounding.
 */
function halfBinomialCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const logHalfN = n * Math.log(0.5);
  let logC = 0; // log C(n, 0)
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += Math.exp(logC + logHalfN);
    logC += Math.log(n - i) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}

/**
 * The order-statistic confidence interval of the median of `samples`: the
 * `j`-th smallest and `j`-th largest sample, with `j` the largest rank whose
 * interval still covers the true median with probability at least `level`
 * (that probability is `1 - 2 P(B <= j - 1)`, `B ~ Binomial(n, 1/2)`, for any
 * continuous distribution of independent samples). With too few samples for
 * `level` (fewer than 6 at 0.95), the interval is the samples' range and its
 * `level` is the lower coverage that range has.
 *
 * Timed runs of one process are not quite independent (the machine's state
 * drifts over seconds; docs/latency.md), so read the interval as the
 * uncertainty of this measurement's median, not of a fresh measurement's.
 *
 * @param samples - finite numbers, at least one; not modified.
 * @param level - the coverage aimed for, in (0, 1).
 * @returns `lowMs`, `highMs` (in the samples' units) and the interval's actual coverage `level`.
 * @throws InvalidOptionsError on an empty array, a non-finite sample or a `level` outside (0, 1).
 * @example medianInterval([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]) // { lowMs: 2, highMs: 9, level: 0.978515625 }
 */
export function medianInterval(samples: readonly number[], level: number = DEFAULT_MEDIAN_CI_LEVEL): MedianInterval {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new InvalidOptionsError(`Invalid median interval level: expected a number in (0, 1), received ${describeValue(level)}`, {
      path: ['level'],
      expected: 'a number in (0, 1)',
      received: level,
    });
  }
  median(samples); // checks the samples
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const coverage = (j: number): number => 1 - 2 * halfBinomialCdf(n, j - 1);
  let j = 1;
  while (j + 1 <= Math.ceil(n / 2) && coverage(j + 1) >= level) j++;
  return { lowMs: sorted[j - 1] as number, highMs: sorted[n - j] as number, level: Math.max(0, coverage(j)) };
}

/**
 * The confidence interval of a report's median: its `medianCi`, or, for a
 * report without one (journals written before reports carried it, custom
 * measurers), {@link medianInterval} of its samples. `undefined` when the
 * report has neither (no finite samples).
 */
export function reportMedianInterval(report: Pick<LatencyReport, 'medianCi' | 'samplesMs'>): MedianInterval | undefined {
  if (report.medianCi !== undefined) return report.medianCi;
  const samples = Array.isArray(report.samplesMs) ? report.samplesMs : [];
  if (samples.length === 0 || !samples.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
  return medianInterval(samples);
}

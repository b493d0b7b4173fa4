/**
 * Robust summary statistics of latency samples.
 *
 * Percentiles use linear interpolation between closest ranks (the default of
 * NumPy's `percentile` and R's type 7), so `quantile(xs, 0.5)` is the usual
 * median.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';

/** Scale that turns a median absolute deviation into a consistent estimate of a normal standard deviation. */
export const MAD_SCALE = 1.4826;

function checkSamples(samples: readonly number[], what: string): void {
  if (samples.length === 0) {
    throw new InvalidOptionsError(`Invalid ${what}: expected at least one sample, received an empty array`, { path: ['samples'] });
  }
  samples.forEach((x, i) => {
    if (!Number.isFinite(x)) {
      throw new InvalidOptionsError(`Invalid ${what} at samples[${i}]: expected a finite number, received ${describeValue(x)}`, {
        path: ['samples', i],
      });
    }
  });
}

/**
 * The `q`-quantile of `samples` (linear interpolation between closest ranks).
 *
 * @param samples - finite numbers, at least one; not modified.
 * @param q - in [0, 1].
 * @throws InvalidOptionsError on an empty array, a non-finite sample or `q` outside [0, 1].
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(samples: readonly number[], q: number): number {
  checkSamples(samples, 'quantile input');
  if (!(q >= 0 && q <= 1)) {
    throw new InvalidOptionsError(`Invalid quantile: expected a number in [0, 1], received ${describeValue(q)}`, { path: ['q'] });
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** The median of `samples`. @throws InvalidOptionsError on an empty array or a non-finite sample. */
export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/**
 * Median absolute deviation from the median, scaled by {@link MAD_SCALE}
 * (1.4826) so that it estimates the standard deviation of normal data while
 * ignoring outliers (a few slow runs caused by other processes).
 *
 * @throws InvalidOptionsError on an empty array or a non-finite sample.
 * @example scaledMad([1, 1, 2, 2, 4, 6, 9]) // 1.4826
 */
export function scaledMad(samples: readonly number[]): number {
  const m = median(samples);
  return MAD_SCALE * median(samples.map((x) => Math.abs(x - m)));
}

/** Arithmetic mean. @throws InvalidOptionsError on an empty array or a non-finite sample. */
export function mean(samples: readonly number[]): number {
  checkSamples(samples, 'mean input');
  let s = 0;
  for (const x of samples) s += x;
  return s / samples.length;
}

/**
 * Coefficient of variation: sample standard deviation (n - 1) over the mean.
 * 0 for a single sample.
 *
 * @throws InvalidOptionsError on an empty array, a non-finite sample or a zero mean.
 */
export function coefficientOfVariation(samples: readonly number[]): number {
  const m = mean(samples);
  if (m === 0) throw new InvalidOptionsError('Invalid coefficient of variation input: the mean is 0', { path: ['samples'] });
  if (samples.length < 2) return 0;
  let ss = 0;
  for (const x of samples) ss += (x - m) ** 2;
  return Math.sqrt(ss / (samples.length - 1)) / Math.abs(m);
}

/** Robust summary of timing samples, in the units of the samples. */
export interface SampleSummary {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  /** {@link scaledMad}. */
  readonly mad: number;
}

/** Median, 10th and 90th percentiles and scaled MAD of `samples`. @throws InvalidOptionsError as {@link quantile}. */
export function summarizeSamples(samples: readonly number[]): SampleSummary {
  return { median: median(samples), p10: quantile(samples, 0.1), p90: quantile(samples, 0.9), mad: scaledMad(samples) };
}

/**
 * The 10th percentile of the medians of `window` consecutive samples
 * (non-overlapping windows; a shorter series is one window): the speed of
 * the fastest state the machine spent at least a tenth of the series in.
 * (The very fastest window is too rare a state to wait for.)
 */
export function fastStateMedian(samples: readonly number[], window: number): number {
  if (samples.length <= window) return median(samples);
  const medians: number[] = [];
  for (let i = 0; i + window <= samples.length; i += window) medians.push(median(samples.slice(i, i + window)));
  medians.sort((a, b) => a - b);
  return medians[Math.floor(0.1 * (medians.length - 1))] as number;
}

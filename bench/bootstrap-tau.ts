/**
 * A percentile bootstrap interval of Kendall's tau-b: the architectures are
 * resampled with replacement (a seeded Rng, so the interval is reproducible)
 * and tau recomputed on each resample.
 */
import { kendallTau, quantile } from 'mnas-ts/measure';
import { Rng } from 'mnas-ts/space';

/** The 2.5% and 97.5% quantiles of `stat` over `reps` resamples (with replacement) of the indices 0..n-1. */
function bootstrap(n: number, stat: (pick: readonly number[]) => number, reps: number, seed: string): [number, number] {
  const rng = new Rng(seed);
  const values: number[] = [];
  for (let r = 0; r < reps; r++) values.push(stat(Array.from({ length: n }, () => rng.int(n))));
  return [quantile(values, 0.025), quantile(values, 0.975)];
}

const at = (xs: readonly number[], pick: readonly number[]): number[] => pick.map((i) => xs[i] as number);

/** The 2.5% and 97.5% quantiles of tau over `reps` resamples of the pairs (xs[i], ys[i]). */
export function tauInterval(xs: readonly number[], ys: readonly number[], reps = 2000, seed = 'bootstrap-tau'): [number, number] {
  return bootstrap(xs.length, (pick) => kendallTau(at(xs, pick), at(ys, pick)), reps, seed);
}

/**
 * The interval of tau(a, truth) - tau(b, truth), two estimators of the same
 * architectures resampled together (paired), which is narrower than the two
 * intervals side by side suggest.
 */
export function tauDifferenceInterval(
  a: readonly number[],
  b: readonly number[],
  truth: readonly number[],
  reps = 2000,
  seed = 'bootstrap-tau-difference',
): [number, number] {
  return bootstrap(truth.length, (pick) => kendallTau(at(a, pick), at(truth, pick)) - kendallTau(at(b, pick), at(truth, pick)), reps, seed);
}

/** `lo-hi` with two decimals. */
export const formatInterval = ([lo, hi]: readonly [number, number]): string => `${lo.toFixed(2)} to ${hi.toFixed(2)}`;

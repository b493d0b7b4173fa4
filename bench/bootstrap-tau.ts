/**
 * A percentile bootstrap interval of Kendall's tau-b: the architectures are
 * resampled with replacement (a seeded Rng, so the interval is reproducible)
 * and tau recomputed on each resample.
 */
import { kendallTau, quantile } from '../src/measure/index.js';
import { Rng } from '../src/rng.js';

/** The 2.5% and 97.5% quantiles of tau over `reps` resamples of the pairs (xs[i], ys[i]). */
export function tauInterval(xs: readonly number[], ys: readonly number[], reps = 2000, seed = 'bootstrap-tau'): [number, number] {
  const rng = new Rng(seed);
  const n = xs.length;
  const taus: number[] = [];
  for (let r = 0; r < reps; r++) {
    const pick = Array.from({ length: n }, () => rng.int(n));
    taus.push(
      kendallTau(
        pick.map((i) => xs[i] as number),
        pick.map((i) => ys[i] as number),
      ),
    );
  }
  return [quantile(taus, 0.025), quantile(taus, 0.975)];
}

/** `lo-hi` with two decimals. */
export const formatInterval = ([lo, hi]: readonly [number, number]): string => `${lo.toFixed(2)} to ${hi.toFixed(2)}`;

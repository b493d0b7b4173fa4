/**
 * The best trial and the Pareto front of a list of trials.
 *
 * @module
 */

import { paretoFront } from '../reward/pareto-front.js';
import type { Direction } from '../reward/types.js';
import type { Trial } from './types.js';

/**
 * The `ok` trial with the highest reward; the earliest one on ties.
 * @example bestTrial(result.trials)?.reward
 */
export function bestTrial<T>(trials: readonly Trial<T>[]): Trial<T> | undefined {
  let best: Trial<T> | undefined;
  for (const t of trials) {
    if (t.status !== 'ok' || t.reward === undefined) continue;
    if (best === undefined || t.reward > (best.reward as number) || (t.reward === best.reward && t.index < best.index)) best = t;
  }
  return best;
}

/**
 * The `ok` trials with both an accuracy and a latency that no other such trial
 * dominates (accuracy at least as high and latency at least as low, one of
 * them strictly), in input order. Trials with identical metrics are all kept,
 * but a trial that repeats an earlier one (`repeatOf`) is left out.
 *
 * With `objectives` (a multi-objective search's, or its journal header's),
 * the front is over the trials' `objectives` vectors in those directions,
 * among the trials that meet the search's constraint (no `violation` above 0).
 *
 * @example paretoTrials(result.trials).map((t) => [t.accuracy, t.latencyMs])
 */
export function paretoTrials<T>(trials: readonly Trial<T>[], objectives?: readonly { readonly direction: Direction }[]): Trial<T>[] {
  if (objectives !== undefined)
    return objectiveFront(
      trials,
      objectives.map((o) => o.direction),
    );
  const points = trials.filter(
    (t) => t.status === 'ok' && t.repeatOf === undefined && t.accuracy !== undefined && t.latencyMs !== undefined,
  );
  const dominated = (a: Trial<T>, b: Trial<T>): boolean => {
    const [aa, al, ba, bl] = [a.accuracy as number, a.latencyMs as number, b.accuracy as number, b.latencyMs as number];
    return ba >= aa && bl <= al && (ba > aa || bl < al);
  };
  // Sort by latency ascending, accuracy descending; sweep keeps the running best accuracy: O(n log n).
  const order = points
    .map((_, i) => i)
    .sort((i, j) => {
      const a = points[i] as Trial<T>;
      const b = points[j] as Trial<T>;
      return (a.latencyMs as number) - (b.latencyMs as number) || (b.accuracy as number) - (a.accuracy as number);
    });
  const keep = new Set<number>();
  let bestAcc = -Infinity;
  let last: Trial<T> | undefined;
  for (const i of order) {
    const t = points[i] as Trial<T>;
    const acc = t.accuracy as number;
    if (acc > bestAcc || (last !== undefined && !dominated(t, last) && acc === bestAcc && t.latencyMs === last.latencyMs)) {
      keep.add(i);
      if (acc > bestAcc) last = t;
      bestAcc = Math.max(bestAcc, acc);
    }
  }
  return points.filter((_, i) => keep.has(i));
}

/** The feasible, non-repeated `ok` trials whose objective vectors no other dominates, in input order. */
function objectiveFront<T>(trials: readonly Trial<T>[], directions: readonly Direction[]): Trial<T>[] {
  const points = trials.filter(
    (t) => t.status === 'ok' && t.repeatOf === undefined && t.objectives?.length === directions.length && !((t.violation ?? 0) > 0),
  );
  if (points.length === 0) return [];
  const keep = new Set(
    paretoFront(
      points.map((t) => t.objectives as readonly number[]),
      directions,
    ),
  );
  return points.filter((_, i) => keep.has(i));
}

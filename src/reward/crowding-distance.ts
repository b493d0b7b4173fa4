/**
 * NSGA-II crowding distance.
 *
 * @module
 */

import { checkPoints } from './pareto-input.js';
import type { ObjectivePoint } from './types.js';
import { fail } from './validate.js';

/** `(hi - lo) / range`, halving first when a difference of finite numbers would overflow. */
function scaledGap(hi: number, lo: number, max: number, min: number): number {
  const gap = hi - lo;
  const range = max - min;
  if (Number.isFinite(gap) && Number.isFinite(range)) return gap / range;
  return (hi / 2 - lo / 2) / (max / 2 - min / 2);
}

/**
 * Crowding distance of each point of one front (Deb et al., NSGA-II, IEEE
 * TEC 2002, Sec. III-B): for every objective, the points are sorted by that
 * objective, the two extreme points get `Infinity`, and every other point adds
 * the gap between its two neighbours divided by the objective's range.
 * Larger means more isolated; NSGA-II prefers larger within a front.
 *
 * Directions do not matter (the measure is symmetric). Ties are sorted by
 * index, so the result is deterministic; an objective whose values are all
 * equal adds nothing to interior points. With one or two points, every
 * distance is `Infinity`. No NaN is returned.
 *
 * @param points - the points of one front, all of the same length (>= 1).
 * @returns one distance per point, in input order.
 * @throws {@link RewardInputError} naming the bad point or value.
 *
 * @example
 * crowdingDistance([[0, 4], [1, 2], [2, 1], [4, 0]]); // [Infinity, 1.25, 1.25, Infinity]
 */
export function crowdingDistance(points: readonly ObjectivePoint[]): number[] {
  if (!Array.isArray(points)) fail(['points'], 'an array of points', points);
  if (points.length === 0) return [];
  const first: unknown = points[0];
  const d = Array.isArray(first) ? first.length : 0;
  if (d === 0) fail(['points', 0], 'a non-empty array of finite numbers', first);
  checkPoints(points, d);
  const n = points.length;
  const distance = new Array<number>(n).fill(0);
  for (let k = 0; k < d; k++) {
    const value = (i: number): number => (points[i] as ObjectivePoint)[k] as number;
    const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => value(i) - value(j) || i - j);
    const lo = order[0] as number;
    const hi = order[n - 1] as number;
    distance[lo] = Infinity;
    distance[hi] = Infinity;
    const min = value(lo);
    const max = value(hi);
    if (!(max > min)) continue;
    for (let r = 1; r < n - 1; r++) {
      const i = order[r] as number;
      const gap = scaledGap(value(order[r + 1] as number), value(order[r - 1] as number), max, min);
      distance[i] = (distance[i] as number) + gap;
    }
  }
  return distance;
}

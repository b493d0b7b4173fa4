/**
 * The non-dominated subset of a set of points.
 *
 * @module
 */

import { checkDirections, checkPoints, dominatesMin, toMinimization } from './pareto-input.js';
import type { Direction, ObjectivePoint } from './types.js';

/**
 * Indices of the points that no other point dominates, in input order.
 *
 * Duplicated points do not dominate each other, so every copy of a
 * non-dominated point is kept. Every point left out is dominated by a point
 * of the front. O(n^2 * d) comparisons.
 *
 * @param points - one array of finite numbers per candidate, each as long as `directions`.
 * @param directions - `'minimize'` or `'maximize'` per objective.
 * @returns ascending indices into `points`.
 * @throws {@link RewardInputError} naming the bad point (`points[3]`,
 *   `points[3][1]`) or direction.
 *
 * @example
 * paretoFront([[0.75, 80], [0.74, 90], [0.70, 40]], ['maximize', 'minimize']); // [0, 2]
 */
export function paretoFront(points: readonly ObjectivePoint[], directions: readonly Direction[]): number[] {
  const dirs = checkDirections(directions);
  const min = checkPoints(points, dirs.length).map((p) => toMinimization(p, dirs));
  const front: number[] = [];
  for (let i = 0; i < min.length; i++) {
    const p = min[i] as number[];
    if (!min.some((q) => dominatesMin(q, p))) front.push(i);
  }
  return front;
}

/**
 * NSGA-II fast non-dominated sorting.
 *
 * @module
 */

import { checkDirections, checkPoints, dominatesMin, toMinimization } from './pareto-input.js';
import type { Direction, ObjectivePoint } from './types.js';

/**
 * Splits points into successive Pareto fronts (Deb et al., "A fast and
 * elitist multiobjective genetic algorithm: NSGA-II", IEEE TEC 2002).
 *
 * Front 0 is {@link paretoFront}; front k holds the points dominated only by
 * points of fronts 0..k-1. Every index appears in exactly one front; indices
 * are ascending within each front. O(n^2 * d).
 *
 * @param points - one array of finite numbers per candidate, each as long as `directions`.
 * @param directions - `'minimize'` or `'maximize'` per objective.
 * @returns the fronts, best first, as arrays of indices into `points`.
 * @throws {@link RewardInputError} naming the bad point or direction.
 *
 * @example
 * nonDominatedSort([[1, 5], [2, 6], [3, 1], [4, 7]], ['minimize', 'minimize']); // [[0, 2], [1], [3]]
 */
export function nonDominatedSort(points: readonly ObjectivePoint[], directions: readonly Direction[]): number[][] {
  const dirs = checkDirections(directions);
  const min = checkPoints(points, dirs.length).map((p) => toMinimization(p, dirs));
  const n = min.length;
  const dominatedBy: number[][] = Array.from({ length: n }, () => []);
  const dominationCount = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = min[i] as number[];
      const b = min[j] as number[];
      if (dominatesMin(a, b)) {
        (dominatedBy[i] as number[]).push(j);
        dominationCount[j] = (dominationCount[j] as number) + 1;
      } else if (dominatesMin(b, a)) {
        (dominatedBy[j] as number[]).push(i);
        dominationCount[i] = (dominationCount[i] as number) + 1;
      }
    }
  }
  const fronts: number[][] = [];
  let current = dominationCount.flatMap((c, i) => (c === 0 ? [i] : []));
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominatedBy[i] as number[]) {
        const left = (dominationCount[j] as number) - 1;
        dominationCount[j] = left;
        if (left === 0) next.push(j);
      }
    }
    current = next.sort((x, y) => x - y);
  }
  return fronts;
}

/**
 * Pareto dominance of two points.
 *
 * @module
 */

import { checkDirections, checkPoint, dominatesMin, toMinimization } from './pareto-input.js';
import type { Direction, ObjectivePoint } from './types.js';

/**
 * Whether `a` Pareto-dominates `b`: `a` is at least as good as `b` in every
 * objective and strictly better in at least one. Equal points do not
 * dominate each other.
 *
 * @param a - one finite number per objective.
 * @param b - one finite number per objective.
 * @param directions - `'minimize'` or `'maximize'` per objective.
 * @throws {@link RewardInputError} when the lengths differ from `directions`,
 *   a value is not finite, or a direction is unknown (the path names it).
 *
 * @example
 * dominates([0.76, 70], [0.75, 80], ['maximize', 'minimize']); // true
 * dominates([0.76, 90], [0.75, 80], ['maximize', 'minimize']); // false: a trade-off
 */
export function dominates(a: ObjectivePoint, b: ObjectivePoint, directions: readonly Direction[]): boolean {
  const dirs = checkDirections(directions);
  checkPoint(a, dirs.length, ['a']);
  checkPoint(b, dirs.length, ['b']);
  return dominatesMin(toMinimization(a, dirs), toMinimization(b, dirs));
}

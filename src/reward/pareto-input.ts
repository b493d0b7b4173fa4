/**
 * Input checks and helpers shared by the Pareto utilities (internal).
 *
 * @module
 * @internal
 */

import type { ErrorPath } from '../errors.js';
import type { Direction, ObjectivePoint } from './types.js';
import { fail } from './validate.js';

/** Validates a non-empty array of `'minimize' | 'maximize'`. */
export function checkDirections(directions: unknown, path: ErrorPath = ['directions']): readonly Direction[] {
  if (!Array.isArray(directions) || directions.length === 0) fail(path, "a non-empty array of 'minimize' | 'maximize'", directions);
  directions.forEach((d, i) => {
    if (d !== 'minimize' && d !== 'maximize') fail([...path, i], "'minimize' or 'maximize'", d);
  });
  return directions as readonly Direction[];
}

/** Validates one point: an array of `length` finite numbers. */
export function checkPoint(point: unknown, length: number, path: ErrorPath): ObjectivePoint {
  if (!Array.isArray(point) || point.length !== length) {
    fail(path, `an array of ${length} finite numbers (one per direction)`, point);
  }
  point.forEach((v, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail([...path, j], 'a finite number', v);
  });
  return point as ObjectivePoint;
}

/** Validates an array of points, each with `length` finite numbers. */
export function checkPoints(points: unknown, length: number, path: ErrorPath = ['points']): readonly ObjectivePoint[] {
  if (!Array.isArray(points)) fail(path, 'an array of points', points);
  points.forEach((p, i) => checkPoint(p, length, [...path, i]));
  return points as readonly ObjectivePoint[];
}

/** Maps a point to minimization form: maximized objectives are negated. */
export function toMinimization(point: ObjectivePoint, directions: readonly Direction[]): number[] {
  return point.map((v, j) => (directions[j] === 'maximize' ? -v : v));
}

/** Pareto dominance of two points already in minimization form (no checks). */
export function dominatesMin(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let j = 0; j < a.length; j++) {
    const x = a[j] as number;
    const y = b[j] as number;
    if (x > y) return false;
    if (x < y) strictly = true;
  }
  return strictly;
}

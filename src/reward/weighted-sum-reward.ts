/**
 * Weighted sum of normalized objectives (linear scalarization).
 *
 * @module
 */

import type { Direction } from './types.js';
import { checkAccuracy, checkFinite, checkNonNegative, checkOptions, checkRecord, checkResult, fail, keysOf } from './validate.js';

/** How one metric enters {@link weightedSumReward}. */
export interface WeightedObjective {
  /** Weight of the normalized metric, finite and >= 0. @defaultValue `1` */
  readonly weight?: number;
  /** `'maximize'` adds `(m - min) / (max - min)`; `'minimize'` adds `(max - m) / (max - min)`. @defaultValue `'maximize'` */
  readonly direction?: Direction;
  /** Value that normalizes to 0 (maximize) or 1 (minimize). Finite. @defaultValue `0` */
  readonly min?: number;
  /** Value that normalizes to 1 (maximize) or 0 (minimize). Finite and > `min`. @defaultValue `1` */
  readonly max?: number;
}

/** Options of {@link weightedSumReward}. */
export interface WeightedSumRewardOptions<K extends string> {
  /** One entry per metric that takes part; metrics not listed here are ignored. */
  readonly objectives: { readonly [P in K]: WeightedObjective };
}

/** One objective of {@link WeightedSumRewardOptions} completed and validated. */
interface ResolvedObjective {
  readonly weight: number;
  readonly direction: Direction;
  readonly min: number;
  readonly max: number;
}

function resolveObjective(value: unknown, path: readonly (string | number)[]): ResolvedObjective {
  const o = checkRecord(value, path);
  const weight = o.weight === undefined ? 1 : checkNonNegative(o.weight, [...path, 'weight']);
  const direction = o.direction ?? 'maximize';
  if (direction !== 'minimize' && direction !== 'maximize') fail([...path, 'direction'], "'minimize' or 'maximize'", direction);
  const min = o.min === undefined ? 0 : checkFinite(o.min, [...path, 'min']);
  const max = o.max === undefined ? 1 : checkFinite(o.max, [...path, 'max']);
  if (!(max > min)) fail([...path, 'max'], `a number > min (${min})`, max);
  return { weight, direction, min, max };
}

/** `(value - min) / (max - min)`, flipped for `'minimize'`; halves first when a difference would overflow. */
function normalize(value: number, min: number, max: number, direction: Direction): number {
  const [hi, lo] = direction === 'maximize' ? [value, min] : [max, value];
  const range = max - min;
  if (Number.isFinite(range) && Number.isFinite(hi - lo)) return (hi - lo) / range;
  return (hi / 2 - lo / 2) / (max / 2 - min / 2);
}

/**
 * A weighted sum of min-max normalized objectives:
 * `R = sum_i weight_i * u_i` with `u_i = (m_i - min_i) / (max_i - min_i)` for
 * a maximized metric and `(max_i - m_i) / (max_i - min_i)` for a minimized one.
 *
 * The normalization is linear and not clipped: a metric outside
 * `[min, max]` gives `u` outside [0, 1], so models keep being ranked beyond
 * the bounds. This is the textbook weighted-sum (linear scalarization) method
 * of multi-objective optimization (e.g. Miettinen, *Nonlinear Multiobjective
 * Optimization*, 1999). Unlike the MnasNet product, a fixed set of weights can
 * only reach points on the convex hull of the Pareto front (Das and Dennis,
 * 1997).
 *
 * @param metrics - measurements keyed by name; each must be a finite number >= 0,
 *   and `accuracy`, when present, must lie in [0, 1].
 * @param options - `objectives`, keyed by metric name.
 * @returns a finite reward.
 * @throws {@link RewardInputError} naming the bad field and its value.
 *
 * @example
 * weightedSumReward(
 *   { accuracy: 0.74, latencyMs: 90 },
 *   { objectives: { accuracy: {}, latencyMs: { weight: 0.5, direction: 'minimize', min: 0, max: 160 } } },
 * ); // 0.74 + 0.5 * (160 - 90) / 160
 */
export function weightedSumReward<K extends string>(
  metrics: { readonly [name: string]: number } & { readonly [P in NoInfer<K>]: number },
  options: WeightedSumRewardOptions<K>,
): number {
  const m = checkRecord(metrics, ['metrics']);
  const objectives = checkRecord(checkOptions(options, ['objectives']).objectives, ['options', 'objectives']);
  let sum = 0;
  for (const name of keysOf(objectives)) {
    const { weight, direction, min, max } = resolveObjective(objectives[name], ['options', 'objectives', name]);
    const value = name === 'accuracy' ? checkAccuracy(m[name], ['metrics', name]) : checkNonNegative(m[name], ['metrics', name]);
    const u = normalize(value, min, max, direction);
    sum = checkResult(sum + weight * u, 'the weighted sum', ['metrics', name], value);
  }
  return sum;
}

/**
 * Accuracy subject to hard bounds, with a penalty outside them.
 *
 * @module
 */

import type { MultiObjectiveMetrics } from './mnas-multi-reward.js';
import { checkAccuracy, checkFinite, checkNonNegative, checkOptions, checkRecord, fail, keysOf } from './validate.js';

/** Inclusive bounds on one metric for {@link hardFilterReward}; give `max`, `min` or both. */
export interface MetricBound {
  /** Largest allowed value (inclusive), finite. @defaultValue no upper bound */
  readonly max?: number;
  /** Smallest allowed value (inclusive), finite and <= `max`. @defaultValue no lower bound */
  readonly min?: number;
}

/** Options of {@link hardFilterReward}. */
export interface HardFilterRewardOptions<K extends string> {
  /** Bounds keyed by metric name; every name must be present in the metrics. */
  readonly constraints: { readonly [P in K]: MetricBound };
  /** Reward of a model that violates any bound, finite. @defaultValue `0` */
  readonly penalty?: number;
}

/**
 * The constrained problem the MnasNet paper starts from (Tan et al., CVPR
 * 2019, Eq. 1: maximize `ACC(m)` subject to `LAT(m) <= T`), as a reward: the
 * accuracy when every metric lies within its bounds, `penalty` otherwise.
 *
 * The reward is flat inside the bounds and drops to the penalty at the edge,
 * so it finds one best model under the budget rather than a range of
 * trade-offs (that is why MnasNet replaced it with Eq. 2). A fixed reward for
 * invalid samples is also how NNI's strategies treat failed models
 * (`reward_for_invalid`).
 *
 * @param metrics - `accuracy` in [0, 1] and a finite value >= 0 for every bounded metric.
 * @param options - `constraints` keyed by metric name, and `penalty`.
 * @returns `metrics.accuracy` or `options.penalty`; never NaN.
 * @throws {@link RewardInputError} naming the bad field and its value.
 *
 * @example
 * hardFilterReward({ accuracy: 0.75, latencyMs: 78 }, { constraints: { latencyMs: { max: 80 } } }); // 0.75
 * hardFilterReward({ accuracy: 0.75, latencyMs: 81 }, { constraints: { latencyMs: { max: 80 } }, penalty: -1 }); // -1
 */
export function hardFilterReward<K extends string>(
  metrics: MultiObjectiveMetrics<NoInfer<K>>,
  options: HardFilterRewardOptions<K>,
): number {
  const m = checkRecord(metrics, ['metrics']);
  const accuracy = checkAccuracy(m.accuracy, ['metrics', 'accuracy']);
  const o = checkOptions(options, ['constraints', 'penalty']);
  const penalty = o.penalty === undefined ? 0 : checkFinite(o.penalty, ['options', 'penalty']);
  const constraints = checkRecord(o.constraints, ['options', 'constraints']);
  let feasible = true;
  for (const name of keysOf(constraints)) {
    const path = ['options', 'constraints', name];
    const bound = checkRecord(constraints[name], path);
    const max = bound.max === undefined ? Infinity : checkFinite(bound.max, [...path, 'max']);
    const min = bound.min === undefined ? -Infinity : checkFinite(bound.min, [...path, 'min']);
    if (bound.max === undefined && bound.min === undefined) fail(path, 'an object with `max`, `min` or both', bound);
    if (!(min <= max)) fail([...path, 'min'], `a number <= max (${max})`, min);
    const value = name === 'accuracy' ? checkAccuracy(m[name], ['metrics', name]) : checkNonNegative(m[name], ['metrics', name]);
    if (value > max || value < min) feasible = false;
  }
  return feasible ? accuracy : penalty;
}

/**
 * The MnasNet reward `ACC(m) * (LAT(m) / T) ** w`.
 *
 * @module
 */

import { constraintFactor } from './constraint-factor.js';
import { SOFT_CONSTRAINT } from './constraints.js';
import { checkAccuracy, checkOptions, checkPositive, checkRecord, checkResult, finiteOr } from './validate.js';

/** What {@link mnasReward} scores: one model's accuracy and latency. */
export interface MnasRewardMetrics {
  /** Accuracy in [0, 1]. */
  readonly accuracy: number;
  /** Measured latency in milliseconds, finite and > 0. */
  readonly latencyMs: number;
}

/** Options of {@link mnasReward}. Spread {@link SOFT_CONSTRAINT} or {@link HARD_CONSTRAINT} in for the paper's settings. */
export interface MnasRewardOptions {
  /** Target latency `T` in milliseconds, finite and > 0. Required: there is no sensible default. */
  readonly targetMs: number;
  /** Exponent applied when `latencyMs <= targetMs`. @defaultValue `-0.07` (the soft constraint) */
  readonly alpha?: number;
  /** Exponent applied when `latencyMs > targetMs`. @defaultValue `-0.07` (the soft constraint) */
  readonly beta?: number;
}

/** {@link MnasRewardOptions} with every field filled in and validated. */
export interface ResolvedMnasRewardOptions {
  readonly targetMs: number;
  readonly alpha: number;
  readonly beta: number;
}

/**
 * Completes and validates {@link MnasRewardOptions}.
 *
 * @throws {@link RewardInputError} when `targetMs` is not a finite number > 0
 *   or an exponent is not finite.
 */
export function resolveMnasRewardOptions(options: MnasRewardOptions): ResolvedMnasRewardOptions {
  const o = checkOptions(options, ['targetMs', 'alpha', 'beta']);
  return {
    targetMs: checkPositive(o.targetMs, ['options', 'targetMs']),
    alpha: finiteOr(o.alpha, SOFT_CONSTRAINT.alpha, ['options', 'alpha']),
    beta: finiteOr(o.beta, SOFT_CONSTRAINT.beta, ['options', 'beta']),
  };
}

/**
 * The MnasNet multi-objective reward (Tan et al., CVPR 2019, Eq. 2):
 * `accuracy * (latencyMs / targetMs) ** w`, with `w = alpha` when
 * `latencyMs <= targetMs` and `w = beta` otherwise.
 *
 * Pure and exact at the target (the factor is exactly 1 there, so the reward
 * is continuous). With `alpha = 0, beta = -1` (the hard constraint) it returns
 * exactly `accuracy` at or below the target and `accuracy * (targetMs /
 * latencyMs)` above it.
 *
 * @param metrics - the model's accuracy in [0, 1] and latency in ms (> 0).
 * @param options - the target latency and the two exponents.
 * @returns a finite reward, linear in the accuracy.
 * @throws {@link RewardInputError} naming the bad field (`metrics.latencyMs`,
 *   `options.targetMs`...) and its value, for NaN, infinite or non-positive
 *   latency, accuracy outside [0, 1], a target <= 0, non-finite exponents, or
 *   a reward that would overflow.
 *
 * @example
 * mnasReward({ accuracy: 0.75, latencyMs: 78 }, { targetMs: 80 }); // soft constraint, ≈ 0.7513
 * mnasReward({ accuracy: 0.75, latencyMs: 160 }, { targetMs: 80, ...HARD_CONSTRAINT }); // 0.375
 */
export function mnasReward(metrics: MnasRewardMetrics, options: MnasRewardOptions): number {
  const m = checkRecord(metrics, ['metrics']);
  const accuracy = checkAccuracy(m.accuracy, ['metrics', 'accuracy']);
  const latencyMs = checkPositive(m.latencyMs, ['metrics', 'latencyMs']);
  const { targetMs, alpha, beta } = resolveMnasRewardOptions(options);
  const factor = constraintFactor(latencyMs, targetMs, alpha, beta);
  checkResult(factor, `(latencyMs / ${targetMs}) ** ${latencyMs <= targetMs ? alpha : beta}`, ['metrics', 'latencyMs'], latencyMs);
  return checkResult(accuracy * factor, 'the reward', ['metrics', 'latencyMs'], latencyMs);
}

/**
 * The additive FBNet-style reward `ACC - lambda * ln(LAT / ref)`.
 *
 * @module
 */

import { checkAccuracy, checkNonNegative, checkOptions, checkPositive, checkRecord, checkResult } from './validate.js';

/** What {@link logLatencyReward} scores. */
export interface LogLatencyRewardMetrics {
  /** Accuracy in [0, 1]. */
  readonly accuracy: number;
  /** Measured latency in milliseconds, finite and > 0. */
  readonly latencyMs: number;
}

/** Options of {@link logLatencyReward}. */
export interface LogLatencyRewardOptions {
  /**
   * Reward lost per e-fold of latency, finite and >= 0. Required. Near a model
   * of accuracy `a`, `lambda = 0.07 * a` has the same slope in `ln(latency)`
   * as the MnasNet soft constraint.
   */
  readonly lambda: number;
  /** Latency (ms) at which the penalty is zero, finite and > 0; it shifts every reward by the same amount. @defaultValue `1` */
  readonly baselineMs?: number;
}

/**
 * The additive log-latency reward `accuracy - lambda * ln(latencyMs / baselineMs)`.
 *
 * This is the reward form of the latency-aware loss of FBNet (Wu et al.,
 * CVPR 2019, Eq. 2), which multiplies the cross-entropy by
 * `alpha * log(LAT) ** beta` (see {@link fbnetLoss}). Taking logarithms of the
 * MnasNet reward gives `ln ACC + w * ln(LAT / T)`: both forms charge a fixed
 * amount per doubling of latency; here the charge is absolute (`lambda * ln 2`
 * of accuracy) rather than relative. No target: latency is always traded
 * against accuracy at the same rate.
 *
 * @param metrics - accuracy in [0, 1] and latency in ms (> 0).
 * @param options - `lambda` and the optional `baselineMs`.
 * @returns a finite reward (it may be negative).
 * @throws {@link RewardInputError} naming the bad field and its value.
 *
 * @example
 * logLatencyReward({ accuracy: 0.75, latencyMs: 80 }, { lambda: 0.05, baselineMs: 80 }); // 0.75
 * logLatencyReward({ accuracy: 0.75, latencyMs: 160 }, { lambda: 0.05, baselineMs: 80 }); // 0.75 - 0.05 * ln 2
 */
export function logLatencyReward(metrics: LogLatencyRewardMetrics, options: LogLatencyRewardOptions): number {
  const m = checkRecord(metrics, ['metrics']);
  const accuracy = checkAccuracy(m.accuracy, ['metrics', 'accuracy']);
  const latencyMs = checkPositive(m.latencyMs, ['metrics', 'latencyMs']);
  const o = checkOptions(options, ['lambda', 'baselineMs'], { referenceMs: 'use baselineMs, the latency at which the penalty is zero' });
  const lambda = checkNonNegative(o.lambda, ['options', 'lambda']);
  const baselineMs = o.baselineMs === undefined ? 1 : checkPositive(o.baselineMs, ['options', 'baselineMs']);
  // ln(a) - ln(b) instead of ln(a / b): the ratio itself may overflow or underflow.
  const logRatio = Math.log(latencyMs) - Math.log(baselineMs);
  return checkResult(accuracy - lambda * logRatio, 'the reward', ['options', 'lambda'], lambda);
}

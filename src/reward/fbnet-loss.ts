/**
 * The latency-aware loss of FBNet, `CE * alpha * log(LAT) ** beta`.
 *
 * @module
 */

import { checkNonNegative, checkOptions, checkPositive, checkRecord, checkResult, fail, finiteOr } from './validate.js';

/** What {@link fbnetLoss} scores. */
export interface FbnetLossMetrics {
  /** Cross-entropy of the model, finite and >= 0. */
  readonly crossEntropy: number;
  /** Latency in milliseconds; must exceed `unitMs` so that the logarithm is positive. */
  readonly latencyMs: number;
}

/** Options of {@link fbnetLoss}. */
export interface FbnetLossOptions {
  /** Overall magnitude of the latency term, finite and >= 0. @defaultValue `0.2` (the paper's value) */
  readonly alpha?: number;
  /** Exponent of the log-latency term, finite. @defaultValue `0.6` (the paper's value) */
  readonly beta?: number;
  /** Unit in which latency enters the logarithm, in ms, finite and > 0. @defaultValue `1` */
  readonly unitMs?: number;
}

/**
 * The multiplicative loss of FBNet (Wu et al., CVPR 2019, Eq. 2):
 * `crossEntropy * alpha * ln(latencyMs / unitMs) ** beta`. Lower is better;
 * it is a loss for differentiable search, not a reward. Use
 * {@link logLatencyReward} for the additive reward form.
 *
 * The paper uses `alpha = 0.2`, `beta = 0.6` and does not state the base of
 * the logarithm; this uses the natural logarithm. For a non-integer `beta` the
 * logarithm must be positive, so the latency must exceed one `unitMs`.
 *
 * @returns a finite loss >= 0.
 * @throws {@link RewardInputError} naming the bad field and its value.
 *
 * @example
 * fbnetLoss({ crossEntropy: 1.2, latencyMs: 23.1 }); // 1.2 * 0.2 * ln(23.1) ** 0.6
 */
export function fbnetLoss(metrics: FbnetLossMetrics, options: FbnetLossOptions = {}): number {
  const m = checkRecord(metrics, ['metrics']);
  const crossEntropy = checkNonNegative(m.crossEntropy, ['metrics', 'crossEntropy']);
  const o = checkOptions(options, ['alpha', 'beta', 'unitMs']);
  const alpha = o.alpha === undefined ? 0.2 : checkNonNegative(o.alpha, ['options', 'alpha']);
  const beta = finiteOr(o.beta, 0.6, ['options', 'beta']);
  const unitMs = o.unitMs === undefined ? 1 : checkPositive(o.unitMs, ['options', 'unitMs']);
  const latencyMs = checkPositive(m.latencyMs, ['metrics', 'latencyMs']);
  const logLatency = Math.log(latencyMs) - Math.log(unitMs);
  if (!(logLatency > 0)) fail(['metrics', 'latencyMs'], `a finite number > unitMs (${unitMs})`, latencyMs);
  const term = checkResult(logLatency ** beta, `ln(latencyMs / ${unitMs}) ** ${beta}`, ['metrics', 'latencyMs'], latencyMs);
  return checkResult(crossEntropy * alpha * term, 'the loss', ['metrics', 'crossEntropy'], crossEntropy);
}

/**
 * The MnasNet reward generalized to several constrained metrics.
 *
 * @module
 */

import { constraintFactor } from './constraint-factor.js';
import { SOFT_CONSTRAINT } from './constraints.js';
import { checkAccuracy, checkOptions, checkPositive, checkRecord, checkResult, finiteOr, keysOf } from './validate.js';

/** A target and exponents for one constrained metric of {@link mnasMultiReward}. */
export interface MetricConstraint {
  /** Target value `T_i` in the metric's own unit, finite and > 0. */
  readonly target: number;
  /** Exponent applied when the metric is at or below its target. @defaultValue `-0.07` */
  readonly alpha?: number;
  /** Exponent applied when the metric is above its target. @defaultValue `-0.07` */
  readonly beta?: number;
}

/**
 * Measurements of one model: `accuracy` plus a number for every constrained
 * metric name `K`; other measurements may be present and are ignored.
 */
export type MultiObjectiveMetrics<K extends string> = { readonly accuracy: number; readonly [name: string]: number } & {
  readonly [P in K]: number;
};

/** Options of {@link mnasMultiReward}. */
export interface MnasMultiRewardOptions<K extends string> {
  /** One constraint per metric name; every name must also be present in the metrics. */
  readonly constraints: { readonly [P in K]: MetricConstraint };
}

/**
 * The MnasNet reward with any number of constrained metrics (latency,
 * parameters, MACs, memory, energy...):
 * `R = accuracy * prod_i (m_i / T_i) ** w_i`, with `w_i = alpha_i` when
 * `m_i <= T_i` and `beta_i` otherwise (Tan et al., CVPR 2019, Eq. 2, applied
 * per metric).
 *
 * Metrics and constraints are objects keyed by metric name, so the
 * constraints are configured once and each trial supplies its measurements.
 * With the single constraint `{ latencyMs: { target: T, alpha, beta } }` this
 * equals {@link mnasReward} exactly. With no constraints it returns the
 * accuracy. The product of the factors is formed first and multiplied by the
 * accuracy last, so the reward is exactly linear in the accuracy.
 *
 * @param metrics - `accuracy` in [0, 1] and a finite value > 0 for every constrained metric.
 * @param options - `constraints`, keyed by metric name.
 * @returns a finite reward.
 * @throws {@link RewardInputError} naming the bad field (`metrics.paramCount`,
 *   `options.constraints.paramCount.target`...) and its value.
 *
 * @example
 * mnasMultiReward(
 *   { accuracy: 0.75, latencyMs: 78, paramCount: 4.2e6 },
 *   { constraints: { latencyMs: { target: 80 }, paramCount: { target: 5e6, ...HARD_CONSTRAINT } } },
 * ); // 0.75 * (78 / 80) ** -0.07 * 1
 */
export function mnasMultiReward<K extends string>(metrics: MultiObjectiveMetrics<NoInfer<K>>, options: MnasMultiRewardOptions<K>): number {
  const m = checkRecord(metrics, ['metrics']);
  const accuracy = checkAccuracy(m.accuracy, ['metrics', 'accuracy']);
  const constraints = checkRecord(checkOptions(options, ['constraints']).constraints, ['options', 'constraints']);
  let product = 1;
  for (const name of keysOf(constraints)) {
    const path = ['options', 'constraints', name];
    const c = checkRecord(constraints[name], path);
    const target = checkPositive(c.target, [...path, 'target']);
    const alpha = finiteOr(c.alpha, SOFT_CONSTRAINT.alpha, [...path, 'alpha']);
    const beta = finiteOr(c.beta, SOFT_CONSTRAINT.beta, [...path, 'beta']);
    const value = checkPositive(m[name], ['metrics', name]);
    const factor = constraintFactor(value, target, alpha, beta);
    checkResult(factor, `(${name} / ${target}) ** ${value <= target ? alpha : beta}`, ['metrics', name], value);
    product = checkResult(product * factor, 'the product of the constraint factors', ['metrics', name], value);
  }
  return accuracy * product;
}

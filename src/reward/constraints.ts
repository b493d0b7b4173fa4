/**
 * The two exponent settings of the MnasNet paper.
 *
 * @module
 */

/** Exponents of the MnasNet reward: `alpha` applies at or below the target, `beta` above it. */
export interface ConstraintExponents {
  /** Exponent used when the metric is at or below its target. */
  readonly alpha: number;
  /** Exponent used when the metric is above its target. */
  readonly beta: number;
}

/**
 * The soft constraint of MnasNet (Tan et al., CVPR 2019, Sec. 3): `alpha = beta = -0.07`.
 *
 * Chosen so that a model with twice the latency needs about 5% more accuracy
 * to earn the same reward: `1.05 * 2 ** -0.07 ≈ 1.0`. The reward keeps
 * ranking models on both sides of the target, so the search finds a range of
 * accuracy/latency trade-offs. Frozen.
 *
 * @example
 * mnasReward({ accuracy: 0.75, latencyMs: 90 }, { targetMs: 80, ...SOFT_CONSTRAINT });
 */
export const SOFT_CONSTRAINT: Readonly<ConstraintExponents> = Object.freeze({ alpha: -0.07, beta: -0.07 });

/**
 * The hard constraint of MnasNet (Tan et al., CVPR 2019, Sec. 3): `alpha = 0, beta = -1`.
 *
 * The reward is the accuracy itself at or below the target and
 * `accuracy * T / latency` above it, so latency only matters once it exceeds
 * the target. Frozen.
 *
 * @example
 * mnasReward({ accuracy: 0.75, latencyMs: 90 }, { targetMs: 80, ...HARD_CONSTRAINT }); // 0.75 * 80 / 90
 */
export const HARD_CONSTRAINT: Readonly<ConstraintExponents> = Object.freeze({ alpha: 0, beta: -1 });

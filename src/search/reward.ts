/**
 * The default reward of `search()`: MnasNet's soft constraint.
 *
 * @module
 */

import { SOFT_CONSTRAINT } from '../reward/constraints.js';
import { mnasReward } from '../reward/mnas-reward.js';
import type { RewardFunction } from './types.js';

/**
 * The MnasNet soft reward `ACC * (LAT / targetMs) ** -0.07` (Tan et al. 2019,
 * Sec. 3; {@link mnasReward} with {@link SOFT_CONSTRAINT}) as a {@link RewardFunction}.
 *
 * @param targetMs - latency target T in ms (> 0).
 * @throws RewardInputError (when called) for a missing or non-positive latency or an accuracy outside [0, 1].
 * @example
 * const reward = mnasSoftReward(80);
 * reward({ accuracy: 0.5, latencyMs: 160, evaluation: { accuracy: 0.5 } }); // 0.5 * 2 ** -0.07
 */
export function mnasSoftReward(targetMs: number): RewardFunction {
  return (metrics) => mnasReward({ accuracy: metrics.accuracy, latencyMs: metrics.latencyMs as number }, { targetMs, ...SOFT_CONSTRAINT });
}

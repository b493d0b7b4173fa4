/**
 * The default reward of `search()`: MnasNet's soft constraint.
 *
 * @module
 */

import { RewardInputError, fieldMessage } from '../errors.js';
import type { RewardFunction } from './types.js';

/** Exponent of MnasNet's soft latency constraint (alpha = beta = -0.07; Tan et al. 2019, Sec. 3). */
const SOFT_W = -0.07;

/**
 * The MnasNet soft reward `ACC * (LAT / targetMs) ** -0.07` as a {@link RewardFunction}.
 *
 * @param targetMs - latency target T in ms (> 0).
 * @throws RewardInputError (when called) for a missing or non-positive latency or an accuracy outside [0, 1].
 * @example
 * const reward = mnasSoftReward(80);
 * reward({ accuracy: 0.5, latencyMs: 160, evaluation: { accuracy: 0.5 } }); // 0.5 * 2 ** -0.07
 */
export function mnasSoftReward(targetMs: number): RewardFunction {
  const fn: RewardFunction = (metrics) => {
    const { accuracy, latencyMs } = metrics;
    if (!(accuracy >= 0 && accuracy <= 1)) {
      throw new RewardInputError(fieldMessage('reward input', ['accuracy'], 'a number in [0, 1]', accuracy), { path: ['accuracy'] });
    }
    if (latencyMs === undefined || !Number.isFinite(latencyMs) || latencyMs <= 0) {
      throw new RewardInputError(fieldMessage('reward input', ['latencyMs'], 'a finite latency > 0', latencyMs), { path: ['latencyMs'] });
    }
    return accuracy * (latencyMs / targetMs) ** SOFT_W;
  };
  return fn;
}

import { expect } from 'vitest';
import { RewardInputError } from '../../src/errors.js';

/** Runs `fn`, expects a RewardInputError, and returns it. */
export function rewardError(fn: () => unknown): RewardInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RewardInputError);
    return error as RewardInputError;
  }
  throw new Error('expected a RewardInputError, but nothing was thrown');
}

/** |a - b| <= rel * max(|a|, |b|) + abs. */
export function close(a: number, b: number, rel = 1e-12, abs = 0): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}

/**
 * Pinned fast-check parameters: the same cases on every run. Set
 * `REWARD_FC_SEED` to explore other cases locally (CI keeps the pinned seed).
 */
export const runs = (numRuns = 200, seed = Number(process.env.REWARD_FC_SEED ?? 20190529)) => ({ numRuns, seed });

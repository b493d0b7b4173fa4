/**
 * Token lists: validation against a space's decisions, and uniform sampling.
 *
 * @module
 */

import { InvalidTokensError, describeValue } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Decision } from './types.js';

/**
 * Checks that `tokens` has one integer per decision with `0 <= token < size`.
 *
 * @throws InvalidTokensError with `path: [index]` naming the index, the
 *   decision and the value received (or `path: []` for a wrong length or a non-array).
 * @example
 * validateTokens([{ name: 'kernel', size: 2 }], [2]);
 * // InvalidTokensError: Invalid tokens at [0] (kernel): expected an integer in [0, 2), received 2
 */
export function validateTokens(decisions: readonly Decision[], tokens: unknown): asserts tokens is readonly number[] {
  if (!Array.isArray(tokens)) {
    throw new InvalidTokensError(`Invalid tokens: expected an array of ${decisions.length} integers, received ${describeValue(tokens)}`);
  }
  if (tokens.length !== decisions.length) {
    throw new InvalidTokensError(`Invalid tokens: expected ${decisions.length} tokens (one per decision), received ${tokens.length}`);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t: unknown = tokens[i];
    const d = decisions[i] as Decision;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t >= d.size) {
      throw new InvalidTokensError(
        `Invalid tokens at [${i}] (${d.name}): expected an integer in [0, ${d.size}), received ${describeValue(t)}`,
        { path: [i] },
      );
    }
  }
}

/** A uniformly random token list: one `rng.int(size)` per decision, in order. */
export function sampleTokens(decisions: readonly Decision[], rng: Rng): number[] {
  return decisions.map((d) => rng.int(d.size));
}

/** Number of token lists of a space: the product of the decision sizes. */
export function spaceSize(decisions: readonly Decision[]): bigint {
  return decisions.reduce((p, d) => p * BigInt(d.size), 1n);
}

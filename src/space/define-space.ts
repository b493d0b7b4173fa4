/**
 * `defineSpace`: the generic constructor of a {@link SearchSpace}. Network
 * spaces ({@link factorizedSpace}) and tabular benchmark spaces are built
 * with it; it adds token validation, `size()` and `sample()`.
 *
 * @module
 */

import { InvalidSpaceError } from '../errors.js';
import type { Rng } from '../rng.js';
import { checkDecisions, failWith } from '../validate.js';
import { sampleTokens, spaceSize, validateTokens } from './tokens.js';
import type { Decision, SearchSpace } from './types.js';

/** What a user writes to define a space over values of type `T`. */
export interface SpaceDefinition<T> {
  /** Ordered decisions (1 to `LIMITS.decisions`): unique non-empty names, sizes integers in [1, `LIMITS.decisionSize`]. */
  readonly decisions: readonly Decision[];
  /** Maps a token list (already validated) to a value. */
  decode(tokens: readonly number[]): T;
  /** Maps a value back to its tokens; throws (any `MnasError`) when the value is not in the space. */
  encode(value: T): number[];
}

/**
 * Builds a {@link SearchSpace} from decisions and a decode/encode pair.
 * `decode` is only called with valid tokens; `encode`'s result is checked.
 *
 * @throws InvalidSpaceError when the decisions are malformed (none, duplicate names, sizes < 1 or past the limits).
 * @example
 * const space = defineSpace({
 *   decisions: [{ name: 'a', size: 3 }, { name: 'b', size: 2 }],
 *   decode: ([a, b]) => `${a}${b}`,
 *   encode: (s) => [Number(s[0]), Number(s[1])],
 * });
 * space.size(); // 6n
 * space.decode([2, 1]); // '21'
 */
export function defineSpace<T>(definition: SpaceDefinition<T>): SearchSpace<T> {
  const decisions: readonly Decision[] = checkDecisions(definition?.decisions, failWith(InvalidSpaceError, 'space'));
  const { decode, encode } = definition;
  if (typeof decode !== 'function' || typeof encode !== 'function') {
    throw new InvalidSpaceError('Invalid space: expected decode and encode functions', {
      path: [typeof decode !== 'function' ? 'decode' : 'encode'],
    });
  }
  const space: SearchSpace<T> = {
    decisions,
    decode(tokens: readonly number[]): T {
      validateTokens(decisions, tokens);
      return decode(tokens);
    },
    encode(value: T): number[] {
      const tokens = encode(value);
      try {
        validateTokens(decisions, tokens);
      } catch (cause) {
        throw new InvalidSpaceError(`Invalid space: encode returned invalid tokens (${(cause as Error).message})`, {
          path: ['encode'],
          cause,
        });
      }
      return [...tokens];
    },
    size: (): bigint => spaceSize(decisions),
    sample: (rng: Rng): T => space.decode(sampleTokens(decisions, rng)),
  };
  return Object.freeze(space);
}

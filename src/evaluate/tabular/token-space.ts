/**
 * Shared machinery of the tabular benchmark spaces: a fixed list of
 * categorical decisions whose token lists map one-to-one to table rows.
 *
 * @module
 */

import { InvalidTokensError, describeValue } from '../../errors.js';
import type { Rng } from '../../rng.js';
import type { Decision, SearchSpace } from '../../space/types.js';

/**
 * Row of a token list in a mixed-radix table (first decision most significant).
 * @throws InvalidTokensError on a wrong length or an out-of-range token.
 */
export function tokensToRow(tokens: readonly number[], decisions: readonly Decision[]): number {
  if (!Array.isArray(tokens) || tokens.length !== decisions.length) {
    throw new InvalidTokensError(`Invalid tokens: expected ${decisions.length} tokens, received ${describeValue(tokens)}`, { path: [] });
  }
  let row = 0;
  for (let i = 0; i < decisions.length; i++) {
    const t = tokens[i];
    const size = (decisions[i] as Decision).size;
    if (!Number.isInteger(t) || (t as number) < 0 || (t as number) >= size) {
      throw new InvalidTokensError(
        `Invalid token at [${i}] (${(decisions[i] as Decision).name}): expected an integer in [0, ${size}), received ${describeValue(t)}`,
        { path: [i] },
      );
    }
    row = row * size + (t as number);
  }
  return row;
}

/** Token list of a table row (inverse of {@link tokensToRow}). */
export function rowToTokens(row: number, decisions: readonly Decision[]): number[] {
  const out = new Array<number>(decisions.length);
  let r = row;
  for (let i = decisions.length - 1; i >= 0; i--) {
    const size = (decisions[i] as Decision).size;
    out[i] = r % size;
    r = Math.floor(r / size);
  }
  return out;
}

/**
 * A {@link SearchSpace} over table rows: `decode` builds the key of a row,
 * `encode` reads the row back from a key.
 */
export function tableSpace<K>(decisions: readonly Decision[], keyOfRow: (row: number) => K, rowOfKey: (key: K) => number): SearchSpace<K> {
  const frozen = Object.freeze(decisions.map((d) => Object.freeze({ name: d.name, size: d.size })));
  const rows = frozen.reduce((n, d) => n * d.size, 1);
  return {
    decisions: frozen,
    decode: (tokens) => keyOfRow(tokensToRow(tokens, frozen)),
    encode: (key) => rowToTokens(rowOfKey(key), frozen),
    size: () => BigInt(rows),
    sample: (rng: Rng) => keyOfRow(rng.int(rows)),
  };
}

/**
 * Token lists as a controller keeps them: their keys, and the next list not
 * proposed yet.
 *
 * @module
 */

import { spaceSize } from '../space/tokens.js';
import type { Decision } from '../space/types.js';

/** The key of a token list in the sets of proposals a controller keeps (repeats, elites). */
export function tokenKey(tokens: readonly number[]): string {
  return tokens.join(',');
}

/**
 * The first token list after `start` (counting in mixed radix, last decision
 * fastest, wrapping around) whose key is not in `seen`; null when every point
 * is in `seen`. Looks at most `seen.size + 1` points.
 */
export function nextUnseen(decisions: readonly Decision[], start: readonly number[], seen: ReadonlySet<string>): number[] | null {
  if (BigInt(seen.size) >= spaceSize(decisions)) return null;
  const t = start.slice();
  for (;;) {
    for (let i = t.length - 1; i >= 0; i--) {
      t[i] = ((t[i] as number) + 1) % (decisions[i] as Decision).size;
      if (t[i] !== 0) break;
    }
    if (!seen.has(tokenKey(t))) return t;
  }
}

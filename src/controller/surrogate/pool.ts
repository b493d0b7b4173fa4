/**
 * The candidates the surrogate's acquisition is maximized over: mutations
 * of the best told trials and uniform samples, without repeats.
 *
 * @module
 */

import type { Rng } from '../../rng.js';
import type { Decision } from '../../space/types.js';
import { tokenKey } from '../token-lists.js';

/** What the pool needs of the told trials and of the options. */
interface PoolInput {
  readonly candidates: number;
  readonly uniformShare: number;
  readonly elites: number;
}

/** A copy of `tokens` with one decision (or, half of the time, two) set to another option. */
function mutate(decisions: readonly Decision[], mutable: readonly number[], tokens: readonly number[], rng: Rng): number[] {
  const child = tokens.slice();
  const changes = mutable.length > 1 && rng.next() < 0.5 ? 2 : 1;
  for (let k = 0; k < changes; k++) {
    const i = mutable[rng.int(mutable.length)] as number;
    const size = (decisions[i] as Decision).size;
    child[i] = ((child[i] as number) + 1 + rng.int(size - 1)) % size;
  }
  return child;
}

/**
 * Up to `candidates` distinct token lists that `fresh` accepts (not proposed
 * before): mutations of the `elites` best told trials (those that met the
 * constraint first, then by reward), then uniform samples. Draws a fixed
 * number of times, so the pool may be smaller when the space is nearly used up.
 */
export function candidatePool(
  decisions: readonly Decision[],
  told: readonly { readonly tokens: readonly number[]; readonly reward: number; readonly violation: number }[],
  o: PoolInput,
  rng: Rng,
  fresh: (tokens: readonly number[]) => boolean,
): number[][] {
  const seen = new Set<string>();
  const pool: number[][] = [];
  const add = (tokens: number[]): void => {
    const key = tokenKey(tokens);
    if (seen.has(key)) return;
    seen.add(key);
    if (fresh(tokens)) pool.push(tokens);
  };
  const mutable = decisions.flatMap((d, i) => (d.size > 1 ? [i] : []));
  const ranked = told
    .map((t, i) => ({ t, i }))
    .sort((a, b) => Number(a.t.violation > 0) - Number(b.t.violation > 0) || b.t.reward - a.t.reward || a.i - b.i)
    .slice(0, o.elites)
    .map((e) => e.t.tokens);
  const uniform = Math.round(o.candidates * o.uniformShare);
  const mutants = ranked.length === 0 || mutable.length === 0 ? 0 : o.candidates - uniform;
  for (let k = 0; k < mutants; k++) add(mutate(decisions, mutable, ranked[k % ranked.length] as readonly number[], rng));
  for (let k = 0; k < o.candidates - mutants; k++) add(decisions.map((d) => rng.int(d.size)));
  return pool;
}

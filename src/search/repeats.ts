/**
 * Repeated candidates in `search()`: a proposal whose decoded value equals
 * that of an earlier trial is not evaluated again; it is told the earlier
 * trial's outcome, from the journal when the earlier trial was resumed.
 *
 * @module
 */

import type { Proposal } from '../controller/types.js';
import { stableStringify } from '../space/hash.js';
import type { SearchSpace } from '../space/types.js';
import type { Trial } from './types.js';

/** The key two trials share exactly when their decoded values are equal as data. */
function valueKey<T>(space: SearchSpace<T>, tokens: readonly number[]): string | undefined {
  try {
    return stableStringify(space.decode(tokens));
  } catch {
    return undefined; // the trial itself records the decode failure
  }
}

/** The trial at `index` that copies `earlier`'s outcome without running anything. */
export function repeatTrial<T>(index: number, proposal: Proposal, earlier: Trial<T>): Trial<T> {
  const { index: _i, id: _id, tokens: _t, startedAt: _s, durationMs: _d, repeatOf: _r, ...outcome } = earlier;
  return {
    index,
    id: proposal.id,
    tokens: [...proposal.tokens],
    ...outcome,
    repeatOf: earlier.repeatOf ?? earlier.index,
    startedAt: new Date().toISOString(),
    durationMs: 0,
  };
}

/**
 * Wraps the function that runs a trial so that a candidate equal (as decoded
 * data) to an earlier one waits for that trial and copies its outcome.
 * Earlier means a lower index, so which trials are repeats does not depend on
 * the order evaluations finish in. `journaled` (a resumed search's trials)
 * seeds the index, so repeats are found across resumes.
 * @internal
 */
export function reusingRepeats<T>(
  space: SearchSpace<T>,
  journaled: ReadonlyMap<number, Trial<T>>,
  run: (index: number, proposal: Proposal) => Promise<Trial<T>>,
): (index: number, proposal: Proposal) => Promise<Trial<T>> {
  const first = new Map<string, { index: number; trial: Promise<Trial<T>> }>();
  const remember = (key: string | undefined, index: number, trial: Promise<Trial<T>>): void => {
    if (key === undefined) return;
    const known = first.get(key);
    if (known === undefined || index < known.index) first.set(key, { index, trial });
  };
  for (const [index, trial] of journaled) remember(valueKey(space, trial.tokens), index, Promise.resolve(trial));
  return (index, proposal) => {
    const key = valueKey(space, proposal.tokens);
    const known = key === undefined ? undefined : first.get(key);
    if (known !== undefined && known.index < index) return known.trial.then((earlier) => repeatTrial(index, proposal, earlier));
    const trial = run(index, proposal);
    remember(key, index, trial);
    return trial;
  };
}

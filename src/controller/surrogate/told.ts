/**
 * The surrogate's told trials: what it keeps of each, the observations its
 * model learns from them, and their compact snapshot form.
 *
 * @module
 */

import type { Decision } from '../../space/types.js';
import { tokenKey } from '../token-lists.js';
import { badSnapshot, snapArray, snapNumber, snapNumbers, snapTokens } from '../validate.js';

/** A reward the trial had at an earlier checkpoint, at its fidelity. */
export interface PartialReward {
  readonly fidelity: number;
  readonly reward: number;
}

/** A told trial: tokens, reward, violation, fidelity, and its rewards at earlier checkpoints. */
export interface Told {
  readonly tokens: readonly number[];
  readonly reward: number;
  readonly violation: number;
  /** The share of the full training budget, in (0, 1]. */
  readonly fidelity: number;
  /** Rewards at earlier checkpoints (the rungs a pruner promoted the trial through), fidelities increasing and below `fidelity`. */
  readonly partials: readonly PartialReward[];
}

/** One row of the model: a told trial's result at one fidelity. */
export type Observed = Omit<Told, 'partials'>;

/** The observations of a told trial: one per earlier checkpoint, then its final result. */
export function observationsOf(t: Told): Observed[] {
  const { partials, ...final } = t;
  return [...partials.map((p) => ({ tokens: t.tokens, reward: p.reward, violation: t.violation, fidelity: p.fidelity })), final];
}

/**
 * The snapshot form of a told trial: `[tokens, reward, violation]`, then the
 * fidelity when below 1 or when partial rewards follow, then the partial
 * rewards as one flat array `[fidelity, reward, fidelity, reward, ...]`.
 */
export function saveTold(t: Told): (string | number | number[])[] {
  const entry: (string | number | number[])[] = [tokenKey(t.tokens), t.reward, t.violation];
  if (t.fidelity < 1 || t.partials.length > 0) entry.push(t.fidelity);
  if (t.partials.length > 0) entry.push(t.partials.flatMap((p) => [p.fidelity, p.reward]));
  return entry;
}

/** Reads a told trial of a snapshot at `path` (forms of {@link saveTold}, and the older ones without partials). @throws ControllerStateError */
export function loadTold(raw: unknown, path: (string | number)[], decisions: readonly Decision[]): Told {
  const t = snapArray(raw, path);
  if (t.length < 3 || t.length > 5 || typeof t[0] !== 'string' || !/^\d+(,\d+)*$/.test(t[0]))
    badSnapshot(path, '[tokens, reward, violation], then optionally the fidelity and the partial rewards', raw);
  const violation = snapNumber(t[2], [...path, 2]);
  if (violation < 0) badSnapshot([...path, 2], 'a number >= 0', violation);
  const fidelity = t.length >= 4 ? snapNumber(t[3], [...path, 3]) : 1;
  if (t.length === 4 && !(fidelity > 0 && fidelity < 1)) badSnapshot([...path, 3], 'a fidelity in (0, 1) (1 is left out)', fidelity);
  if (t.length === 5 && !(fidelity > 0 && fidelity <= 1)) badSnapshot([...path, 3], 'a fidelity in (0, 1]', fidelity);
  return {
    tokens: snapTokens(t[0].split(',').map(Number), [...path, 0], decisions),
    reward: snapNumber(t[1], [...path, 1]),
    violation,
    fidelity,
    partials: t.length === 5 ? loadPartials(t[4], [...path, 4], fidelity) : [],
  };
}

/** Reads the flat partial rewards of a snapshot: pairs, fidelities increasing within (0, `below`). */
function loadPartials(raw: unknown, path: (string | number)[], below: number): PartialReward[] {
  const flat = snapNumbers(raw, path);
  if (flat.length === 0 || flat.length % 2 !== 0) badSnapshot(path, 'a non-empty flat array of [fidelity, reward] pairs', raw);
  const partials: PartialReward[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const fidelity = flat[i] as number;
    const last = partials.at(-1)?.fidelity ?? 0;
    if (!(fidelity > last && fidelity < below)) badSnapshot([...path, i], `a fidelity in (${last}, ${below})`, fidelity);
    partials.push({ fidelity, reward: flat[i + 1] as number });
  }
  return partials;
}

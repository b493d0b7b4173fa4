/**
 * Options of {@link SuccessiveHalvingPruner}, resolved and validated in one place.
 *
 * @module
 */

import { InvalidOptionsError } from '../../errors.js';
import { type Fail, check, checkKnownKeys, failWith, integer, isRecord, oneOf } from '../../validate.js';
import type { PruneDirection } from './types.js';

/** Options of {@link SuccessiveHalvingPruner}. Every field is optional. */
export interface SuccessiveHalvingPrunerOptions {
  /**
   * Steps of the first rung (before `minEarlyStoppingRate`): the least
   * training a trial gets before it can be pruned. @defaultValue 8
   */
  readonly minResource?: number;
  /**
   * The reduction factor eta, an integer >= 2: rungs are `eta` times apart
   * and a trial passes a rung in the top `1/eta` of the values there.
   * @defaultValue 3
   */
  readonly reductionFactor?: number;
  /**
   * The rung exponent of the first rung, s: rung k is at step
   * `minResource * eta^(s + k)`. Hyperband's brackets differ by it.
   * @defaultValue 0
   */
  readonly minEarlyStoppingRate?: number;
  /**
   * Values a rung must hold (the deciding trial's included) before it prunes
   * anyone; below that every trial passes it. @defaultValue `reductionFactor`
   */
  readonly minTrialsAtRung?: number;
  /**
   * The full budget in steps: no rung at or above it (a trial that reached
   * it is done, not judged). @defaultValue unbounded
   */
  readonly maxResource?: number;
  /** Whether a higher (accuracy) or a lower (loss) value is better. @defaultValue `'maximize'` */
  readonly direction?: PruneDirection;
}

/** {@link SuccessiveHalvingPrunerOptions} with every default filled in. */
export interface ResolvedSuccessiveHalvingPrunerOptions {
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly minTrialsAtRung: number;
  /** `null` when unbounded (plain JSON, so it survives a snapshot). */
  readonly maxResource: number | null;
  readonly direction: PruneDirection;
}

const KNOWN = ['minResource', 'reductionFactor', 'minEarlyStoppingRate', 'minTrialsAtRung', 'maxResource', 'direction'];

/** Throws InvalidOptionsError for `field` of a pruner's options. */
export function badPrunerOption(field: string, expected: string, value: unknown): never {
  return prunerFail([field], expected, value);
}

const prunerFail: Fail = failWith(InvalidOptionsError, 'pruner option');

/** Largest step count and exponent: below 2^31, so they stay exact. */
const MAX_STEPS = 2 ** 31 - 1;

/** An integer in [min, 2^31). */
function int(options: Record<string, unknown>, field: string, fallback: number, min: number): number {
  return check(integer(min, MAX_STEPS), options[field] ?? fallback, [field], prunerFail);
}

/** Rejects anything but a plain object, and unknown keys (listing the known ones). */
export function checkPrunerOptionKeys(options: unknown, name: string, known: readonly string[]): Record<string, unknown> {
  const fail: Fail = failWith(InvalidOptionsError, `${name} option`);
  if (!isRecord(options)) fail([], 'an object', options);
  checkKnownKeys(options, known, [], prunerFail);
  return options;
}

/**
 * Completes and validates {@link SuccessiveHalvingPrunerOptions}.
 *
 * @throws InvalidOptionsError naming the first bad field (unknown keys included).
 * @example
 * resolveSuccessiveHalvingPrunerOptions({ reductionFactor: 2 }).minTrialsAtRung // 2
 */
export function resolveSuccessiveHalvingPrunerOptions(
  options: SuccessiveHalvingPrunerOptions = {},
): ResolvedSuccessiveHalvingPrunerOptions {
  const o = checkPrunerOptionKeys(options, 'SuccessiveHalvingPruner', KNOWN);
  const minResource = int(o, 'minResource', 8, 1);
  const reductionFactor = int(o, 'reductionFactor', 3, 2);
  const minEarlyStoppingRate = int(o, 'minEarlyStoppingRate', 0, 0);
  const minTrialsAtRung = int(o, 'minTrialsAtRung', reductionFactor, 1);
  const maxResource = o['maxResource'] === undefined ? null : int(o, 'maxResource', 0, 1);
  const direction = check(oneOf<PruneDirection>(['maximize', 'minimize']), o['direction'] ?? 'maximize', ['direction'], prunerFail);
  if (!Number.isSafeInteger(minResource * reductionFactor ** minEarlyStoppingRate)) {
    badPrunerOption(
      'minEarlyStoppingRate',
      'a first rung minResource * reductionFactor^minEarlyStoppingRate within the safe integers',
      minEarlyStoppingRate,
    );
  }
  return { minResource, reductionFactor, minEarlyStoppingRate, minTrialsAtRung, maxResource, direction };
}

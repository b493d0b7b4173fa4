/**
 * Input checks shared by the reward functions (internal, not exported from the package).
 *
 * Every check throws {@link RewardInputError} whose message names the path of
 * the bad field, what was expected and what was received.
 *
 * @module
 * @internal
 */

import { RewardInputError, type ErrorPath } from '../errors.js';
import { checkKnownKeys, failWith, isRecord, type Fail } from '../validate.js';

/** Throws the standard {@link RewardInputError} for `path`, with `expected` and `received`. */
export const fail: Fail = failWith(RewardInputError, 'reward input');

/** Returns `value` as a record when it is a non-null, non-array object. */
export function checkRecord(value: unknown, path: ErrorPath): Readonly<Record<string, unknown>> {
  if (!isRecord(value)) fail(path, 'an object', value);
  return value;
}

/**
 * Checks a reward's options object: a record whose keys are all `known`
 * (a `removed` one is refused with what to use instead).
 */
export function checkOptions(
  value: unknown,
  known: readonly string[],
  removed: Readonly<Record<string, string>> = {},
): Readonly<Record<string, unknown>> {
  const o = checkRecord(value, ['options']);
  checkKnownKeys(o, known, ['options'], fail, removed);
  return o;
}

/** A finite number (any sign). */
export function checkFinite(value: unknown, path: ErrorPath): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number', value);
  return value;
}

/** A finite number > 0 (targets, latencies and other measurements used in ratios). */
export function checkPositive(value: unknown, path: ErrorPath): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) fail(path, 'a finite number > 0', value);
  return value;
}

/** A finite number >= 0 (weights, measurements that may be zero). */
export function checkNonNegative(value: unknown, path: ErrorPath): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value >= 0)) fail(path, 'a finite number >= 0', value);
  return value;
}

/** An accuracy: a finite number in [0, 1]. */
export function checkAccuracy(value: unknown, path: ErrorPath): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) fail(path, 'a number in [0, 1]', value);
  return value;
}

/** An optional finite number: `fallback` when `undefined`. */
export function finiteOr(value: unknown, fallback: number, path: ErrorPath): number {
  return value === undefined ? fallback : checkFinite(value, path);
}

/**
 * Guards a computed result: returns it when finite, else throws naming the
 * input that drove it out of range (`path`) and that input's value.
 */
export function checkResult(result: number, what: string, path: ErrorPath, received: unknown): number {
  if (!Number.isFinite(result)) fail(path, `a value for which ${what} is finite (got ${String(result)})`, received);
  return result;
}

/** The own enumerable keys of a record, in insertion order. */
export function keysOf(record: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(record);
}

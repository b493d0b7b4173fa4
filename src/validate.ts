/**
 * The validation toolkit shared by every `validate.ts` and options resolver:
 * the documented {@link LIMITS} on numbers that come from outside, rules
 * (`integer`, `finiteNumber`, `oneOf`) that both test a value and say what
 * they expect, {@link failWith} to throw a typed error carrying `path`,
 * `expected` and `received`, own-property lookups, and the one
 * {@link checkDecisions}.
 *
 * Base layer: imports only `errors`, no tfjs and no Node built-ins, so that
 * `space` and `reward` may use it.
 *
 * @module
 */

import { fieldMessage, type ErrorPath, type MnasError, type MnasErrorOptions } from './errors.js';
import { LIMITS } from './limits.js';

export { LIMITS, type LimitName } from './limits.js';

/** A check on one value that also says, for messages, what it expects. */
export interface Rule<T> {
  /** What a valid value is, as messages say it: `'an integer in [1, 4096]'`. */
  readonly expected: string;
  /** Whether `value` satisfies the rule. */
  readonly test: (value: unknown) => value is T;
}

/**
 * A number as messages print bounds: round multiples of powers of ten from
 * 1e6 up as `1e8` or `2.5e8`, other numbers as they are.
 */
export function formatBound(n: number): string {
  const e = n.toExponential();
  return Math.abs(n) >= 1e6 && /^-?\d(\.\d)?e\+\d+$/.test(e) ? e.replace('e+', 'e') : String(n);
}

/**
 * A safe integer in `[min, max]` (`max` omitted: no upper bound below
 * `Number.MAX_SAFE_INTEGER`).
 *
 * @example
 * integer(1, LIMITS.filters).expected; // 'an integer in [1, 4096]'
 * integer(0).expected; // 'an integer >= 0'
 */
export function integer(min: number, max?: number): Rule<number> {
  const expected = max === undefined ? `an integer >= ${formatBound(min)}` : `an integer in [${formatBound(min)}, ${formatBound(max)}]`;
  return {
    expected,
    test: (v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && (max === undefined || v <= max),
  };
}

/** A classifier's class count: an integer in [1, `LIMITS.classes`] (architectures, presets, spaces, image datasets). */
export const CLASS_COUNT: Rule<number> = integer(1, LIMITS.classes);

/** A safe integer >= 1 (at most `max` when given). */
export function positiveInt(max?: number): Rule<number> {
  return max === undefined ? { expected: 'a positive integer', test: integer(1).test } : integer(1, max);
}

/** Bounds of {@link finiteNumber}. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  /** `min` itself is excluded. @defaultValue false */
  readonly exclusiveMin?: boolean;
  /** `max` itself is excluded. @defaultValue false */
  readonly exclusiveMax?: boolean;
}

/**
 * A finite number within optional bounds.
 *
 * @example
 * finiteNumber({ min: 0, max: 1, exclusiveMax: true }).expected; // 'a number in [0, 1)'
 * finiteNumber({ min: 0, exclusiveMin: true }).expected; // 'a finite number > 0'
 */
export function finiteNumber(bounds: NumberBounds = {}): Rule<number> {
  const { min, max, exclusiveMin = false, exclusiveMax = false } = bounds;
  let expected = 'a finite number';
  if (min !== undefined && max !== undefined)
    expected = `a number in ${exclusiveMin ? '(' : '['}${formatBound(min)}, ${formatBound(max)}${exclusiveMax ? ')' : ']'}`;
  else if (min !== undefined) expected = `a finite number ${exclusiveMin ? '>' : '>='} ${formatBound(min)}`;
  else if (max !== undefined) expected = `a finite number ${exclusiveMax ? '<' : '<='} ${formatBound(max)}`;
  return {
    expected,
    test: (v): v is number =>
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (min === undefined || (exclusiveMin ? v > min : v >= min)) &&
      (max === undefined || (exclusiveMax ? v < max : v <= max)),
  };
}

/**
 * One of the given values (compared with `===`).
 *
 * @example
 * oneOf(['relu', 'relu6']).expected; // "one of 'relu', 'relu6'"
 */
export function oneOf<T extends string | number | boolean>(values: readonly T[], expected?: string): Rule<T> {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  return {
    expected: expected ?? (values.length === 2 ? `${quoted[0]} or ${quoted[1]}` : `one of ${quoted.join(', ')}`),
    test: (v): v is T => values.includes(v as T),
  };
}

/** The seed of an `Rng`: a safe integer or a string. */
export const RNG_SEED: Rule<number | string> = {
  expected: 'a safe integer or a string',
  test: (v): v is number | string => typeof v === 'string' || Number.isSafeInteger(v),
};

/** `true` or `false`. */
export const BOOLEAN: Rule<boolean> = oneOf([true, false], 'a boolean');

/** Whether `value` is a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value of `table`'s own property `key`; `undefined` for a missing key
 * and for inherited ones (`__proto__`, `constructor`, `toString`).
 *
 * @example
 * ownValue({ a: 1 }, 'constructor'); // undefined
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Throws the typed error about the field at `path`. */
export type Fail = (path: ErrorPath, expected: string, received: unknown) => never;

/** A constructor of an {@link MnasError} subclass. */
export type MnasErrorClass = new (message: string, options?: MnasErrorOptions) => MnasError;

/**
 * A {@link Fail} throwing `ErrorClass` with the standard message
 * `"Invalid <what> at <path>: expected <expected>, received <value>"` and
 * the `path`, `expected` and `received` fields.
 *
 * @example
 * const fail = failWith(InvalidSpaceError, 'space');
 * fail(['numClasses'], 'an integer >= 1', 0);
 * // InvalidSpaceError: Invalid space at numClasses: expected an integer >= 1, received 0
 */
export function failWith(ErrorClass: MnasErrorClass, what: string): Fail {
  return (path, expected, received) => {
    throw new ErrorClass(fieldMessage(what, path, expected, received), { path, expected, received });
  };
}

/**
 * Returns `value` when it satisfies `rule`, else calls `fail` with the rule's expectation.
 *
 * @example
 * check(integer(1, LIMITS.classes), options.numClasses, ['numClasses'], fail);
 */
export function check<T>(rule: Rule<T>, value: unknown, path: ErrorPath, fail: Fail): T {
  if (!rule.test(value)) fail(path, rule.expected, value);
  return value as T;
}

/** One decision of a search space, as {@link checkDecisions} returns it. */
export interface CheckedDecision {
  readonly name: string;
  readonly size: number;
}

/**
 * Copies and validates a search space's decisions: a non-empty array of at
 * most `LIMITS.decisions` entries `{ name, size }`, names unique non-empty
 * strings, sizes integers in `[1, LIMITS.decisionSize]`. The result and its
 * entries are frozen copies.
 *
 * @param fail - throws the caller's error (an `InvalidSpaceError` for spaces and controllers).
 * @example
 * checkDecisions([{ name: 'kernel', size: 2 }], failWith(InvalidSpaceError, 'space'));
 */
export function checkDecisions(decisions: unknown, fail: Fail): readonly CheckedDecision[] {
  const path = ['decisions'];
  if (!Array.isArray(decisions) || decisions.length === 0 || decisions.length > LIMITS.decisions) {
    fail(path, `a non-empty array of at most ${LIMITS.decisions} { name, size }`, decisions);
  }
  const seen = new Set<string>();
  const size = integer(1, LIMITS.decisionSize);
  const out = decisions.map((d: unknown, i): CheckedDecision => {
    if (!isRecord(d)) fail([...path, i], 'an object { name, size }', d);
    const { name } = d;
    if (typeof name !== 'string' || name === '' || seen.has(name)) fail([...path, i, 'name'], 'a unique non-empty string', name);
    seen.add(name);
    return Object.freeze({ name, size: check(size, d['size'], [...path, i, 'size'], fail) });
  });
  return Object.freeze(out);
}

/**
 * Checks that a string is at most `max` characters long before it is parsed.
 *
 * @example
 * checkLength(text, LIMITS.blockStringLength, [], fail);
 */
export function checkLength(text: string, max: number, path: ErrorPath, fail: Fail): string {
  if (text.length > max) fail(path, `a string of at most ${max} characters (this one has ${text.length})`, text);
  return text;
}

/**
 * Refuses every own key of `value` that is not in `known`: a misspelt
 * option is an error naming it, never a silently ignored field. A key of
 * `removed` (an option that no longer exists) is refused with what to use
 * instead.
 *
 * @param removed - removed option -> what to use instead ("use baselineMs").
 * @example
 * checkKnownKeys({ sed: 1 }, ['seed', 'runs'], [], fail);
 * // Invalid ... at sed: expected a known key (seed, runs), received 1
 * checkKnownKeys({ referenceMs: 20 }, ['baselineMs'], [], fail, { referenceMs: 'use baselineMs' });
 * // Invalid ... at referenceMs: expected no referenceMs (removed: use baselineMs), received 20
 */
export function checkKnownKeys(
  value: object,
  known: readonly string[],
  path: ErrorPath,
  fail: Fail,
  removed: Readonly<Record<string, string>> = {},
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const instead = ownValue(removed, key);
    fail(
      [...path, key],
      instead === undefined ? `a known key (${known.join(', ')})` : `no ${key} (removed: ${instead})`,
      (value as Readonly<Record<string, unknown>>)[key],
    );
  }
}

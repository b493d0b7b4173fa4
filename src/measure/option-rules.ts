/**
 * The rules the latency measurers' options resolvers share (threads,
 * timeouts, seeds, strings), each bound written once.
 *
 * @module
 */

import { InvalidOptionsError } from '../errors.js';
import { type Fail, LIMITS, type Rule, check, failWith, finiteNumber, integer } from '../validate.js';

/** Threads of a measurer's inference runtime. */
export const THREADS: Rule<number> = integer(1, LIMITS.threads);

/** Timed runs (and invocations, warm-up runs from 0) of one measurement. */
export const RUNS: Rule<number> = integer(1, LIMITS.runs);

/** A timeout of whole milliseconds. */
export const TIMEOUT_MS: Rule<number> = integer(1, LIMITS.timeoutMs);

/** A wait or a span of milliseconds. */
export const WAIT_MS: Rule<number> = { expected: 'a finite number of ms >= 0', test: finiteNumber({ min: 0 }).test };

/** The seed of a measured model's weights and input. */
export const SEED: Rule<number> = {
  expected: 'a safe integer',
  test: (v): v is number => Number.isSafeInteger(v),
};

/** A non-empty string (a path, a host, a URL). */
export const NON_EMPTY: Rule<string> = {
  expected: 'a non-empty string',
  test: (v): v is string => typeof v === 'string' && v !== '',
};

/** Command-line arguments. */
export const STRINGS: Rule<readonly string[]> = {
  expected: 'an array of strings',
  test: (v): v is readonly string[] => Array.isArray(v) && v.every((a) => typeof a === 'string'),
};

/** The {@link Fail} of a measurer's options: `"Invalid <Class> option at <path>: ..."`. */
export function measurerFail(measurer: string): Fail {
  return failWith(InvalidOptionsError, `${measurer} option`);
}

/** `value` checked by `rule`, or `fallback` when undefined. */
export function optional<T>(rule: Rule<T>, value: unknown, fallback: T, name: string, fail: Fail): T {
  return value === undefined ? fallback : check(rule, value, [name], fail);
}

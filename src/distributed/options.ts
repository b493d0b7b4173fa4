/**
 * Checks of the options of `queueExecutor` and `startWorker`: each error
 * names the function, the option and what was expected.
 *
 * @module
 */

import { InvalidOptionsError } from '../errors.js';
import { check, checkKnownKeys, failWith, integer, isRecord } from '../validate.js';

/** The checks of one function's options. */
export interface OptionChecks {
  /** @throws InvalidOptionsError naming `path`. */
  fail(path: string, expected: string, value: unknown): never;
  /** `value` when it is an integer in [min, max], `fallback` when undefined. */
  intIn(value: unknown, path: string, min: number, max: number, fallback: number): number;
  /** @throws InvalidOptionsError when `options` is not an object or has a key not in `known`. */
  known(options: unknown, known: ReadonlySet<string>): void;
}

/** The checks of the options of `owner` (`queueExecutor`, `startWorker`). */
export function optionChecks(owner: string): OptionChecks {
  const failAt = failWith(InvalidOptionsError, `${owner} option`);
  const fail = (path: string, expected: string, value: unknown): never => failAt(path === '' ? [] : [path], expected, value);
  return {
    fail,
    intIn: (value, path, min, max, fallback) => (value === undefined ? fallback : check(integer(min, max), value, [path], failAt)),
    known(options, known) {
      if (!isRecord(options)) return fail('', 'an options object', options);
      checkKnownKeys(options, [...known], [], failAt);
    },
  };
}

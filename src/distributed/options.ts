/**
 * Checks of the options of `queueExecutor` and `startWorker`: each error
 * names the function, the option and what was expected.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';

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
  const fail = (path: string, expected: string, value: unknown): never => {
    throw new InvalidOptionsError(`Invalid ${owner} option ${path}: expected ${expected}, received ${describeValue(value)}`, {
      path: [path],
    });
  };
  return {
    fail,
    intIn(value, path, min, max, fallback) {
      if (value === undefined) return fallback;
      if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max)
        fail(path, `an integer in [${min}, ${max}]`, value);
      return value as number;
    },
    known(options, known) {
      if (typeof options !== 'object' || options === null) fail('', 'an options object', options);
      for (const key of Object.keys(options as object)) {
        if (!known.has(key)) fail(key, `no such option (known: ${[...known].join(', ')})`, (options as Record<string, unknown>)[key]);
      }
    },
  };
}

/**
 * Config sections whose fields are the options of a registry entry (a
 * measurer's `wasm` section, the proxy evaluator's `training`): the CLI
 * checks which keys a section may hold, its own fields and its own upper
 * bounds; every other check is the entry's (its `resolveOptions`), written
 * once there, and its errors are reported at the section's field.
 *
 * @module
 */

import { type ErrorPath, InvalidArchitectureError, InvalidOptionsError } from '../errors.js';
import { type Rule, formatBound } from '../validate.js';
import { type FieldTable, type Shape, fields } from '../validate-fields.js';

/**
 * A bound the CLI adds to an option the entry checks (runs of a measurement,
 * epochs of a training): a number at most `max`. Other values pass, for the
 * entry to refuse with what it expects.
 *
 * @example
 * atMost(100_000).expected; // 'at most 100000'
 */
export function atMost(max: number): Rule<unknown> {
  return { expected: `at most ${formatBound(max)}`, test: (v): v is unknown => typeof v !== 'number' || v <= max };
}

/** A field of a section that the entry checks, and the CLI does not: any value passes here. */
export const BY_ENTRY: Rule<unknown> = { expected: 'any value', test: (_value): _value is unknown => true };

/** A config section checked by a registry entry. */
export interface EntrySection {
  /**
   * Every key the section may hold: the entry's options ({@link BY_ENTRY},
   * or {@link atMost} where the CLI adds its own bound) and the CLI's own
   * fields, with their rules.
   */
  readonly fields: FieldTable;
  /**
   * Runs the entry's checks on the section: throws InvalidOptionsError (or
   * InvalidArchitectureError) with the path of the section's field
   * ({@link atSectionField} maps an option's path to it).
   */
  readonly check: (section: Readonly<Record<string, unknown>>) => void;
}

/**
 * What a library error says was expected: its `expected`, else the
 * "expected ..." of its message, else the message itself.
 */
function expectedOf(error: InvalidOptionsError | InvalidArchitectureError): string {
  return error.expected ?? /expected (.+), received /.exec(error.message)?.[1] ?? error.message;
}

/** The value at `path` inside `value`. */
function valueAt(value: unknown, path: ErrorPath): unknown {
  let v = value;
  for (const p of path) v = typeof v === 'object' && v !== null && Object.hasOwn(v, p) ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/**
 * The section of an entry's options: strict keys, the CLI's rules and
 * bounds, then the entry's `check`; an error of the entry is reported
 * through `fail` at `path` plus the section's field, with what the entry
 * expected. Returns a copy of the defined fields.
 */
export function entrySection<T>(section: EntrySection): Shape<T> {
  const shape = fields(section.fields);
  return {
    expected: shape.expected,
    parse: (value, path, fail) => {
      const checked = shape.parse(value, path, fail);
      try {
        section.check(checked);
      } catch (error) {
        if (!(error instanceof InvalidOptionsError || error instanceof InvalidArchitectureError)) throw error;
        const received = error.received === undefined ? valueAt(checked, error.path) : error.received;
        fail([...path, ...error.path], expectedOf(error), received);
      }
      return checked as T;
    },
  };
}

/**
 * `error` (from an entry's options resolver) with its path mapped to the
 * section's field by `fieldOf`; other errors are returned as they are.
 *
 * @param expectedAt - what to say a section field expects instead of the
 *   option's expectation (a field of the CLI's own form, such as `wasm.reference`).
 */
export function atSectionField(
  error: unknown,
  fieldOf: (path: ErrorPath) => ErrorPath,
  expectedAt: Readonly<Record<string, string>> = {},
): unknown {
  if (!(error instanceof InvalidOptionsError || error instanceof InvalidArchitectureError)) return error;
  const path = fieldOf(error.path);
  const field = path.length === 1 && typeof path[0] === 'string' && Object.hasOwn(expectedAt, path[0]) ? expectedAt[path[0]] : undefined;
  return new InvalidOptionsError(error.message, {
    path,
    expected: field ?? expectedOf(error),
    received: error.received,
    cause: error,
  });
}

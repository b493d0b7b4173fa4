/**
 * Declarative checks of options objects, on top of the validation toolkit
 * (`validate.ts`): a table of field -> rule ({@link fields}) that refuses
 * unknown keys by their path and returns a typed copy, arrays of checked
 * items ({@link arrayOf}), a value that may take one of several forms
 * ({@link anyOf}), and strings of bounded length ({@link text}).
 *
 * A {@link Field} is either a `Rule` (a test of the whole value) or a
 * {@link Shape} (a check that looks inside the value and reports the path of
 * the bad part: `['training', 'steps']`, `['baselines', 3]`). Every failure
 * goes through the caller's `Fail`, so the caller chooses the error class and
 * the message's prefix.
 *
 * Base layer: imports only `errors` and `validate`, no tfjs and no Node
 * built-ins, so that `space` and `reward` may use it.
 *
 * @module
 */

import type { ErrorPath } from './errors.js';
import { type Fail, type Rule, check, checkKnownKeys, isRecord } from './validate.js';

/** A check that looks inside a value: returns it (a checked copy for objects and arrays) or calls `fail` at the path of the bad part. */
export interface Shape<T> {
  /** What a valid value is, as messages say it: `'an object'`. */
  readonly expected: string;
  /** Returns the checked value, or calls `fail` (which throws) with the path of the first bad part. */
  readonly parse: (value: unknown, path: ErrorPath, fail: Fail) => T;
}

/** How one field is checked: a Rule on the whole value, or a Shape that reports nested paths. */
export type Field<T = unknown> = Rule<T> | Shape<T>;

/** The type of the values a field accepts. */
export type FieldValue<F> = F extends Shape<infer T> ? T : F extends Rule<infer T> ? T : never;

/** A table of fields: name -> how it is checked. */
export type FieldTable = Readonly<Record<string, Field>>;

/** The object a {@link fields} table checks: every field optional (`undefined` is absent). */
export type FieldsOf<S extends FieldTable> = { readonly [K in keyof S]?: FieldValue<S[K]> | undefined };

/** Whether `field` is a Shape (it has `parse`) rather than a Rule. */
function isShape<T>(field: Field<T>): field is Shape<T> {
  return 'parse' in field;
}

/**
 * Returns `value` checked by `field`, or calls `fail`.
 *
 * @example
 * parseField(integer(1, 10), 3, ['runs'], fail); // 3
 */
export function parseField<T>(field: Field<T>, value: unknown, path: ErrorPath, fail: Fail): T {
  return isShape(field) ? field.parse(value, path, fail) : check(field, value, path, fail);
}

/**
 * An options object checked field by field: a plain object whose own keys
 * are all in `table` (a misspelt key is refused at its path), each field
 * optional (absent or `undefined`) or accepted by its rule. Returns a copy
 * holding the defined fields, in the table's order.
 *
 * @param expected - what the object is, for the message when the value is not an object.
 * @example
 * const training = fields({ steps: positiveInt(1e10), optimizer: oneOf(['sgd', 'adam']) });
 * training.parse({ steps: 200 }, ['training'], fail); // { steps: 200 }
 * training.parse({ step: 200 }, ['training'], fail); // fail(['training', 'step'], 'a known key (steps, optimizer)', 200)
 */
export function fields<S extends FieldTable>(table: S, expected = 'an object'): Shape<FieldsOf<S>> {
  const known = Object.keys(table);
  return {
    expected,
    parse: (value, path, fail) => {
      if (!isRecord(value)) return fail(path, expected, value);
      checkKnownKeys(value, known, path, fail);
      const entries: [string, unknown][] = [];
      for (const key of known) {
        const v = Object.hasOwn(value, key) ? value[key] : undefined;
        if (v !== undefined) entries.push([key, parseField(table[key] as Field, v, [...path, key], fail)]);
      }
      return Object.fromEntries(entries) as FieldsOf<S>;
    },
  };
}

/**
 * An array of at most `maxLength` items, each checked by `item` (a bad item
 * is reported at its index). Returns a copy.
 *
 * @example
 * arrayOf(text({ maxLength: 100 }), 100).expected; // 'an array of at most 100 items, each a string of at most 100 characters'
 */
export function arrayOf<T>(item: Field<T>, maxLength: number): Shape<T[]> {
  const expected = `an array of at most ${maxLength} items, each ${item.expected}`;
  return {
    expected,
    parse: (value, path, fail) => {
      if (!Array.isArray(value) || value.length > maxLength) return fail(path, expected, value);
      return value.map((v: unknown, i) => parseField(item, v, [...path, i], fail));
    },
  };
}

/** Thrown by the probing `Fail` of {@link anyOf}: the form refused the value. */
const REFUSED: unique symbol = Symbol('refused');

const refuse: Fail = () => {
  throw REFUSED;
};

/** Whether `field` accepts `value` (without reporting why not). */
function accepts(field: Field, value: unknown): boolean {
  if (!isShape(field)) return field.test(value);
  try {
    field.parse(value, [], refuse);
    return true;
  } catch (error) {
    if (error === REFUSED) return false;
    throw error;
  }
}

/**
 * A value of one of several forms: the first field that accepts it checks
 * it; when none does, the failure is at the value's own path and says every form.
 *
 * @example
 * anyOf(text({ maxLength: 1000 }), arrayOf(text({ maxLength: 100 }), 100)).parse('a,b', ['baselines'], fail); // 'a,b'
 */
export function anyOf<F extends readonly [Field, ...Field[]]>(...forms: F): Shape<FieldValue<F[number]>> {
  const said = forms.map((f) => f.expected);
  const expected = said.length === 1 ? (said[0] as string) : `${said.slice(0, -1).join(', ')} or ${said.at(-1)}`;
  return {
    expected,
    parse: (value, path, fail) => {
      const form = forms.find((f) => accepts(f, value));
      if (form === undefined) return fail(path, expected, value);
      return parseField(form, value, path, fail) as FieldValue<F[number]>;
    },
  };
}

/** Bounds of {@link text}. */
export interface TextBounds {
  /** Fewest characters. @defaultValue 0 */
  readonly minLength?: number;
  /** Most characters. @defaultValue no bound */
  readonly maxLength?: number;
  /**
   * A pattern the string must match: anchor it (`^...$`) to match the whole
   * string, and leave out the `g` and `y` flags (their `lastIndex` would make
   * the test depend on the one before). Give `expected` to say it in words.
   */
  readonly pattern?: RegExp;
}

/**
 * A string within length bounds, matching `pattern` when given.
 *
 * @param expected - what a valid string is, for messages; by default said from the bounds.
 * @example
 * text({ minLength: 1, maxLength: 4096 }).expected; // 'a non-empty string of at most 4096 characters'
 * text({ pattern: /^sha256:[0-9a-f]{16}$/ }, 'sha256: and 16 hex digits').test('sha256:00'); // false
 */
export function text(bounds: TextBounds = {}, expected?: string): Rule<string> {
  const { minLength = 0, maxLength, pattern } = bounds;
  const base = minLength === 1 ? 'a non-empty string' : minLength > 1 ? `a string of at least ${minLength} characters` : 'a string';
  const said = maxLength === undefined ? base : `${base}${minLength > 1 ? ' and' : ''} of at most ${maxLength} characters`;
  return {
    expected: expected ?? (pattern === undefined ? said : `${said} matching ${pattern}`),
    test: (v): v is string =>
      typeof v === 'string' &&
      v.length >= minLength &&
      (maxLength === undefined || v.length <= maxLength) &&
      (pattern === undefined || pattern.test(v)),
  };
}

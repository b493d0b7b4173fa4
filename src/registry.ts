/**
 * A named set of extension points of one kind (controllers, latency
 * measurers, evaluators, zero-cost proxies, baselines): each entry carries its
 * name, a one-line description, its options check and a factory. The CLI's
 * choices, help text, config validation and dispatch read a registry, and
 * each kind's contract suite loops over its registry, so an entry cannot skip it.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from './errors.js';
import { isRecord } from './validate.js';

/** One extension point: what a registry holds. */
export interface RegistryEntry<Options = unknown, Product = unknown, Context = void> {
  /** The name the CLI and configs use: lower-case letters, digits, `-` and `_`. */
  readonly name: string;
  /** One line for help text and docs. */
  readonly description: string;
  /**
   * Checks `options` (from a config file, flags or a caller) and returns
   * them as `create` takes them: completed with their defaults, or as given
   * when the extension completes them itself; throws a typed error naming the field.
   */
  readonly resolveOptions: (options: unknown) => Options;
  /** Builds the extension from resolved options (and what its kind passes in, such as the space). */
  readonly create: (options: Options, context: Context) => Product;
}

const NAME = /^[a-z][a-z0-9_-]*$/;

/**
 * `value` as an options object (`{}` when undefined), for an entry's
 * `resolveOptions` to check field by field.
 *
 * @param what - whose options, for the message ("ppo controller").
 * @throws InvalidOptionsError unless `value` is undefined or a plain object.
 */
export function optionsObject(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (isRecord(value)) return value;
  throw new InvalidOptionsError(`Invalid ${what} options: expected an object, received ${describeValue(value)}`, {
    path: [],
    expected: 'an object',
    received: value,
  });
}

/** The entries of one kind, in registration order. */
export class Registry<E extends { readonly name: string; readonly description: string }> {
  readonly #entries = new Map<string, E>();

  /**
   * @param kind What the entries are, for messages ("controller", "latency measurer").
   * @throws InvalidOptionsError on a bad or repeated name.
   */
  constructor(
    readonly kind: string,
    entries: readonly E[] = [],
  ) {
    for (const entry of entries) this.register(entry);
  }

  /**
   * Adds `entry`.
   *
   * @throws InvalidOptionsError when its name is not lower-case letters, digits, `-` and `_`, or already taken.
   */
  register(entry: E): void {
    const name: unknown = entry?.name;
    if (typeof name !== 'string' || !NAME.test(name))
      throw new InvalidOptionsError(
        `Invalid ${this.kind} name: expected lower-case letters, digits, - and _, received ${describeValue(name)}`,
        { path: ['name'], expected: 'lower-case letters, digits, - and _', received: name },
      );
    if (this.#entries.has(name))
      throw new InvalidOptionsError(`Invalid ${this.kind} name: "${name}" is already registered`, {
        path: ['name'],
        expected: `a name other than ${this.names().join(', ')}`,
        received: name,
      });
    this.#entries.set(name, entry);
  }

  /** The registered names, in registration order. */
  names(): string[] {
    return [...this.#entries.keys()];
  }

  /** Every entry, in registration order. */
  entries(): E[] {
    return [...this.#entries.values()];
  }

  /** Whether `name` is registered. */
  has(name: unknown): boolean {
    return typeof name === 'string' && this.#entries.has(name);
  }

  /**
   * The entry called `name`.
   *
   * @throws InvalidOptionsError naming the unknown name and the known ones.
   */
  get(name: unknown): E {
    const entry = typeof name === 'string' ? this.#entries.get(name) : undefined;
    if (entry === undefined) {
      const expected = `one of ${this.names().join(', ')}`;
      throw new InvalidOptionsError(`Unknown ${this.kind}: expected ${expected}, received ${describeValue(name)}`, {
        path: [this.kind],
        expected,
        received: name,
      });
    }
    return entry;
  }
}

/** The reading half of a {@link Registry}: what the library's built-in sets expose. */
export type ReadonlyRegistry<E extends { readonly name: string; readonly description: string }> = Pick<
  Registry<E>,
  'kind' | 'names' | 'entries' | 'has' | 'get'
>;

/**
 * A registry of `entries` that cannot change afterwards: the built-in sets
 * the library exports at module level are these, so no caller can alter what
 * another one sees. To add your own entries, make a {@link Registry} of the
 * built-in ones and yours: `new Registry(kind, [...builtIn.entries(), mine])`.
 *
 * @throws InvalidOptionsError on a bad or repeated name.
 * @example
 * const sizes = readonlyRegistry('size', [{ name: 'small', description: 'a small one' }]);
 * sizes.get('small').description; // 'a small one'
 */
export function readonlyRegistry<E extends { readonly name: string; readonly description: string }>(
  kind: string,
  entries: readonly E[],
): ReadonlyRegistry<E> {
  const registry = new Registry<E>(
    kind,
    entries.map((entry) => Object.freeze({ ...entry })),
  );
  return Object.freeze({
    kind,
    names: () => registry.names(),
    entries: () => registry.entries(),
    has: (name: unknown) => registry.has(name),
    get: (name: unknown) => registry.get(name),
  });
}

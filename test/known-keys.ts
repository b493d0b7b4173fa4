/**
 * The tests every options resolver runs about keys: a misspelt key is refused
 * with the typed error naming it (path, expected, received), any key outside
 * the known set is refused (fast-check), and the valid options still resolve.
 */

import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ErrorPath, MnasError } from '../src/errors.js';

/** What {@link itRefusesUnknownKeys} checks a resolver against. */
export interface KnownKeysCase {
  /** Calls the resolver (or constructor) under test with `options`. */
  readonly resolve: (options: Record<string, unknown>) => unknown;
  /** Options that resolve. */
  readonly valid: Record<string, unknown>;
  /** Keys the resolver takes that its refusal must name (all of them, or a sample where the list is long). */
  readonly known: readonly string[];
  /** A misspelling of a known key. */
  readonly misspelt: string;
  /** The error class thrown. */
  readonly ErrorClass: abstract new (
    ...args: never[]
  ) => MnasError;
  /** Where the options sit in the resolver's error paths. @defaultValue [] */
  readonly at?: ErrorPath;
  /** Checked property runs. @defaultValue 30 */
  readonly runs?: number;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Declares the key tests of one resolver inside the caller's `describe`. */
export function itRefusesUnknownKeys(c: KnownKeysCase): void {
  const at = c.at ?? [];
  it(`refuses the misspelt key ${c.misspelt} by its path, and resolves the valid options`, () => {
    expect(() => c.resolve({ ...c.valid })).not.toThrow();
    const e = thrown(() => c.resolve({ ...c.valid, [c.misspelt]: 1 })) as MnasError;
    expect(e).toBeInstanceOf(c.ErrorClass);
    expect(e.path).toEqual([...at, c.misspelt]);
    expect(e.received).toBe(1);
    expect(e.expected).toMatch(/^a known key \(/);
    for (const key of c.known) expect(e.expected).toContain(key);
    expect(e.message).toContain(c.misspelt);
  });
  it('refuses any key outside the known set (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !c.known.includes(k)),
        fc.jsonValue(),
        (key, value) => {
          const e = thrown(() => c.resolve({ ...c.valid, [key]: value })) as MnasError;
          expect(e).toBeInstanceOf(c.ErrorClass);
          expect(e.path).toEqual([...at, key]);
        },
      ),
      { seed: 29, numRuns: c.runs ?? 30 },
    );
  });
}

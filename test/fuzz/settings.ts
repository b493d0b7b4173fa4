// Settings shared by the fuzz suite: a fixed seed, and a number of cases sized
// to run in seconds under `npm test`. The nightly run sets MNAS_FUZZ_RUNS
// (e.g. MNAS_FUZZ_RUNS=100000) for 10^5 cases per property.
import { MnasError } from '../../src/errors.js';

const fromEnv = Number(process.env['MNAS_FUZZ_RUNS']);

/** Cases per property: `MNAS_FUZZ_RUNS` when set to a positive integer, else `fallback`. */
export function fuzzRuns(fallback: number): number {
  return Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}

/** fast-check parameters of a fuzz property: pinned seed, sized runs. */
export function fuzzParams(fallback: number): { seed: number; numRuns: number } {
  return { seed: 20261203, numRuns: fuzzRuns(fallback) };
}

/** A vitest timeout (ms) for a fuzz test: generous per case, so that only a hang trips it. */
export function fuzzTimeout(fallbackRuns: number, msPerCase = 50): number {
  return Math.max(60_000, fuzzRuns(fallbackRuns) * msPerCase);
}

/** Calls `f`; returns its value, or the error when it is an {@link MnasError}; rethrows anything else. */
export function valueOrMnasError<T>(f: () => T): { ok: true; value: T } | { ok: false; error: MnasError } {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    if (error instanceof MnasError) return { ok: false, error };
    throw error;
  }
}

/** Numbers past every limit, at the edges of safe integers, and not numbers at all. */
export const HOSTILE_NUMBERS: readonly unknown[] = [
  -1,
  0,
  0.5,
  1025,
  4097,
  1e6,
  1e12,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  -0,
  Number.NaN,
  Infinity,
  -Infinity,
  '3',
  null,
  true,
  [],
  {},
];

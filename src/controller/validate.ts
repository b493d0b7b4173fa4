/**
 * Checks shared by the controllers: options, decisions and snapshot fields.
 *
 * @module
 */

import { ControllerStateError, InvalidOptionsError, describeValue, type ErrorPath } from '../errors.js';
import type { Decision } from '../space/types.js';
import { type Fail, RNG_SEED, type Rule, check, checkKnownKeys, failWith, isRecord } from '../validate.js';

/** Throws the typed error about a controller option. */
export const optionFail: Fail = failWith(InvalidOptionsError, 'controller option');

/** A number option (`fallback` when undefined) that `rule` accepts. @throws InvalidOptionsError otherwise. */
export function numberOption(value: number | undefined, fallback: number, name: string, rule: Rule<number>): number {
  return check(rule, value ?? fallback, [name], optionFail);
}

/** A seed option. @throws InvalidOptionsError unless a safe integer or a string. */
export function seedOption(seed: number | string | undefined): number | string {
  return check(RNG_SEED, seed ?? 0, ['seed'], optionFail);
}

/**
 * Refuses every key of a controller's `options` that is not in `known`.
 * @throws InvalidOptionsError naming the first unknown key.
 */
export function checkControllerKeys(options: object, known: readonly string[]): void {
  checkKnownKeys(options as Record<string, unknown>, known, [], optionFail);
}

/** Throws a {@link ControllerStateError} about a snapshot field. */
export function badSnapshot(path: ErrorPath, expected: string, received: unknown): never {
  const where = path.length === 0 ? 'snapshot' : `snapshot.${path.join('.')}`;
  throw new ControllerStateError(`Invalid controller snapshot at ${where}: expected ${expected}, received ${describeValue(received)}`, {
    path: ['snapshot', ...path],
    expected,
    received,
  });
}

/** Reads an object field of a snapshot. */
export function snapObject(value: unknown, path: ErrorPath): Record<string, unknown> {
  if (!isRecord(value)) badSnapshot(path, 'an object', value);
  return value;
}

/** Reads a finite number field of a snapshot; `integer`: a safe integer (ids, counters, indices). */
export function snapNumber(value: unknown, path: ErrorPath, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) {
    badSnapshot(path, integer ? 'a safe integer' : 'a finite number', value);
  }
  return value;
}

/** Reads an array of finite numbers of a snapshot (optionally of a given length). */
export function snapNumbers(value: unknown, path: ErrorPath, length?: number): number[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    badSnapshot(path, length === undefined ? 'an array of numbers' : `an array of ${length} numbers`, value);
  }
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number' || !Number.isFinite(value[i])) badSnapshot([...path, i], 'a finite number', value[i]);
  }
  return value as number[];
}

/** Bytes as base64 text (`btoa` of their Latin-1 string, built in pieces to stay within argument limits). */
export function bytesToBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** Reads base64 text of a snapshot back to bytes. @throws ControllerStateError naming `path` when it is not base64. */
export function snapBase64(text: string, path: ErrorPath): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    badSnapshot(path, 'base64 text', text);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Float64 weights as snapshot JSON: their little-endian bytes in base64, `{ float64: '...' }` (exact, about 11 characters a weight). */
export function packFloat64(values: Float64Array): { float64: string } {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i] as number, true);
  return { float64: bytesToBase64(bytes) };
}

/** Reads weights of a snapshot: `{ float64: base64 }` (`packFloat64`) or, as older snapshots hold them, an array of numbers. */
export function snapFloat64(value: unknown, path: ErrorPath, length: number): Float64Array {
  if (Array.isArray(value)) return Float64Array.from(snapNumbers(value, path, length));
  const expected = `an array of ${length} numbers or { float64: base64 of ${length * 8} bytes }`;
  const text = typeof value === 'object' && value !== null ? (value as { float64?: unknown }).float64 : undefined;
  if (typeof text !== 'string' || text.length !== Math.ceil((length * 8) / 3) * 4) badSnapshot(path, expected, value);
  const bytes = snapBase64(text, [...path, 'float64']);
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = view.getFloat64(i * 8, true);
    if (!Number.isFinite(out[i])) badSnapshot([...path, 'float64', i], 'a finite number', out[i]);
  }
  return out;
}

/** Reads a token list of a snapshot and checks it against the decisions. */
export function snapTokens(value: unknown, path: ErrorPath, decisions: readonly Decision[]): number[] {
  const tokens = snapNumbers(value, path, decisions.length);
  tokens.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= (decisions[i] as Decision).size) {
      badSnapshot([...path, i], `an integer in [0, ${(decisions[i] as Decision).size})`, t);
    }
  });
  return tokens;
}

/** Reads an array of a snapshot. */
export function snapArray(value: unknown, path: ErrorPath): unknown[] {
  if (!Array.isArray(value)) badSnapshot(path, 'an array', value);
  return value;
}

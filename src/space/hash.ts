/**
 * Stable keys and short hashes of architectures, for caches of measurements
 * and evaluations.
 *
 * @module
 */

import type { Architecture } from './types.js';
import { assertArchitecture } from './validate.js';

/**
 * JSON with object keys sorted at every level (arrays keep their order), so
 * equal plain data gives equal strings whatever the key insertion order.
 */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec)
      .filter((k) => rec[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(rec[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The canonical key of an architecture: its stable JSON (sorted keys). Two
 * architectures have the same key exactly when they are equal as data.
 *
 * @throws InvalidArchitectureError when `arch` is invalid.
 * @example
 * canonicalArchitectureKey(mnasnetA1()).slice(0, 30); // '{"activation":"relu","blocks":['
 */
export function canonicalArchitectureKey(arch: Architecture): string {
  assertArchitecture(arch);
  return stableStringify(arch);
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** 64-bit FNV-1a of the UTF-8 bytes of `s`, as 16 hex digits. */
export function fnv1a64(s: string): string {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(s)) h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK;
  return h.toString(16).padStart(16, '0');
}

/**
 * A short stable hash of an architecture: 64-bit FNV-1a of
 * {@link canonicalArchitectureKey}, 16 hex digits. Not cryptographic; use the
 * key itself where a collision would matter.
 *
 * @throws InvalidArchitectureError when `arch` is invalid.
 * @example
 * hashArchitecture(mnasnetA1()); // 16 hex digits, the same in every process
 */
export function hashArchitecture(arch: Architecture): string {
  return fnv1a64(canonicalArchitectureKey(arch));
}

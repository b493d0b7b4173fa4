/**
 * Short content fingerprints for journal headers (not cryptographic).
 *
 * @module
 */

/**
 * A 64-bit FNV-1a hash of `JSON.stringify(value)` as 16 hex digits
 * (two 32-bit lanes with different offsets). Used to check on resume that the
 * space and the controller are the ones the journal was written with.
 */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (b >>> 15)) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * The short hashes that name bench caches and recipes (`proxy-64-2e14b4eae5.json`, a ground-truth
 * recipe's `recipeHash`): 64-bit FNV-1a of the UTF-8 bytes, the hash `hashArchitecture` uses, so
 * that the committed result files keep their names.
 */

const OFFSET_BASIS = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const BITS = 64n;

/** 64-bit FNV-1a of the UTF-8 bytes of `text`, as 16 hex digits. */
export function fnv1a64(text: string): string {
  let hash = OFFSET_BASIS;
  for (const byte of Buffer.from(text, 'utf8')) hash = BigInt.asUintN(Number(BITS), (hash ^ BigInt(byte)) * PRIME);
  return hash.toString(16).padStart(16, '0');
}

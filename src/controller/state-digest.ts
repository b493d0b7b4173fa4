/**
 * A 64-bit digest of a controller's numbers, to check that a replayed state
 * is bit for bit the one that was saved.
 *
 * @module
 */

/**
 * Hashes float64 values by their bits (and text by its UTF-16 code units)
 * in two 32-bit lanes, each a multiply (FNV-1a's prime, MurmurHash2's
 * constant) and an xor-shift per 32-bit word. Not cryptographic: it detects accidental
 * differences (another engine's `Math.exp`, another version's arithmetic), not
 * forgeries.
 *
 * @example
 * new StateDigest().numbers(Float64Array.of(1, 2)).text('a').hex(); // 16 hex digits
 */
export class StateDigest {
  private a = 0x811c9dc5;
  private b = 0x9747b28c;
  private readonly scratch = new Float64Array(1);
  private readonly words = new Uint32Array(this.scratch.buffer);

  /** Adds float64 values (`null` and `undefined` as NaN bits). */
  numbers(values: ArrayLike<number | null | undefined>): this {
    if (values instanceof Float64Array) {
      const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
      for (let i = 0; i < words.length; i++) this.word(words[i] as number);
      return this.word(values.length);
    }
    for (let i = 0; i < values.length; i++) {
      this.scratch[0] = values[i] ?? Number.NaN;
      this.word(this.words[0] as number).word(this.words[1] as number);
    }
    return this.word(values.length);
  }

  /** Adds a string. */
  text(value: string): this {
    for (let i = 0; i < value.length; i++) this.word(value.charCodeAt(i));
    return this.word(value.length);
  }

  /** The digest as 16 hexadecimal digits. */
  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }

  private word(w: number): this {
    this.a = Math.imul(this.a ^ w, 0x01000193);
    this.a ^= this.a >>> 13;
    this.b = Math.imul(this.b ^ w, 0x5bd1e995);
    this.b ^= this.b >>> 15;
    return this;
  }
}

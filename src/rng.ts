/**
 * Seeded random number generator with saveable state.
 *
 * xoshiro128** (Blackman and Vigna, 2018) seeded through splitmix32. The
 * whole state is four 32-bit words, so it serializes as plain JSON and a
 * restored generator continues the exact same sequence.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from './errors.js';

/** Saved state of an {@link Rng}: four unsigned 32-bit words, plus a cached normal deviate. */
export interface RngState {
  readonly s: readonly [number, number, number, number];
  readonly spareNormal: number | null;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashSeed(seed: number | string): number {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) {
      throw new InvalidOptionsError(`Invalid seed: expected a safe integer or a string, received ${describeValue(seed)}`, {
        path: ['seed'],
      });
    }
    // Mix the high bits in so that seeds above 2^32 stay distinct.
    return (seed ^ Math.floor(seed / 0x100000000)) >>> 0;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * A seeded pseudo-random generator. Library code never calls `Math.random`;
 * it takes an `Rng` (or a seed) from the caller.
 *
 * @example
 * const rng = new Rng(42);
 * rng.int(10); // an integer in [0, 10)
 * const saved = rng.state();
 * const again = Rng.fromState(saved); // continues the same sequence
 */
export class Rng {
  private s: [number, number, number, number];
  private spareNormal: number | null = null;

  /** @param seed - a safe integer or any string. @throws InvalidOptionsError for a non-integer number. */
  constructor(seed: number | string = 0) {
    const next = splitmix32(hashSeed(seed));
    this.s = [next(), next(), next(), next()];
    if (this.s.every((x) => x === 0)) this.s[0] = 1;
  }

  /** Restores a generator saved with {@link Rng.state}. @throws InvalidOptionsError when the state is malformed. */
  static fromState(state: RngState): Rng {
    const ok =
      state !== null &&
      typeof state === 'object' &&
      Array.isArray(state.s) &&
      state.s.length === 4 &&
      state.s.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff) &&
      !state.s.every((x) => x === 0) &&
      (state.spareNormal === null || Number.isFinite(state.spareNormal));
    if (!ok) {
      throw new InvalidOptionsError(
        `Invalid RNG state: expected { s: four uint32 words, not all 0; spareNormal: number | null }, received ${describeValue(state)}`,
        { path: ['rng'] },
      );
    }
    const rng = new Rng(0);
    rng.s = [state.s[0], state.s[1], state.s[2], state.s[3]];
    rng.spareNormal = state.spareNormal;
    return rng;
  }

  /** The generator's state as plain JSON. */
  state(): RngState {
    return { s: [this.s[0], this.s[1], this.s[2], this.s[3]], spareNormal: this.spareNormal };
  }

  /** A copy that continues the same sequence independently. */
  clone(): Rng {
    return Rng.fromState(this.state());
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] = (s[2] ^ s[0]) >>> 0;
    s[3] = (s[3] ^ s[1]) >>> 0;
    s[1] = (s[1] ^ s[2]) >>> 0;
    s[0] = (s[0] ^ s[3]) >>> 0;
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform float in [0, 1) with 53 bits of randomness. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n), without modulo bias. @throws InvalidOptionsError unless n is a positive safe integer. */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new InvalidOptionsError(`Invalid range for Rng.int: expected a positive integer, received ${describeValue(n)}`, {
        path: ['n'],
      });
    }
    if (n <= 0x100000000) {
      const limit = 0x100000000 - (0x100000000 % n);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.next() * n);
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal deviate (Marsaglia polar method). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const r = u * u + v * v;
      if (r > 0 && r < 1) {
        const f = Math.sqrt((-2 * Math.log(r)) / r);
        this.spareNormal = v * f;
        return u * f;
      }
    }
  }

  /** A uniformly chosen element. @throws InvalidOptionsError for an empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A shuffled copy (Fisher-Yates); the input is not modified. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** Index drawn from unnormalized non-negative weights. */
  categorical(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new InvalidOptionsError(
        `Invalid weights for Rng.categorical: expected a positive finite sum, received ${describeValue(weights)}`,
        {
          path: ['weights'],
        },
      );
    }
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] as number;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** A 32-bit seed for a child generator or a library that takes an integer seed. */
  seed(): number {
    return this.nextUint32();
  }
}

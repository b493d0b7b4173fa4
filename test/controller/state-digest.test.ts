import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateDigest } from '../../src/controller/state-digest.js';

const digestOf = (values: readonly number[]): string => new StateDigest().numbers(Float64Array.from(values)).hex();

describe('StateDigest', () => {
  it('is 16 hex digits, the same for the same numbers whether given as a Float64Array or an array', () => {
    const values = [0.1, -2, 1e-300, 3];
    expect(digestOf(values)).toMatch(/^[0-9a-f]{16}$/);
    expect(new StateDigest().numbers(values).hex()).toBe(digestOf(values));
  });

  it('changes when any one bit of any value changes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 50 }), fc.nat(), fc.nat(63), (values, at, bit) => {
        const a = Float64Array.from(values);
        const b = Float64Array.from(values);
        const words = new Uint32Array(b.buffer);
        const i = (at % b.length) * 2 + (bit >> 5);
        words[i] = ((words[i] as number) ^ (1 << (bit & 31))) >>> 0;
        expect(new StateDigest().numbers(b).hex()).not.toBe(new StateDigest().numbers(a).hex());
      }),
    );
  });

  it('tells apart the same numbers split differently, and texts', () => {
    expect(new StateDigest().numbers([1, 2]).numbers([3]).hex()).not.toBe(new StateDigest().numbers([1]).numbers([2, 3]).hex());
    expect(new StateDigest().text('ab').hex()).not.toBe(new StateDigest().text('ba').hex());
  });
});

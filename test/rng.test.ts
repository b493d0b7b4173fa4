import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, Rng } from '../src/index.js';

describe('Rng', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), (seed) => {
        const a = new Rng(seed);
        const b = new Rng(seed);
        for (let i = 0; i < 20; i++) expect(a.next()).toBe(b.next());
      }),
    );
  });

  it('continues exactly after state() and fromState()', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(50), (seed, skip) => {
        const a = new Rng(seed);
        for (let i = 0; i < skip; i++) a.normal();
        const b = Rng.fromState(JSON.parse(JSON.stringify(a.state())));
        for (let i = 0; i < 20; i++) expect(b.normal()).toBe(a.normal());
      }),
    );
  });

  it('draws int(n) in [0, n) and uniform floats in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 2 ** 40 }), (seed, n) => {
        const rng = new Rng(seed);
        const x = rng.int(n);
        const u = rng.next();
        expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
        expect(u >= 0 && u < 1).toBe(true);
      }),
    );
  });

  it('throws InvalidOptionsError for a bad range or state', () => {
    expect(() => new Rng(1).int(0)).toThrow(InvalidOptionsError);
    expect(() => new Rng(1.5)).toThrow(/seed/);
    expect(() => Rng.fromState({ s: [0, 0, 0, 0], spareNormal: null })).toThrow(InvalidOptionsError);
  });

  it('does not modify the input of shuffle', () => {
    const items = [1, 2, 3, 4, 5];
    const out = new Rng(3).shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect([...out].sort()).toEqual(items);
  });
});

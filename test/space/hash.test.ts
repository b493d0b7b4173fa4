import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidArchitectureError,
  Rng,
  canonicalArchitectureKey,
  hashArchitecture,
  mnasnetA1,
  mnasnetB1,
  mnasnetSpace,
  stableStringify,
} from './imports.js';

describe('canonicalArchitectureKey / hashArchitecture', () => {
  it('ignores key order', () => {
    const a = mnasnetA1();
    const shuffled = JSON.parse(
      JSON.stringify({
        head: a.head,
        blocks: a.blocks.map((b) => Object.fromEntries(Object.entries(b).reverse())),
        stem: a.stem,
        numClasses: a.numClasses,
        activation: a.activation,
        inputShape: a.inputShape,
      }),
    );
    expect(canonicalArchitectureKey(shuffled)).toBe(canonicalArchitectureKey(a));
    expect(hashArchitecture(shuffled)).toBe(hashArchitecture(a));
  });

  it('is a stable 16-hex-digit FNV-1a 64 of the sorted JSON', () => {
    expect(
      canonicalArchitectureKey(mnasnetA1()).startsWith(
        '{"activation":"relu","blocks":[{"expansion":1,"filters":16,"kernel":3,"op":"dwconv"',
      ),
    ).toBe(true);
    expect(hashArchitecture(mnasnetA1())).toMatch(/^[0-9a-f]{16}$/);
    expect(hashArchitecture(mnasnetA1())).toBe(hashArchitecture(mnasnetA1()));
    expect(hashArchitecture(mnasnetA1())).not.toBe(hashArchitecture(mnasnetB1()));
  });

  it('gives distinct keys to distinct sampled architectures (property)', () => {
    const space = mnasnetSpace();
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (s1, s2) => {
        const a = space.sample(new Rng(s1));
        const b = space.sample(new Rng(s2));
        const same = JSON.stringify(space.encode(a)) === JSON.stringify(space.encode(b));
        expect(canonicalArchitectureKey(a) === canonicalArchitectureKey(b)).toBe(same);
      }),
      { numRuns: 50 },
    );
  });

  it('throws InvalidArchitectureError on an invalid architecture', () => {
    expect(() => hashArchitecture({ ...mnasnetA1(), numClasses: -1 })).toThrow(InvalidArchitectureError);
  });

  it('stableStringify sorts keys at every level', () => {
    expect(stableStringify({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});

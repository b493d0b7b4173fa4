import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidArchitectureError,
  InvalidSpaceError,
  InvalidTokensError,
  Rng,
  MOBILENET_V2_SKELETON,
  countMacs,
  countParams,
  factorizedSpace,
  mnasnetA1,
  mnasnetSpace,
  mobilenetV2,
  validateArchitecture,
  validateTokens,
  type Decision,
  type SearchSpace,
} from './imports.js';
import { thrown } from './thrown.js';
import { tokensArb } from './arbitraries.js';

function roundTrips<T>(space: SearchSpace<T>, numRuns = 200): void {
  fc.assert(
    fc.property(tokensArb(space.decisions), (t) => {
      expect(space.encode(space.decode(t))).toEqual(t);
    }),
    { numRuns },
  );
}

describe('mnasnetSpace', () => {
  const space = mnasnetSpace();

  it('has 42 decisions, block by block: op, kernel, se, skip, filters, layers', () => {
    expect(space.decisions).toHaveLength(42);
    expect(space.decisions.slice(0, 6)).toEqual([
      { name: 'blocks[0].op', size: 4 },
      { name: 'blocks[0].kernel', size: 2 },
      { name: 'blocks[0].se', size: 2 },
      { name: 'blocks[0].skip', size: 3 },
      { name: 'blocks[0].filters', size: 3 },
      { name: 'blocks[0].layers', size: 3 },
    ]);
    expect(space.decisions[41]).toEqual({ name: 'blocks[6].layers', size: 3 });
    for (let b = 0; b < 7; b++) {
      const perBlock = space.decisions.slice(6 * b, 6 * b + 6).reduce((p, d) => p * d.size, 1);
      expect(perBlock).toBe(432);
    }
    expect(space.size()).toBe(432n ** 7n);
  });

  it('round-trips tokens: encode(decode(t)) equals t (property)', () => {
    roundTrips(space, 300);
  });

  it('decodes every token list to a valid architecture (property)', () => {
    fc.assert(
      fc.property(tokensArb(space.decisions), (t) => {
        const arch = space.decode(t);
        expect(validateArchitecture(arch).ok).toBe(true);
        expect(countParams(arch)).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('decodes the first and last options as documented', () => {
    const t = Array.from({ length: 42 }, (_, i) => (i < 6 ? 0 : space.decisions[i]!.size - 1));
    const arch = space.decode(t);
    expect(arch.blocks[0]).toEqual({ op: 'conv', kernel: 3, expansion: 1, seRatio: 0, skip: 'pool', filters: 12, repeats: 0, stride: 1 });
    expect(arch.blocks[1]).toEqual({
      op: 'mbconv',
      kernel: 5,
      expansion: 6,
      seRatio: 0.25,
      skip: 'none',
      filters: 30,
      repeats: 3,
      stride: 2,
    });
    expect(arch.stem).toEqual({ filters: 32, kernel: 3, stride: 2 });
    expect(arch.head).toEqual({ filters: 1280, dropout: 0.2 });
  });

  it('samples the same architectures from the same seed, inside the space', () => {
    const a = [1, 2, 3].map(() => space.sample(new Rng(7)));
    expect(a[1]).toEqual(a[0]);
    const rng = new Rng(11);
    for (let i = 0; i < 20; i++) {
      const arch = space.sample(rng);
      expect(space.decode(space.encode(arch))).toEqual(arch);
    }
  });

  it('holds MobileNetV2 (with ReLU6) at these tokens', () => {
    const tokens = [1, 0, 0, 1, 1, 1, ...Array.from({ length: 6 }, () => [3, 0, 0, 1, 1, 1]).flat()];
    expect(mnasnetSpace({ activation: 'relu6' }).encode(mobilenetV2())).toEqual(tokens);
    expect(mnasnetSpace({ activation: 'relu6' }).decode(tokens)).toEqual(mobilenetV2());
  });

  it('says why MnasNet-A1 is not in it (112 filters is not 96 x {0.75, 1, 1.25})', () => {
    const e = thrown(() => space.encode(mnasnetA1()));
    expect(e).toBeInstanceOf(InvalidArchitectureError);
    expect((e as InvalidArchitectureError).path).toEqual(['blocks', 4, 'filters']);
    expect((e as Error).message).toBe('Architecture not in this space at blocks[4].filters: expected one of 72, 96, 120, received 112');
  });

  it('rejects architectures whose fixed parts differ', () => {
    const arch = space.sample(new Rng(1));
    expect((thrown(() => space.encode({ ...arch, numClasses: 10 })) as Error).message).toBe(
      'Architecture not in this space at numClasses: expected 1000, received 10',
    );
    expect((thrown(() => space.encode({ ...arch, blocks: arch.blocks.slice(1) })) as InvalidArchitectureError).path).toEqual(['blocks']);
    expect(() => space.encode({ ...arch, blocks: arch.blocks.map((b) => ({ ...b, stride: 1 })) })).toThrow(InvalidArchitectureError);
  });

  it('takes inputShape, numClasses and choices options', () => {
    const small = mnasnetSpace({ inputShape: [32, 32, 3], numClasses: 10, choices: { kernels: [3] } });
    expect(small.decisions).toHaveLength(35);
    expect(small.size()).toBe(216n ** 7n);
    expect(small.sample(new Rng(2)).inputShape).toEqual([32, 32, 3]);
    roundTrips(small, 50);
  });

  it('refuses a skeleton option', () => {
    expect(() => mnasnetSpace({ skeleton: [] } as never)).toThrow(InvalidSpaceError);
  });
});

describe('validateTokens', () => {
  const decisions: Decision[] = [
    { name: 'blocks[0].op', size: 4 },
    { name: 'blocks[0].kernel', size: 2 },
  ];
  const cases: [string, unknown, (string | number)[], string][] = [
    ['the length is wrong', [0], [], 'Invalid tokens: expected 2 tokens (one per decision), received 1'],
    ['a token is out of range', [0, 2], [1], 'Invalid tokens at [1] (blocks[0].kernel): expected an integer in [0, 2), received 2'],
    ['a token is negative', [-1, 0], [0], 'Invalid tokens at [0] (blocks[0].op): expected an integer in [0, 4), received -1'],
    ['a token is not an integer', [1.5, 0], [0], 'Invalid tokens at [0] (blocks[0].op): expected an integer in [0, 4), received 1.5'],
    ['a token is NaN', [0, Number.NaN], [1], 'Invalid tokens at [1] (blocks[0].kernel): expected an integer in [0, 2), received NaN'],
    ['a token is a string', ['1', 0], [0], 'Invalid tokens at [0] (blocks[0].op): expected an integer in [0, 4), received "1"'],
    ['it is not an array', 'ab', [], 'Invalid tokens: expected an array of 2 integers, received "ab"'],
  ];
  it.each(cases)('throws InvalidTokensError when %s', (_n, tokens, path, message) => {
    const e = thrown(() => validateTokens(decisions, tokens));
    expect(e).toBeInstanceOf(InvalidTokensError);
    expect((e as InvalidTokensError).path).toEqual(path);
    expect((e as Error).message).toBe(message);
  });

  it('guards decode', () => {
    const space = mnasnetSpace();
    expect(() => space.decode([1, 2, 3])).toThrow(InvalidTokensError);
    const t = new Array<number>(42).fill(0);
    t[3] = 3;
    expect((thrown(() => space.decode(t)) as Error).message).toBe(
      'Invalid tokens at [3] (blocks[0].skip): expected an integer in [0, 3), received 3',
    );
  });
});

describe('the paper count (Tan et al. 2019, Sec. 4.1)', () => {
  it('gives S^B = 432^5, about 10^13, against 10^39 for a per-layer space of B*N = 15 layers', () => {
    const block = { filters: 32, repeats: 3, stride: 1 };
    const hierarchical = factorizedSpace({ skeleton: Array.from({ length: 5 }, () => block) });
    const perLayer = factorizedSpace({ skeleton: Array.from({ length: 15 }, () => ({ ...block, repeats: 1 })) });
    expect(hierarchical.size()).toBe(432n ** 5n);
    expect(perLayer.size()).toBe(432n ** 15n);
    expect(hierarchical.size().toString().length - 1).toBe(13); // 1.5e13
    expect(perLayer.size().toString().length - 1).toBe(39); // 3.3e39
  });
});

describe('docs/search-space.md worked example', () => {
  const A1_NEAREST = [
    1, 0, 0, 2, 1, 1, 3, 0, 0, 1, 1, 1, 2, 1, 1, 1, 2, 1, 3, 0, 0, 1, 2, 1, 3, 0, 1, 1, 2, 0, 3, 1, 1, 1, 1, 1, 3, 0, 0, 1, 1, 1,
  ];

  it('decodes the nearest point of MnasNet-A1 to A1 with 120 filters in block 4', () => {
    const a1 = mnasnetA1();
    const arch = mnasnetSpace().decode(A1_NEAREST);
    expect(arch).toEqual({ ...a1, blocks: a1.blocks.map((b, i) => (i === 4 ? { ...b, filters: 120 } : b)) });
    expect(countParams(arch)).toBe(3_945_250);
    expect(countMacs(arch)).toBe(319_410_608);
  });

  it('encodes MnasNet-A1 itself in a space whose block 4 offers 112 filters', () => {
    const space = factorizedSpace({
      skeleton: MOBILENET_V2_SKELETON.map((b, i) => (i === 4 ? { ...b, choices: { filterMultipliers: [0.75, 1, 112 / 96] } } : b)),
    });
    expect(space.encode(mnasnetA1())).toEqual(A1_NEAREST);
    expect(space.decode(A1_NEAREST)).toEqual(mnasnetA1());
  });
});

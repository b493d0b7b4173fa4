import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidSpaceError,
  InvalidTokensError,
  Rng,
  defineSpace,
  factorizedSpace,
  parseBlocks,
  type BlockSpec,
  type FactorizedSpaceOptions,
} from './imports.js';
import { thrown } from './thrown.js';
import { tokensArb } from './arbitraries.js';

describe('factorizedSpace', () => {
  const fixed = parseBlocks(['cn_r1_k3_s1_c16'])[0] as BlockSpec;
  const options: FactorizedSpaceOptions = {
    skeleton: [
      { fixed },
      { filters: 24, repeats: 2, stride: 2 },
      { filters: 48, repeats: 2, stride: 2, choices: { kernels: [3], skips: ['identity'] } },
    ],
    choices: {
      kernels: [3, 5, 7],
      ops: [3, 4, 6].map((expansion) => ({ op: 'mbconv' as const, expansion })),
      seRatios: [0],
      layerDeltas: [0, 1],
    },
    inputShape: [32, 32, 3],
    numClasses: 10,
    stem: { filters: 16, kernel: 3, stride: 1 },
    head: { filters: 0, dropout: 0 },
  };
  const space = factorizedSpace(options);

  it('makes decisions only for choice lists of two or more options, none for fixed blocks', () => {
    expect(space.decisions).toEqual([
      { name: 'blocks[1].op', size: 3 },
      { name: 'blocks[1].kernel', size: 3 },
      { name: 'blocks[1].skip', size: 3 },
      { name: 'blocks[1].filters', size: 3 },
      { name: 'blocks[1].layers', size: 2 },
      { name: 'blocks[2].op', size: 3 },
      { name: 'blocks[2].filters', size: 3 },
      { name: 'blocks[2].layers', size: 2 },
    ]);
    expect(space.size()).toBe(3n * 3n * 3n * 3n * 2n * 3n * 3n * 2n);
  });

  it('decodes with the per-block overrides, the fixed block and the global options', () => {
    const arch = space.decode([2, 2, 0, 2, 1, 0, 0, 0]);
    expect(arch.blocks).toEqual([
      fixed,
      { op: 'mbconv', kernel: 7, expansion: 6, seRatio: 0, skip: 'pool', filters: 30, repeats: 3, stride: 2 },
      { op: 'mbconv', kernel: 3, expansion: 3, seRatio: 0, skip: 'identity', filters: 36, repeats: 2, stride: 2 },
    ]);
    expect(arch.inputShape).toEqual([32, 32, 3]);
    expect(arch.head).toEqual({ filters: 0, dropout: 0 });
  });

  it('round-trips tokens (property)', () => {
    fc.assert(
      fc.property(tokensArb(space.decisions), (t) => {
        expect(space.encode(space.decode(t))).toEqual(t);
      }),
      { numRuns: 200 },
    );
  });

  it('encodes regardless of key order and rejects a changed fixed block', () => {
    const arch = space.sample(new Rng(5));
    const reordered = JSON.parse(
      JSON.stringify({
        head: arch.head,
        blocks: arch.blocks,
        stem: arch.stem,
        numClasses: arch.numClasses,
        activation: arch.activation,
        inputShape: arch.inputShape,
      }),
    );
    expect(space.encode(reordered)).toEqual(space.encode(arch));
    const changed = { ...arch, blocks: [{ ...fixed, kernel: 5 }, ...arch.blocks.slice(1)] };
    expect(() => space.encode(changed)).toThrow(/blocks\[0\]/);
  });

  it('rounds filters to a divisor on request', () => {
    const s = factorizedSpace({
      skeleton: [{ filters: 32, repeats: 1, stride: 1 }],
      filtersDivisor: 8,
      choices: { filterMultipliers: [0.5, 1, 1.3] },
    });
    const filters = [0, 1, 2].map((i) => s.decode([0, 0, 0, 0, i, 0]).blocks[0]!.filters);
    expect(filters).toEqual([16, 32, 40]);
  });

  const bad: [string, FactorizedSpaceOptions, (string | number)[], string][] = [
    [
      'the skeleton is empty',
      { skeleton: [] },
      ['skeleton'],
      'Invalid space at skeleton: expected a non-empty array of at most 64 blocks, received []',
    ],
    [
      'a kernel is even',
      { skeleton: [{ filters: 8, repeats: 1, stride: 1, choices: { kernels: [3, 4] } }] },
      ['skeleton', 0, 'choices', 'kernels', 1],
      'Invalid space at skeleton[0].choices.kernels[1]: expected an odd integer in [1, 15], received 4',
    ],
    [
      'an option repeats',
      { skeleton: [{ filters: 8, repeats: 1, stride: 1 }], choices: { seRatios: [0, 0] } },
      ['choices', 'seRatios', 1],
      'Invalid space at choices.seRatios[1]: expected no duplicate option, received 0',
    ],
    [
      'two multipliers give the same filters',
      { skeleton: [{ filters: 16, repeats: 1, stride: 1 }], filtersDivisor: 8 },
      ['choices', 'filterMultipliers', 1],
      "Invalid space at choices.filterMultipliers[1]: expected a multiplier giving filters distinct from the others' (16, 16, 24), received 1",
    ],
    [
      'a layer delta goes below 0',
      { skeleton: [{ filters: 16, repeats: 1, stride: 1 }], choices: { layerDeltas: [-2, 0] } },
      ['choices', 'layerDeltas', 0],
      'Invalid space at choices.layerDeltas[0]: expected an integer in [-1, 31] (layers stay in [0, 32]), received -2',
    ],
    [
      'an op has an expansion it cannot have',
      { skeleton: [{ filters: 16, repeats: 1, stride: 1 }], choices: { ops: [{ op: 'dwconv', expansion: 3 }] } },
      ['choices', 'ops', 0],
      `Invalid space at choices.ops[0]: expected { op, expansion } with expansion 1 for 'conv' and 'dwconv', an integer >= 1 for 'mbconv', received {"op":"dwconv","expansion":3}`,
    ],
    [
      'a choice key is unknown',
      { skeleton: [{ filters: 16, repeats: 1, stride: 1 }], choices: { kernel: [3] } as never },
      ['choices', 'kernel'],
      'Invalid space at choices.kernel: expected a known key (ops, kernels, seRatios, skips, filterMultipliers, layerDeltas), received [3]',
    ],
    [
      'the stride is 3',
      { skeleton: [{ filters: 16, repeats: 1, stride: 3 }] },
      ['skeleton', 0, 'stride'],
      'Invalid space at skeleton[0].stride: expected 1 or 2, received 3',
    ],
    [
      'a fixed block is invalid',
      { skeleton: [{ fixed: { ...(parseBlocks(['ds_r1_k3_s1_e1_c16'])[0] as BlockSpec), kernel: 2 } }] },
      ['skeleton', 0, 'fixed', 'kernel'],
      'Invalid space at skeleton[0].fixed.kernel: expected an odd integer in [1, 15], received 2',
    ],
    [
      'numClasses is 0',
      { skeleton: [{ filters: 16, repeats: 1, stride: 1 }], numClasses: 0 },
      ['numClasses'],
      'Invalid space at numClasses: expected an integer in [1, 100000], received 0',
    ],
  ];
  it.each(bad)('throws InvalidSpaceError when %s', (_n, o, path, message) => {
    const e = thrown(() => factorizedSpace(o));
    expect(e).toBeInstanceOf(InvalidSpaceError);
    expect((e as InvalidSpaceError).path).toEqual(path);
    expect((e as Error).message).toBe(message);
  });
});

describe('defineSpace', () => {
  // A tabular-benchmark-like space: 6 edges with 5 ops each, values are strings.
  const OPS = ['none', 'skip', 'conv1', 'conv3', 'pool'];
  const cells = defineSpace<string>({
    decisions: Array.from({ length: 6 }, (_, i) => ({ name: `edge${i}`, size: 5 })),
    decode: (t) => t.map((x) => OPS[x]).join('|'),
    encode: (s) => s.split('|').map((op) => OPS.indexOf(op)),
  });

  it('is generic over the decoded type', () => {
    expect(cells.size()).toBe(15625n);
    expect(cells.decode([0, 1, 2, 3, 4, 0])).toBe('none|skip|conv1|conv3|pool|none');
    const s = cells.sample(new Rng(3));
    expect(typeof s).toBe('string');
    expect(cells.decode(cells.encode(s))).toBe(s);
  });

  it('validates tokens before decode and the tokens encode returns', () => {
    expect(() => cells.decode([0, 1, 2, 3, 4, 5])).toThrow(InvalidTokensError);
    const e = thrown(() => cells.encode('none|skip|conv1|conv3|pool|bogus'));
    expect(e).toBeInstanceOf(InvalidSpaceError);
    expect((e as Error).message).toContain('encode returned invalid tokens');
  });

  it('rejects malformed decisions', () => {
    const dup = thrown(() =>
      defineSpace({
        decisions: [
          { name: 'a', size: 2 },
          { name: 'a', size: 3 },
        ],
        decode: () => 0,
        encode: () => [0, 0],
      }),
    );
    expect(dup).toBeInstanceOf(InvalidSpaceError);
    expect((dup as InvalidSpaceError).path).toEqual(['decisions', 1, 'name']);
    const zero = thrown(() => defineSpace({ decisions: [{ name: 'a', size: 0 }], decode: () => 0, encode: () => [0] }));
    expect((zero as Error).message).toBe('Invalid space at decisions[0].size: expected an integer in [1, 4294967296], received 0');
  });
});

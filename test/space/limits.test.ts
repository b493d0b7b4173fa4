import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/validate.js';
import {
  InvalidArchitectureError,
  InvalidBlockStringError,
  InvalidOptionsError,
  InvalidSpaceError,
  countMacs,
  countParams,
  factorizedSpace,
  mnasnetA1,
  mobilenetV2,
  parseBlock,
  parseBlocks,
  validateArchitecture,
  type Architecture,
  type BlockSpec,
} from './imports.js';
import { thrown } from './thrown.js';

const tiny = (over: Partial<Architecture> = {}): Architecture => ({
  inputShape: [8, 8, 3],
  numClasses: 10,
  activation: 'relu',
  stem: { filters: 8, kernel: 3, stride: 1 },
  blocks: [{ op: 'mbconv', kernel: 3, expansion: 2, seRatio: 0, skip: 'identity', filters: 8, repeats: 1, stride: 1 }],
  head: { filters: 0, dropout: 0 },
  ...over,
});
const withBlock = (patch: Partial<BlockSpec>): Architecture => tiny({ blocks: [{ ...(tiny().blocks[0] as BlockSpec), ...patch }] });

/** The first issue of an invalid architecture. */
function firstIssue(a: unknown): { path: readonly (string | number)[]; expected: string } {
  const r = validateArchitecture(a);
  if (r.ok) throw new Error('expected an invalid architecture');
  expect(r.error).toBeInstanceOf(InvalidArchitectureError);
  return { path: r.error.path, expected: r.error.expected as string };
}

describe('validateArchitecture limits', () => {
  const fields: [string, (v: number) => unknown, number, (string | number)[]][] = [
    ['input height', (v) => tiny({ inputShape: [v, 8, 3] }), LIMITS.inputSide, ['inputShape', 0]],
    ['input width', (v) => tiny({ inputShape: [8, v, 3] }), LIMITS.inputSide, ['inputShape', 1]],
    ['input channels', (v) => tiny({ inputShape: [8, 8, v] }), LIMITS.inputChannels, ['inputShape', 2]],
    ['classes', (v) => tiny({ numClasses: v }), LIMITS.classes, ['numClasses']],
    ['stem filters', (v) => tiny({ stem: { filters: v, kernel: 3, stride: 1 } }), LIMITS.filters, ['stem', 'filters']],
    ['block filters', (v) => withBlock({ filters: v }), LIMITS.filters, ['blocks', 0, 'filters']],
    ['head filters', (v) => tiny({ head: { filters: v, dropout: 0 } }), LIMITS.filters, ['head', 'filters']],
    ['layers per block', (v) => withBlock({ repeats: v }), LIMITS.layersPerBlock, ['blocks', 0, 'repeats']],
    ['expansion', (v) => withBlock({ expansion: v }), LIMITS.expansion, ['blocks', 0, 'expansion']],
    ['kernel', (v) => withBlock({ kernel: v }), LIMITS.kernel, ['blocks', 0, 'kernel']],
  ];
  for (const [name, make, limit, path] of fields) {
    it(`rejects ${name} just past ${limit}, at 1e12 and at 2**53, naming the field`, () => {
      for (const v of [limit + (name === 'kernel' ? 2 : 1), 1e12, 2 ** 53, 2 ** 53 + 2]) {
        expect(firstIssue(make(v)).path).toEqual(path);
      }
    });
  }

  it('accepts 64 blocks and rejects 65', () => {
    const block = tiny().blocks[0] as BlockSpec;
    expect(validateArchitecture(tiny({ blocks: Array.from({ length: LIMITS.blocks }, () => block) })).ok).toBe(true);
    expect(firstIssue(tiny({ blocks: Array.from({ length: LIMITS.blocks + 1 }, () => block) })).path).toEqual(['blocks']);
  });

  it('rejects a network of more than LIMITS.params parameters at the block that gets there', () => {
    const conv: BlockSpec = { op: 'conv', kernel: 15, expansion: 1, seRatio: 0, skip: 'none', filters: 2048, repeats: 1, stride: 1 };
    // One such layer has 2048 * 2048 * 225 = 9.4e8 weights (after the first, which takes 8 channels in).
    const issue = firstIssue(tiny({ blocks: [conv, conv] }));
    expect(issue.path).toEqual(['blocks', 1]);
    expect(issue.expected).toMatch(/within 1e8 trainable parameters/);
  });

  it('rejects a network of more than LIMITS.macs multiply-accumulates', () => {
    const conv: BlockSpec = { op: 'conv', kernel: 15, expansion: 1, seRatio: 0, skip: 'none', filters: 32, repeats: 1, stride: 1 };
    const a = tiny({ inputShape: [512, 512, 3], stem: { filters: 32, kernel: 3, stride: 1 }, blocks: [conv] });
    const issue = firstIssue(a);
    expect(issue.path).toEqual(['blocks', 0]);
    expect(issue.expected).toMatch(/within 1e10 multiply-accumulates/);
  });

  it('rejects a network with more than LIMITS.activations live activation elements at the stem', () => {
    const issue = firstIssue(tiny({ inputShape: [1024, 1024, 3], stem: { filters: 4096, kernel: 3, stride: 1 } }));
    expect(issue.path).toEqual(['stem']);
    expect(issue.expected).toMatch(/within 2.5e8 activation elements/);
  });

  it('keeps the presets valid at the largest input side', () => {
    for (const a of [mnasnetA1({ inputShape: [1024, 1024, 3] }), mobilenetV2({ inputShape: [1024, 1024, 3] })]) {
      expect(validateArchitecture(a).ok).toBe(true);
      expect(countMacs(a)).toBeLessThan(LIMITS.macs);
      expect(countParams(a)).toBeLessThan(LIMITS.params);
    }
  });
});

describe('preset limits', () => {
  it('reject an input side past the limit with InvalidOptionsError', () => {
    const e = thrown(() => mnasnetA1({ inputShape: [LIMITS.inputSide + 1, 224, 3] }));
    expect(e).toBeInstanceOf(InvalidOptionsError);
    expect((e as InvalidOptionsError).path).toEqual(['inputShape', 0]);
    expect((e as InvalidOptionsError).received).toBe(LIMITS.inputSide + 1);
  });

  it('reject a width multiplier whose network is past the limits, blaming widthMultiplier', () => {
    const e = thrown(() => mobilenetV2({ widthMultiplier: 4 }));
    expect(e).toBeInstanceOf(InvalidOptionsError);
    expect((e as InvalidOptionsError).path).toEqual(['widthMultiplier']);
    expect((e as InvalidOptionsError).cause).toBeInstanceOf(InvalidArchitectureError);
  });
});

describe('block string limits', () => {
  it.each([
    ['ir_r33_k3_s1_e6_c16', ['repeats']],
    ['ir_r1_k3_s1_e17_c16', ['expansion']],
    ['ir_r1_k3_s1_e6_c4097', ['filters']],
    ['ir_r1_k17_s1_e6_c16', ['kernel']],
    ['ir_r1_k3_s1_e6_c99999999999999999999', ['filters']],
    ['r1_k3_s11_e6_i4097_o16', ['inputFilters']],
  ])('rejects %s at %j', (s, path) => {
    const e = thrown(() => parseBlock(s));
    expect(e).toBeInstanceOf(InvalidBlockStringError);
    expect((e as InvalidBlockStringError).path).toEqual(path);
  });

  it('rejects a string longer than LIMITS.blockStringLength and more than LIMITS.blocks strings', () => {
    const long = thrown(() => parseBlock(`ir_r1_k3_s1_e6_c16_${'x'.repeat(LIMITS.blockStringLength)}`)) as InvalidBlockStringError;
    expect(long).toBeInstanceOf(InvalidBlockStringError);
    expect(long.expected).toBe(`a string of at most ${LIMITS.blockStringLength} characters`);
    const many = thrown(() => parseBlocks(Array.from({ length: LIMITS.blocks + 1 }, () => 'ir_r1_k3_s1_e6_c16')));
    expect(many).toBeInstanceOf(InvalidBlockStringError);
  });

  it('does not take an inherited property for a timm op prefix', () => {
    const e = thrown(() => parseBlock('constructor_r1_k3_s1_c16')) as InvalidBlockStringError;
    expect(e).toBeInstanceOf(InvalidBlockStringError);
    expect(e.message).toMatch(/expected an op prefix ds, ir or cn, received "constructor"/);
  });
});

describe('factorized space limits', () => {
  const block = { filters: 16, repeats: 1, stride: 1 };
  it.each([
    ['65 skeleton blocks', { skeleton: Array.from({ length: LIMITS.blocks + 1 }, () => block) }, ['skeleton']],
    [
      'layers past 32',
      { skeleton: [{ filters: 16, repeats: 32, stride: 1 }], choices: { layerDeltas: [0, 1] } },
      ['choices', 'layerDeltas', 1],
    ],
    ['filters past 4096', { skeleton: [{ filters: 4097, repeats: 1, stride: 1 }] }, ['skeleton', 0, 'filters']],
    [
      'a multiplier giving filters past 4096',
      { skeleton: [{ filters: 4000, repeats: 1, stride: 1 }], choices: { filterMultipliers: [1, 1.25] } },
      ['choices', 'filterMultipliers', 1],
    ],
    ['numClasses 1e12', { skeleton: [block], numClasses: 1e12 }, ['numClasses']],
  ])('rejects %s', (_n, options, path) => {
    const e = thrown(() => factorizedSpace(options as never));
    expect(e).toBeInstanceOf(InvalidSpaceError);
    expect((e as InvalidSpaceError).path).toEqual(path);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidArchitectureError,
  InvalidBlockStringError,
  InvalidOptionsError,
  formatBlock,
  formatBlocks,
  mnasnetA1,
  mnasnetB1,
  mnasnetSmall,
  parseBlock,
  parseBlocks,
  type BlockSpec,
} from './imports.js';
import { thrown } from './thrown.js';
import { blockSpecArb } from './arbitraries.js';

// Block strings as published: TF tensorflow/tpu models/official/mnasnet/mnasnet_models.py, and timm's
// _efficientnet_builder.py style (MnasNet-A1/B1 and MobileNetV2 definitions of timm).
const OFFICIAL_TF = [
  'r1_k3_s11_e1_i32_o16_noskip',
  'r2_k3_s22_e6_i16_o24',
  'r3_k5_s22_e3_i24_o40_se0.25',
  'r4_k3_s22_e6_i40_o80',
  'r2_k3_s11_e6_i80_o112_se0.25',
  'r3_k5_s22_e6_i112_o160_se0.25',
  'r1_k3_s11_e6_i160_o320',
  'r1_k3_s11_e6_i192_o320_noskip',
];
const TIMM = [
  'ds_r1_k3_s1_e1_c16_noskip',
  'ir_r2_k3_s2_e6_c24',
  'ir_r3_k5_s2_e3_c40_se0.25',
  'ir_r1_k3_s1_e6_c320',
  'ir_r2_k3_s2_e6_c24_se0.25',
];

describe('parseBlock', () => {
  it('reads the official TF form', () => {
    expect(parseBlock('r3_k5_s22_e3_i24_o40_se0.25')).toEqual({
      op: 'mbconv',
      kernel: 5,
      expansion: 3,
      seRatio: 0.25,
      skip: 'identity',
      filters: 40,
      repeats: 3,
      stride: 2,
      inputFilters: 24,
    });
    expect(parseBlock('r1_k3_s11_e1_i32_o16_noskip')).toEqual({
      op: 'dwconv',
      kernel: 3,
      expansion: 1,
      seRatio: 0,
      skip: 'none',
      filters: 16,
      repeats: 1,
      stride: 1,
      inputFilters: 32,
    });
  });

  it("reads timm's form, with cn defaulting to no skip as in timm", () => {
    expect(parseBlock('ir_r2_k3_s2_e6_c24_se0.25')).toEqual({
      op: 'mbconv',
      kernel: 3,
      expansion: 6,
      seRatio: 0.25,
      skip: 'identity',
      filters: 24,
      repeats: 2,
      stride: 2,
    });
    expect(parseBlock('ds_r1_k3_s1_e1_c16_noskip').skip).toBe('none');
    expect(parseBlock('cn_r1_k3_s1_c32')).toEqual({
      op: 'conv',
      kernel: 3,
      expansion: 1,
      seRatio: 0,
      skip: 'none',
      filters: 32,
      repeats: 1,
      stride: 1,
    });
    expect(parseBlock('cn_r1_k3_s1_c32_skip').skip).toBe('identity');
    expect(parseBlock('ir_r2_k3_s2_e6_c24_pool').skip).toBe('pool');
  });

  it('reads the pool flag and the cn_/ir_ prefixes of the TF form', () => {
    expect(parseBlock('r2_k3_s22_e6_i16_o24_pool').skip).toBe('pool');
    expect(parseBlock('cn_r1_k5_s22_e1_i16_o24').op).toBe('conv');
    expect(parseBlock('ir_r1_k5_s11_e1_i16_o24').op).toBe('mbconv');
  });

  it.each([...OFFICIAL_TF.map((s) => [s, 'tf'] as const), ...TIMM.map((s) => [s, 'timm'] as const)])(
    'round-trips the published string %s',
    (s, style) => {
      expect(formatBlock(parseBlock(s), { style })).toBe(s);
    },
  );

  const bad: [string, (string | number)[], string][] = [
    [
      'r2_k4_s22_e6_i16_o24',
      ['kernel'],
      'Invalid block string "r2_k4_s22_e6_i16_o24" at kernel: expected an odd integer in [1, 15], received 4',
    ],
    [
      'r2_k3_s12_e6_i16_o24',
      ['stride'],
      'Invalid block string "r2_k3_s12_e6_i16_o24" at stride: expected a pair of equal stride digits like s22, received "s12"',
    ],
    ['r2_k3_s33_e6_i16_o24', ['stride'], 'Invalid block string "r2_k3_s33_e6_i16_o24" at stride: expected 1 or 2, received 3'],
    ['ir_r2_k3_s2_e6_c24_nre', [], 'Invalid block string "ir_r2_k3_s2_e6_c24_nre": unknown option "nre"'],
    ['er_r2_k3_s2_e6_c24', ['op'], 'Invalid block string "er_r2_k3_s2_e6_c24" at op: expected an op prefix ds, ir or cn, received "er"'],
    ['ir_r2_k3_s2_c24', ['expansion'], 'Invalid block string "ir_r2_k3_s2_c24" at expansion: missing option e (expansion)'],
    [
      'ir_r2_k3_s2_e6_c24_se1.5',
      ['seRatio'],
      'Invalid block string "ir_r2_k3_s2_e6_c24_se1.5" at seRatio: expected a number in [0, 1], received 1.5',
    ],
    [
      'ir_r2_k3_s2_e6_c24_noskip_pool',
      [],
      'Invalid block string "ir_r2_k3_s2_e6_c24_noskip_pool": expected at most one of noskip, skip, pool, received noskip and pool',
    ],
    ['ir_r2_r3_k3_s2_e6_c24', [], 'Invalid block string "ir_r2_r3_k3_s2_e6_c24": option r appears twice'],
    ['r2_k3_s22_e6_i16_c24', [], 'Invalid block string "r2_k3_s22_e6_i16_c24": mixes the TF form (i, o) and the timm form (c)'],
    ['', [], 'Invalid block string "": expected a non-empty string'],
  ];
  it.each(bad)('throws InvalidBlockStringError for %j', (s, path, message) => {
    const e = thrown(() => parseBlock(s));
    expect(e).toBeInstanceOf(InvalidBlockStringError);
    expect((e as InvalidBlockStringError).path).toEqual(path);
    expect((e as Error).message).toBe(message);
  });

  it('never throws anything but InvalidBlockStringError on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z]{0,2}(_[a-z]{1,2}[0-9.]{0,4}){0,8}$/)), (s) => {
        try {
          parseBlock(s);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidBlockStringError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatBlock', () => {
  it('is inverted by parseBlock in both forms (property)', () => {
    fc.assert(
      fc.property(blockSpecArb, fc.integer({ min: 1, max: 4096 }), (b, i) => {
        expect(parseBlock(formatBlock(b, { style: 'timm' }))).toEqual(b);
        expect(parseBlock(formatBlock(b, { style: 'tf', inputFilters: i }))).toEqual({ ...b, inputFilters: i });
      }),
      { numRuns: 400 },
    );
  });

  it('gives back every canonical string: formatBlock(parseBlock(s)) === s (property)', () => {
    fc.assert(
      fc.property(blockSpecArb, fc.integer({ min: 1, max: 4096 }), fc.constantFrom('tf' as const, 'timm' as const), (b, i, style) => {
        const s = formatBlock(b, { style, inputFilters: i });
        expect(formatBlock(parseBlock(s), { style })).toBe(s);
      }),
      { numRuns: 400 },
    );
  });

  it('writes the presets as the official strings', () => {
    expect(formatBlocks(mnasnetB1(), { style: 'tf' })).toEqual([
      'r1_k3_s11_e1_i32_o16_noskip',
      'r3_k3_s22_e3_i16_o24',
      'r3_k5_s22_e3_i24_o40',
      'r3_k5_s22_e6_i40_o80',
      'r2_k3_s11_e6_i80_o96',
      'r4_k5_s22_e6_i96_o192',
      'r1_k3_s11_e6_i192_o320_noskip',
    ]);
    expect(formatBlocks(mnasnetA1(), { style: 'tf' })).toEqual(OFFICIAL_TF.slice(0, 7));
    expect(formatBlocks(mnasnetA1())[0]).toBe('ds_r1_k3_s1_e1_c16_noskip');
    expect(parseBlocks(formatBlocks(mnasnetSmall(), { style: 'tf' }))).toEqual(mnasnetSmall().blocks);
  });

  it('needs the input filters for the TF form', () => {
    const b = mnasnetA1().blocks[1] as BlockSpec;
    const e = thrown(() => formatBlock(b, { style: 'tf' }));
    expect(e).toBeInstanceOf(InvalidOptionsError);
    expect((e as Error).message).toBe('Invalid option inputFilters: expected a positive integer (the TF form needs i), received undefined');
  });

  it('rejects an invalid block with InvalidArchitectureError', () => {
    const b = { ...(mnasnetA1().blocks[1] as BlockSpec), kernel: 2 };
    expect(() => formatBlock(b)).toThrow(InvalidArchitectureError);
  });
});

describe('parseBlocks', () => {
  it('puts the index of the bad string first in the path', () => {
    const e = thrown(() => parseBlocks(['ir_r2_k3_s2_e6_c24', 'ir_r2_k4_s2_e6_c24']));
    expect(e).toBeInstanceOf(InvalidBlockStringError);
    expect((e as InvalidBlockStringError).path).toEqual([1, 'kernel']);
  });
});

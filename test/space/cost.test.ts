import { describe, expect, it } from 'vitest';
import {
  costBreakdown,
  countMacs,
  countParams,
  mnasnetA1,
  mnasnetB1,
  mnasnetSmall,
  mobilenetV2,
  resolveNetwork,
  type Architecture,
} from './imports.js';

// Figures measured with Debian's python3-torchvision 0.14.1 (torch 1.13.1):
// params = sum(p.numel() for p in model.parameters()); MACs from forward hooks on
// Conv2d (out.numel() * in_channels / groups * kh * kw) and Linear (in * out), 1x3x224x224.
const TORCHVISION_MNASNET: readonly [number, number, number][] = [
  [0.5, 2_218_512, 104_455_968],
  [0.75, 3_170_208, 215_493_104],
  [1.0, 4_383_312, 314_415_872],
  [1.3, 6_282_256, 526_362_432],
];
const TORCHVISION_MOBILENET_V2: readonly [number, number, number][] = [
  [0.35, 1_677_128, 59_285_808],
  [0.5, 1_968_680, 97_131_840],
  [0.75, 2_636_424, 209_069_792],
  [1.0, 3_504_872, 300_774_272],
  [1.3, 5_386_792, 509_374_560],
  [1.4, 6_108_776, 582_195_824],
];

describe('countParams / countMacs', () => {
  it('gives exactly 4,383,312 params and 314,415,872 MACs for mnasnetB1()', () => {
    expect(countParams(mnasnetB1())).toBe(4_383_312);
    expect(countMacs(mnasnetB1())).toBe(314_415_872);
  });

  it('gives exactly 3,504,872 params and 300,774,272 MACs for mobilenetV2()', () => {
    expect(countParams(mobilenetV2())).toBe(3_504_872);
    expect(countMacs(mobilenetV2())).toBe(300_774_272);
  });

  it.each(TORCHVISION_MNASNET)('matches torchvision mnasnet at width %s', (w, params, macs) => {
    const arch = mnasnetB1({ widthMultiplier: w });
    expect(countParams(arch)).toBe(params);
    expect(countMacs(arch)).toBe(macs);
  });

  it.each(TORCHVISION_MOBILENET_V2)('matches torchvision mobilenet_v2 at width %s', (w, params, macs) => {
    const arch = mobilenetV2({ widthMultiplier: w });
    expect(countParams(arch)).toBe(params);
    expect(countMacs(arch)).toBe(macs);
  });

  it('gives MnasNet-A1 its published size (3.9M params, 312M MACs)', () => {
    expect(countParams(mnasnetA1())).toBe(3_887_038);
    expect(countMacs(mnasnetA1())).toBe(311_579_072);
    expect(Math.round(countParams(mnasnetA1()) / 1e5) / 10).toBe(3.9);
    expect(Math.round(countMacs(mnasnetA1()) / 1e6)).toBe(312);
  });

  it('gives MnasNet-small its published size (2.0M params, 68M MACs)', () => {
    expect(countParams(mnasnetSmall())).toBe(2_030_264);
    expect(countMacs(mnasnetSmall())).toBe(68_339_184);
    expect(Math.round(countParams(mnasnetSmall()) / 1e5) / 10).toBe(2.0);
    expect(Math.round(countMacs(mnasnetSmall()) / 1e6)).toBe(68);
  });

  it('sums the breakdown to the totals', () => {
    const b = costBreakdown(mnasnetA1());
    const sum = (f: (c: { params: number; macs: number }) => number): number =>
      f(b.stem) + f(b.head) + b.layers.reduce((s, l) => s + f(l), 0);
    expect(sum((c) => c.params)).toBe(b.params);
    expect(sum((c) => c.macs)).toBe(b.macs);
    expect(b.layers).toHaveLength(16);
  });

  it('counts the SE convs of A1 from the layer input filters (official TF rule)', () => {
    const layers = resolveNetwork(mnasnetA1()).layers;
    // block 2 (k5 e3 se0.25, 24 -> 40): first layer reduces to floor(24 * 0.25) = 6, later layers to floor(40 * 0.25) = 10
    const b2 = layers.filter((l) => l.block === 2).map((l) => [l.expandedFilters, l.seFilters]);
    expect(b2).toEqual([
      [72, 6],
      [120, 10],
      [120, 10],
    ]);
  });

  it('counts a pool shortcut as a 1x1 conv + BN only where channels change', () => {
    const base: Architecture = {
      inputShape: [32, 32, 3],
      numClasses: 10,
      activation: 'relu',
      stem: { filters: 16, kernel: 3, stride: 1 },
      blocks: [{ op: 'conv', kernel: 3, expansion: 1, seRatio: 0, skip: 'none', filters: 24, repeats: 2, stride: 2 }],
      head: { filters: 0, dropout: 0 },
    };
    const pooled: Architecture = { ...base, blocks: [{ ...(base.blocks[0] as Architecture['blocks'][0]), skip: 'pool' }] };
    // only the first layer (16 -> 24, stride 2) gets a projection: 16*24 weights + 2*24 BN, on a 16x16 output
    expect(countParams(pooled) - countParams(base)).toBe(16 * 24 + 48);
    expect(countMacs(pooled) - countMacs(base)).toBe(16 * 16 * 16 * 24);
    const plan = resolveNetwork(pooled).layers.map((l) => l.shortcut);
    expect(plan).toEqual([{ kind: 'pool', pool: true, conv: true }, { kind: 'identity' }]);
  });

  it('counts a conv block with SE on the conv output', () => {
    const arch: Architecture = {
      inputShape: [8, 8, 3],
      numClasses: 2,
      activation: 'relu',
      stem: { filters: 8, kernel: 3, stride: 1 },
      blocks: [{ op: 'conv', kernel: 3, expansion: 1, seRatio: 0.25, skip: 'identity', filters: 16, repeats: 1, stride: 1 }],
      head: { filters: 0, dropout: 0 },
    };
    const stem = 3 * 8 * 9 + 16;
    const conv = 8 * 16 * 9 + 32;
    const se = 16 * 2 + 2 + 2 * 16 + 16; // reduce to max(1, floor(8 * 0.25)) = 2
    const dense = 16 * 2 + 2;
    expect(countParams(arch)).toBe(stem + conv + se + dense);
    expect(countMacs(arch)).toBe(64 * 3 * 8 * 9 + 64 * 8 * 16 * 9 + 2 * 16 * 2 + 16 * 2);
  });

  it('skips blocks with zero repeats', () => {
    const a = mnasnetB1();
    const b: Architecture = { ...a, blocks: [...a.blocks, { ...(a.blocks[6] as Architecture['blocks'][0]), repeats: 0, filters: 999 }] };
    expect(countParams(b)).toBe(countParams(a));
    expect(countMacs(b)).toBe(countMacs(a));
  });
});

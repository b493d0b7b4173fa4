import { describe, expect, it } from 'vitest';
import { Rng, countMacs, countParams, mnasnetA1, mnasnetSmall, mnasnetSpace, type Architecture } from './imports.js';

// Facts measured with an independent PyTorch build of the same architectures
// (test/space/fixtures/torch-crosscheck.py, python3-torch 1.13.1 from Debian):
// params = sum(p.numel()), MACs from Conv2d/Linear forward hooks. They cover SE
// (A1, small), pool shortcuts, conv+SE, zero-layer blocks and a 33x45x1 input.
const FACTS: [string, () => Architecture, number, number][] = [
  ['mnasnetA1()', () => mnasnetA1(), 3_887_038, 311_579_072],
  ['mnasnetSmall()', () => mnasnetSmall(), 2_030_264, 68_339_184],
  [
    'mnasnetA1 0.75, 96x96x3, 10 classes',
    () => mnasnetA1({ widthMultiplier: 0.75, inputShape: [96, 96, 3], numClasses: 10 }),
    1_644_088,
    40_940_960,
  ],
  ['mnasnetSpace() seed 1', () => mnasnetSpace().sample(new Rng(1)), 1_892_264, 126_550_768],
  ['mnasnetSpace() seed 2', () => mnasnetSpace().sample(new Rng(2)), 2_284_760, 298_187_188],
  ['mnasnetSpace() seed 3', () => mnasnetSpace().sample(new Rng(3)), 3_296_182, 186_194_512],
  ['mnasnetSpace() seed 4', () => mnasnetSpace().sample(new Rng(4)), 4_426_302, 549_281_288],
  ['mnasnetSpace() seed 5', () => mnasnetSpace().sample(new Rng(5)), 2_321_251, 275_396_820],
  [
    'mnasnetSpace 33x45x1, 7 classes, seed 9',
    () => mnasnetSpace({ inputShape: [33, 45, 1], numClasses: 7 }).sample(new Rng(9)),
    4_424_523,
    24_055_104,
  ],
];

describe('countParams / countMacs against an independent PyTorch build', () => {
  it.each(FACTS)('%s', (_name, make, params, macs) => {
    const arch = make();
    expect(countParams(arch)).toBe(params);
    expect(countMacs(arch)).toBe(macs);
  });

  it('covers pool shortcuts, conv ops with SE and absent blocks', () => {
    const archs = [1, 2, 3, 4, 5].map((s) => mnasnetSpace().sample(new Rng(s)));
    const blocks = archs.flatMap((a) => a.blocks);
    expect(blocks.some((b) => b.skip === 'pool')).toBe(true);
    expect(blocks.some((b) => b.op === 'conv' && b.seRatio > 0)).toBe(true);
    expect(blocks.some((b) => b.repeats === 0)).toBe(true);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, adaptStrides, lastFeatureSide, mnasnetA1, mobilenetV2, validateArchitecture } from '../../src/index.js';

describe('adaptStrides', () => {
  it('gives MobileNetV2 at 32 x 32 the CIFAR schedule: stem stride 1, the first stride-2 block at stride 1', () => {
    const published = mobilenetV2({ inputShape: [32, 32, 3], numClasses: 10 });
    const adapted = adaptStrides(published);
    expect(lastFeatureSide(published)).toBe(1);
    expect(lastFeatureSide(adapted)).toBe(4);
    expect(adapted.stem.stride).toBe(1);
    expect(adapted.blocks.map((b) => b.stride)).toEqual([1, 1, 2, 2, 1, 2, 1]);
    expect(published.blocks.map((b) => b.stride)).toEqual([1, 2, 2, 2, 1, 2, 1]);
    // Everything but the strides is the published network's.
    const strip = (a: typeof published) => ({ ...a, stem: { ...a.stem, stride: 0 }, blocks: a.blocks.map((b) => ({ ...b, stride: 0 })) });
    expect(strip(adapted)).toEqual(strip(published));
  });

  it('returns the published network itself at 224 x 224 (a 7 x 7 last map)', () => {
    const a1 = mnasnetA1();
    expect(adaptStrides(a1)).toBe(a1);
    expect(lastFeatureSide(a1)).toBe(7);
  });

  it('leaves a last map of at least minSide whenever the input allows it, and a valid network', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 256 }), fc.integer({ min: 1, max: 8 }), (side, minSide) => {
        const arch = adaptStrides(mobilenetV2({ widthMultiplier: 0.35, inputShape: [side, side, 1], numClasses: 3 }), minSide);
        expect(lastFeatureSide(arch)).toBeGreaterThanOrEqual(Math.min(minSide, side));
        expect(validateArchitecture(arch).ok).toBe(true);
      }),
      { seed: 27, numRuns: 60 },
    );
  });

  it('throws InvalidOptionsError on a bad minSide', () => {
    expect(() => adaptStrides(mnasnetA1(), 0)).toThrow(InvalidOptionsError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidOptionsError,
  applyDepthMultiplier,
  applyWidthMultiplier,
  countParams,
  mnasnetA1,
  mnasnetB1,
  mobilenetV2,
  roundFilters,
} from './imports.js';

describe('roundFilters', () => {
  it('rounds to multiples of 8 and never below 90% of the target', () => {
    expect(roundFilters(32, { multiplier: 0.35 })).toBe(16);
    expect(roundFilters(24, { multiplier: 1.3 })).toBe(32);
    expect(roundFilters(320, { multiplier: 0.75 })).toBe(240);
    expect(roundFilters(3)).toBe(8);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2048 }), fc.double({ min: 0.1, max: 4, noNaN: true }), (f, m) => {
        const r = roundFilters(f, { multiplier: m });
        expect(r % 8).toBe(0);
        expect(r).toBeGreaterThanOrEqual(Math.max(8, 0.9 * f * m));
      }),
    );
  });

  it('throws InvalidOptionsError on a bad argument', () => {
    expect(() => roundFilters(0)).toThrow(InvalidOptionsError);
    expect(() => roundFilters(16, { divisor: 2.5 })).toThrow('Invalid option divisor: expected a positive integer, received 2.5');
  });
});

describe('applyWidthMultiplier / applyDepthMultiplier', () => {
  it('reproduces the presets at other widths', () => {
    expect(applyWidthMultiplier(mnasnetB1(), 0.75)).toEqual(mnasnetB1({ widthMultiplier: 0.75 }));
    expect(applyWidthMultiplier(mobilenetV2(), 1.4, { head: 'scaleUp' })).toEqual(mobilenetV2({ widthMultiplier: 1.4 }));
  });

  it('scales the layers with ceil and leaves the input alone', () => {
    const a = mnasnetA1();
    const before = JSON.stringify(a);
    expect(applyDepthMultiplier(a, 1.4).blocks.map((b) => b.repeats)).toEqual([2, 3, 5, 6, 3, 5, 2]);
    expect(countParams(applyDepthMultiplier(a, 1))).toBe(countParams(a));
    expect(JSON.stringify(a)).toBe(before);
  });

  it('throws on a bad multiplier', () => {
    expect(() => applyDepthMultiplier(mnasnetA1(), -1)).toThrow(
      'Invalid option depthMultiplier: expected a positive finite number, received -1',
    );
  });
});

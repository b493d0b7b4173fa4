import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packFloat64, snapFloat64 } from '../../src/controller/validate.js';
import { ControllerStateError } from '../../src/errors.js';

describe('snapshot weights', () => {
  it('round-trip exactly through base64, any finite doubles', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 200 }), (values) => {
        const a = Float64Array.from(values);
        expect(Array.from(snapFloat64(packFloat64(a), ['w'], a.length))).toEqual(Array.from(a));
      }),
    );
  });

  it('are far shorter than decimal JSON', () => {
    const a = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) / 7);
    expect(JSON.stringify(packFloat64(a)).length).toBeLessThan(JSON.stringify(Array.from(a)).length * 0.6);
  });

  it('still read from older snapshots as number arrays', () => {
    expect(Array.from(snapFloat64([1.5, -2], ['w'], 2))).toEqual([1.5, -2]);
  });

  it('reject a wrong length, bad base64 or a non-finite value, naming the path', () => {
    const two = packFloat64(Float64Array.of(1, 2));
    expect(() => snapFloat64(two, ['state', 'w'], 3)).toThrow(ControllerStateError);
    expect(() => snapFloat64({ float64: '!'.repeat(two.float64.length) }, ['w'], 2)).toThrow(/w\.float64|float64/);
    expect(() => snapFloat64(packFloat64(Float64Array.of(1, Number.NaN)), ['w'], 2)).toThrow(/finite/);
    expect(() => snapFloat64('abc', ['w'], 2)).toThrow(ControllerStateError);
  });
});

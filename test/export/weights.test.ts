import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchNormAffine, foldAffine, hwioToOhwi, transpose2d } from '../../src/export/weights.js';

const f32 = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });

describe('hwioToOhwi', () => {
  it('moves element [h, w, i, o] to [o, h, w, i]', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 4 }),
        ),
        ([kh, kw, ci, co]) => {
          const src = Float32Array.from({ length: kh * kw * ci * co }, (_, k) => k);
          const out = hwioToOhwi(src, [kh, kw, ci, co]);
          for (let h = 0; h < kh; h++)
            for (let w = 0; w < kw; w++)
              for (let i = 0; i < ci; i++)
                for (let o = 0; o < co; o++) expect(out[((o * kh + h) * kw + w) * ci + i]).toBe(src[((h * kw + w) * ci + i) * co + o]);
        },
      ),
      { seed: 1, numRuns: 30 },
    );
  });
});

describe('transpose2d', () => {
  it('is its own inverse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (r, c) => {
        const m = Float32Array.from({ length: r * c }, (_, k) => k);
        expect(Array.from(transpose2d(transpose2d(m, r, c), c, r))).toEqual(Array.from(m));
      }),
      { seed: 2, numRuns: 30 },
    );
  });
});

describe('foldAffine', () => {
  it('gives a dense layer whose output equals the affine applied to the original output', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((out) =>
          fc.integer({ min: 1, max: 4 }).chain((inp) =>
            fc
              .record({
                w: fc.array(f32, { minLength: out * inp, maxLength: out * inp }),
                b: fc.array(f32, { minLength: out, maxLength: out }),
                scale: fc.array(f32, { minLength: out, maxLength: out }),
                shift: fc.array(f32, { minLength: out, maxLength: out }),
                x: fc.array(f32, { minLength: inp, maxLength: inp }),
              })
              .map((r) => ({ ...r, out, inp })),
          ),
        ),
        ({ w, b, scale, shift, x, out, inp }) => {
          // weights [out, in]
          const folded = foldAffine(Float32Array.from(w), Float32Array.from(b), Float32Array.from(scale), Float32Array.from(shift), (i) =>
            Math.floor(i / inp),
          );
          for (let o = 0; o < out; o++) {
            let y = b[o]!;
            let yf = folded.bias[o]!;
            for (let i = 0; i < inp; i++) {
              y += w[o * inp + i]! * x[i]!;
              yf += folded.weights[o * inp + i]! * x[i]!;
            }
            expect(yf).toBeCloseTo(y * scale[o]! + shift[o]!, 3);
          }
        },
      ),
      { seed: 3, numRuns: 100 },
    );
  });
});

describe('batchNormAffine', () => {
  it('maps x to gamma * (x - mean) / sqrt(variance + epsilon) + beta', () => {
    const { scale, shift } = batchNormAffine(
      Float32Array.of(2, -1),
      Float32Array.of(0.5, 1),
      Float32Array.of(1, -2),
      Float32Array.of(3, 0.25),
      1,
    );
    for (const x of [-1, 0, 2.5]) {
      expect(x * scale[0]! + shift[0]!).toBeCloseTo((2 * (x - 1)) / 2 + 0.5, 6);
      expect(x * scale[1]! + shift[1]!).toBeCloseTo((-1 * (x + 2)) / Math.sqrt(1.25) + 1, 6);
    }
  });

  it('uses gamma 1 and beta 0 when the layer has no scale or center', () => {
    const { scale, shift } = batchNormAffine(undefined, undefined, Float32Array.of(2), Float32Array.of(4), 0);
    expect([scale[0], shift[0]]).toEqual([0.5, -1]);
  });
});

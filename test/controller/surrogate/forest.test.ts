import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Forest, fitTree } from '../../../src/controller/surrogate/forest.js';
import { Rng } from '../../../src/rng.js';

/** `n` rows of `width` binary columns and their targets `f(row)`. */
function data(
  n: number,
  width: number,
  f: (row: number[]) => number,
  seed: number,
): { x: Float64Array[]; y: Float64Array; rows: number[][] } {
  const rng = new Rng(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: width }, () => rng.int(2)));
  const x = Array.from({ length: width }, (_, c) => Float64Array.from(rows, (r) => r[c] as number));
  return { x, y: Float64Array.from(rows, f), rows };
}

function forest(x: Float64Array[], y: Float64Array, n: number, trees: number, seed: number, minLeaf = 1): Forest {
  const rng = new Rng(seed);
  const shape = { trees, tries: x.length, minLeaf };
  return new Forest(
    Array.from({ length: trees }, () => fitTree(x, y, n, shape, rng)),
    x.length,
  );
}

describe('fitTree and Forest', () => {
  it('learns an additive function of binary columns', () => {
    const f = (r: number[]) => 3 * (r[0] as number) + 2 * (r[1] as number) + (r[2] as number);
    const { x, y } = data(200, 6, f, 1);
    const model = forest(x, y, 200, 16, 2);
    expect(model.predict([1, 1, 1, 0, 0, 0]).mean).toBeGreaterThan(5);
    expect(model.predict([0, 0, 0, 1, 1, 1]).mean).toBeLessThan(1);
    expect(model.predict([1, 0, 0, 0, 1, 0]).mean).toBeGreaterThan(model.predict([0, 0, 1, 0, 1, 0]).mean + 1);
  });

  it('predicts within the range of the targets, with a spread >= 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2, max: 40 }), (seed, n) => {
        const { x, y, rows } = data(n, 4, (r) => (r[0] as number) - 2 * (r[3] as number) + (r[1] as number) * 0.5, seed);
        const model = forest(x, y, n, 5, seed, 1 + (seed % 3));
        const lo = Math.min(...y);
        const hi = Math.max(...y);
        for (const r of rows) {
          const { mean, sd } = model.predict(r);
          expect(mean).toBeGreaterThanOrEqual(lo - 1e-12);
          expect(mean).toBeLessThanOrEqual(hi + 1e-12);
          expect(sd).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('fits only the first n rows', () => {
    const { x, y } = data(50, 3, (r) => r[0] as number, 3);
    y.fill(100, 20); // rows past 20 must not matter
    const model = forest(x, y, 20, 8, 4);
    expect(model.predict([1, 1, 1]).mean).toBeLessThanOrEqual(1);
  });

  it('is a function of its inputs and seed', () => {
    const { x, y } = data(60, 5, (r) => (r[1] as number) + (r[4] as number), 5);
    const point = [0, 1, 0, 1, 1];
    const a = forest(x, y, 60, 6, 9).predictEach(point, new Float64Array(6));
    expect(forest(x, y, 60, 6, 9).predictEach(point, new Float64Array(6))).toEqual(a);
    expect(forest(x, y, 60, 6, 10).predictEach(point, new Float64Array(6))).not.toEqual(a);
  });

  it('grows a single leaf on a constant target', () => {
    const { x } = data(30, 3, () => 0, 6);
    const model = forest(x, new Float64Array(30).fill(0.5), 30, 3, 7);
    expect(model.predict([1, 0, 1])).toEqual({ mean: 0.5, sd: 0 });
  });

  it('cuts numeric columns at their best cut with bestCutFrom: one tree learns a step exactly', () => {
    const rng = new Rng(11);
    const v = Float64Array.from({ length: 80 }, () => rng.next() * 10);
    const y = Float64Array.from(v, (a) => (a > 6.5 ? 1 : 0));
    const rows = Array.from({ length: 80 }, (_, i) => i);
    const tree = fitTree([v], y, 80, { trees: 1, tries: 1, minLeaf: 1, bestCutFrom: 0 }, new Rng(1));
    const f = new Forest([tree], 1);
    // Bootstrap leaves some rows out; every row is still on the right side of the learned step.
    for (const r of rows) expect(f.predict([v[r] as number]).mean).toBe(y[r]);
  });

  it('grows the same trees on 0/1 columns with the one-pass binary cut (binaryBelow)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (seed) => {
        const { x, y } = data(50, 6, (r) => (r[0] as number) * 2 + (r[3] as number) - (r[5] as number), seed);
        const plain = fitTree(x, y, 50, { trees: 1, tries: 3, minLeaf: 1 }, new Rng(seed));
        const binary = fitTree(x, y, 50, { trees: 1, tries: 3, minLeaf: 1, binaryBelow: 6 }, new Rng(seed));
        expect(binary).toEqual(plain);
      }),
      { numRuns: 20 },
    );
  });

  it('throws RangeError on a row of the wrong width', () => {
    const { x, y } = data(10, 3, (r) => r[0] as number, 8);
    expect(() => forest(x, y, 10, 2, 1).predict([1, 0])).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantiateKernelWasm } from '../../../src/controller/policy/kernel-wasm.js';
import { Workspace, transpose } from '../../../src/controller/policy/kernels.js';
import { matmulJs } from '../../../src/controller/policy/matmul-js.js';
import { Rng } from '../../../src/rng.js';

/** out[i][j] (+)= sum_k a[i][k] b[k][j], summed in index order. */
function naive(m: number, n: number, len: number, a: Float64Array, b: Float64Array, out: Float64Array, acc: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < len; k++) s += (a[i * len + k] as number) * (b[k * n + j] as number);
      out[i * n + j] = acc ? (out[i * n + j] as number) + s : s;
    }
  }
}

const fill = (x: Float64Array, rng: Rng): Float64Array => {
  for (let i = 0; i < x.length; i++) x[i] = rng.next() - 0.5;
  return x;
};

describe('policy kernels', () => {
  it('loads the WebAssembly SIMD kernel on Node, a new instance with its own memory each time', () => {
    const a = instantiateKernelWasm();
    const b = instantiateKernelWasm();
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a!.mem).not.toBe(b!.mem);
    expect(new Workspace().usesWasm).toBe(true);
    expect(new Workspace(false).usesWasm).toBe(false);
  });

  it('gives each workspace its own memory: a pass on one leaves the views of another intact', () => {
    const first = new Workspace();
    const second = new Workspace();
    first.begin(8);
    const kept = first.alloc(8);
    kept.fill(7);
    second.begin(8);
    const other = second.alloc(8);
    other.fill(-1);
    expect(kept.buffer).not.toBe(other.buffer);
    expect(Array.from(kept)).toEqual(new Array(8).fill(7));
  });

  it('multiply bitwise as the index-order sum does, in JavaScript and in WebAssembly, any shape', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 0, max: 7 }),
        fc.boolean(),
        fc.integer(),
        (m, n, len, acc, seed) => {
          const rng = new Rng(seed);
          const a = fill(new Float64Array(m * len), rng);
          const b = fill(new Float64Array(len * n), rng);
          const init = fill(new Float64Array(m * n), rng);
          const ref = init.slice();
          naive(m, n, len, a, b, ref, acc);
          const js = init.slice();
          matmulJs(m, n, len, a, 0, len, b, 0, n, js, 0, n, acc);
          expect(js).toEqual(ref);
          const ws = new Workspace();
          ws.begin(m * len + len * n + m * n + 3);
          ws.alloc(3); // unaligned offsets
          const wa = ws.alloc(m * len);
          wa.set(a);
          const wb = ws.alloc(len * n);
          wb.set(b);
          const wo = ws.alloc(m * n);
          wo.set(init);
          ws.matmul(m, n, len, wa, 0, len, wb, 0, n, wo, 0, n, acc);
          expect(Array.from(wo)).toEqual(Array.from(ref));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('honours offsets and strides', () => {
    const rng = new Rng(3);
    const a = fill(new Float64Array(40), rng);
    const b = fill(new Float64Array(60), rng);
    const out = new Float64Array(50);
    // 3 x 5 block of a at 2 (row stride 8) times 4 x ... b: rows at 1 + k * 12, 5 columns
    matmulJs(3, 5, 4, a, 2, 8, b, 1, 12, out, 7, 10, false);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 5; j++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += (a[2 + i * 8 + k] as number) * (b[1 + k * 12 + j] as number);
        expect(out[7 + i * 10 + j]).toBe(s);
      }
    }
  });

  it('transposes', () => {
    const src = Float64Array.from({ length: 12 }, (_, i) => i);
    const dst = new Float64Array(6);
    transpose(src, 1, 4, 2, 3, dst);
    expect(Array.from(dst)).toEqual([1, 5, 2, 6, 3, 7]);
  });
});

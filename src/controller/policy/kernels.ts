/**
 * The dense kernel of the LSTM policy's plain-JS passes (`lstm-backprop.ts`):
 * `out[i][j] (+)= sum_k a[i][k] * b[k][j]`, on Float64Arrays. Each output is
 * one sum in index order k = 0, 1, ... into a single accumulator, whatever the
 * blocking, so a row's result does not depend on how many other rows are
 * computed with it (sampling one sequence and gradients over a batch stay
 * bitwise equal). It runs as WebAssembly SIMD (`kernel-wasm.ts`, two outputs
 * per instruction, the same arithmetic) when all three arrays live in the
 * {@link Workspace}'s WebAssembly memory, else in JavaScript blocked 4 rows x 4
 * columns (sixteen accumulators in registers, eight loads per sixteen
 * multiply-adds).
 *
 * @module
 */

import { instantiateKernelWasm, type KernelExports } from './kernel-wasm.js';
import { matmulJs } from './matmul-js.js';

/**
 * Scratch arrays for one pass: views on the memory of the workspace's own
 * WebAssembly kernel instance when WebAssembly SIMD is available, plain
 * arrays otherwise. Views are valid until the next {@link Workspace.begin}
 * on the same workspace; copy what must outlive the pass. Workspaces share
 * nothing, so each LSTM policy owns one.
 */
export class Workspace {
  private readonly wasm: KernelExports | null;
  private used = 0;

  /** @param useWasm - false keeps every array in JavaScript memory (the JavaScript kernel only). */
  constructor(useWasm = true) {
    this.wasm = useWasm ? instantiateKernelWasm() : null;
  }

  /** Whether this workspace runs the WebAssembly kernel. */
  get usesWasm(): boolean {
    return this.wasm !== null;
  }

  /** Starts a pass that will allocate at most `doubles` numbers; invalidates earlier views. */
  begin(doubles: number): void {
    this.used = 0;
    const mem = this.wasm?.mem;
    if (mem !== undefined && mem.buffer.byteLength < doubles * 8) mem.grow(Math.ceil((doubles * 8 - mem.buffer.byteLength) / 65536));
  }

  /** A zeroed array of n numbers. */
  alloc(n: number): Float64Array {
    const mem = this.wasm?.mem;
    if (mem === undefined || (this.used + n) * 8 > mem.buffer.byteLength) return new Float64Array(n);
    const view = new Float64Array(mem.buffer, this.used * 8, n);
    view.fill(0);
    this.used += n;
    return view;
  }

  /**
   * `out[oo + i * os + j] = (acc ? out[..] : 0) + sum_k a[ao + i * as + k] * b[bo + k * bs + j]`
   * for i < m, j < n, k < len (offsets and strides in elements).
   */
  matmul(
    m: number,
    n: number,
    len: number,
    a: Float64Array,
    ao: number,
    as: number,
    b: Float64Array,
    bo: number,
    bs: number,
    out: Float64Array,
    oo: number,
    os: number,
    acc: boolean,
  ): void {
    const w = this.wasm;
    if (w !== null && a.buffer === w.mem.buffer && b.buffer === w.mem.buffer && out.buffer === w.mem.buffer) {
      w.mm(m, n, len, a.byteOffset + ao * 8, as * 8, b.byteOffset + bo * 8, bs * 8, out.byteOffset + oo * 8, os * 8, acc ? 1 : 0);
      return;
    }
    matmulJs(m, n, len, a, ao, as, b, bo, bs, out, oo, os, acc);
  }
}

/** Writes the transpose of the `rows` x `cols` row-major block of `src` at `so` (row stride `ss`) into `dst` (`cols` x `rows`, row-major). */
export function transpose(src: Float64Array, so: number, ss: number, rows: number, cols: number, dst: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const base = so + r * ss;
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[base + c] as number;
  }
}

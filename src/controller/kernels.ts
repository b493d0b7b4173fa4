/**
 * Register-blocked dense kernels on Float64Arrays for the LSTM policy's
 * plain-JS passes (`lstmBackprop.ts`). Each output element is one dot product
 * summed in index order into a single accumulator, whatever the blocking, so a
 * row's result does not depend on how many other rows are computed with it
 * (sampling with one sequence and gradients over a batch stay bitwise equal).
 * Blocking 2 x 2 keeps four accumulators in registers and loads each operand
 * once per two multiply-adds instead of a load and a store per multiply-add.
 *
 * @module
 */

/**
 * `out[i * os + oo + j] = init(i, j) + sum_k a[ao + i * as + k] * b[bo + j * bs + k]`
 * for i < m, j < n, k < len, where `init` is `c[co + i * cs + j]` when `c` is
 * given, else 0 (then the sum is stored as is). Both operands are read along
 * contiguous rows (A times B transposed).
 */
export function dotRows(
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
  c: Float64Array | null,
  co: number,
  cs: number,
): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = ao + i * as;
    const a1 = a0 + as;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = bo + j * bs;
      const b1 = b0 + bs;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let k = 0; k < len; k++) {
        const x0 = a[a0 + k] as number;
        const x1 = a[a1 + k] as number;
        const y0 = b[b0 + k] as number;
        const y1 = b[b1 + k] as number;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      put(out, oo + i * os + j, s00, c, co + i * cs + j);
      put(out, oo + i * os + j + 1, s01, c, co + i * cs + j + 1);
      put(out, oo + (i + 1) * os + j, s10, c, co + (i + 1) * cs + j);
      put(out, oo + (i + 1) * os + j + 1, s11, c, co + (i + 1) * cs + j + 1);
    }
    for (; j < n; j++) {
      const b0 = bo + j * bs;
      let s0 = 0;
      let s1 = 0;
      for (let k = 0; k < len; k++) {
        const y0 = b[b0 + k] as number;
        s0 += (a[a0 + k] as number) * y0;
        s1 += (a[a1 + k] as number) * y0;
      }
      put(out, oo + i * os + j, s0, c, co + i * cs + j);
      put(out, oo + (i + 1) * os + j, s1, c, co + (i + 1) * cs + j);
    }
  }
  for (; i < m; i++) {
    const a0 = ao + i * as;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = bo + j * bs;
      const b1 = b0 + bs;
      let s0 = 0;
      let s1 = 0;
      for (let k = 0; k < len; k++) {
        const x0 = a[a0 + k] as number;
        s0 += x0 * (b[b0 + k] as number);
        s1 += x0 * (b[b1 + k] as number);
      }
      put(out, oo + i * os + j, s0, c, co + i * cs + j);
      put(out, oo + i * os + j + 1, s1, c, co + i * cs + j + 1);
    }
    for (; j < n; j++) {
      const b0 = bo + j * bs;
      let s0 = 0;
      for (let k = 0; k < len; k++) s0 += (a[a0 + k] as number) * (b[b0 + k] as number);
      put(out, oo + i * os + j, s0, c, co + i * cs + j);
    }
  }
}

function put(out: Float64Array, at: number, s: number, c: Float64Array | null, ci: number): void {
  out[at] = c === null ? s : (c[ci] as number) + s;
}

/** Writes the transpose of the `rows` x `cols` row-major block of `src` at `so` (row stride `ss`) into `dst` (`cols` x `rows`, row-major). */
export function transpose(src: Float64Array, so: number, ss: number, rows: number, cols: number, dst: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const base = so + r * ss;
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[base + c] as number;
  }
}

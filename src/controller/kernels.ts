/**
 * Register-blocked dense kernels on Float64Arrays for the LSTM policy's
 * plain-JS passes (`lstmBackprop.ts`). Each output element is one dot product
 * summed in index order into a single accumulator, whatever the blocking, so a
 * row's result does not depend on how many other rows are computed with it
 * (sampling with one sequence and gradients over a batch stay bitwise equal).
 * Blocking 4 rows x 4 columns (2 or 1 rows at the end) keeps sixteen
 * accumulators in registers and loads eight operands per sixteen multiply-adds instead of a load and a store per multiply-add.
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
  for (; i + 3 < m; i += 4) rows4(i, n, len, a, ao, as, b, bo, bs, out, oo, os, c, co, cs);
  for (; i + 1 < m; i += 2) rows2(i, n, len, a, ao, as, b, bo, bs, out, oo, os, c, co, cs);
  for (; i < m; i++) rows1(i, n, len, a, ao, as, b, bo, bs, out, oo, os, c, co, cs);
}

/** Rows i .. i + 3 of {@link dotRows}. */
function rows4(i: number, n: number, len: number, a: Float64Array, ao: number, as: number, b: Float64Array, bo: number, bs: number, out: Float64Array, oo: number, os: number, c: Float64Array | null, co: number, cs: number): void {
  const a0 = ao + (i + 0) * as;
  const a1 = ao + (i + 1) * as;
  const a2 = ao + (i + 2) * as;
  const a3 = ao + (i + 3) * as;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const b0 = bo + j * bs;
    const b1 = b0 + bs;
    const b2 = b1 + bs;
    const b3 = b2 + bs;
    let s00 = 0;
    let s01 = 0;
    let s02 = 0;
    let s03 = 0;
    let s10 = 0;
    let s11 = 0;
    let s12 = 0;
    let s13 = 0;
    let s20 = 0;
    let s21 = 0;
    let s22 = 0;
    let s23 = 0;
    let s30 = 0;
    let s31 = 0;
    let s32 = 0;
    let s33 = 0;
    for (let k = 0; k < len; k++) {
      const x0 = a[a0 + k] as number;
      const x1 = a[a1 + k] as number;
      const x2 = a[a2 + k] as number;
      const x3 = a[a3 + k] as number;
      const y0 = b[b0 + k] as number;
      const y1 = b[b1 + k] as number;
      const y2 = b[b2 + k] as number;
      const y3 = b[b3 + k] as number;
      s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
      s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
      s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
    }
    put4(out, oo + (i + 0) * os + j, s00, s01, s02, s03, c, co + (i + 0) * cs + j);
    put4(out, oo + (i + 1) * os + j, s10, s11, s12, s13, c, co + (i + 1) * cs + j);
    put4(out, oo + (i + 2) * os + j, s20, s21, s22, s23, c, co + (i + 2) * cs + j);
    put4(out, oo + (i + 3) * os + j, s30, s31, s32, s33, c, co + (i + 3) * cs + j);
  }
  for (; j < n; j++) {
    const b0 = bo + j * bs;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0;
    for (let k = 0; k < len; k++) {
      const y0 = b[b0 + k] as number;
      s0 += (a[a0 + k] as number) * y0; s1 += (a[a1 + k] as number) * y0; s2 += (a[a2 + k] as number) * y0; s3 += (a[a3 + k] as number) * y0;
    }
    put(out, oo + (i + 0) * os + j, s0, c, co + (i + 0) * cs + j);
    put(out, oo + (i + 1) * os + j, s1, c, co + (i + 1) * cs + j);
    put(out, oo + (i + 2) * os + j, s2, c, co + (i + 2) * cs + j);
    put(out, oo + (i + 3) * os + j, s3, c, co + (i + 3) * cs + j);
  }
}

/** Rows i .. i + 1 of {@link dotRows}. */
function rows2(i: number, n: number, len: number, a: Float64Array, ao: number, as: number, b: Float64Array, bo: number, bs: number, out: Float64Array, oo: number, os: number, c: Float64Array | null, co: number, cs: number): void {
  const a0 = ao + (i + 0) * as;
  const a1 = ao + (i + 1) * as;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const b0 = bo + j * bs;
    const b1 = b0 + bs;
    const b2 = b1 + bs;
    const b3 = b2 + bs;
    let s00 = 0;
    let s01 = 0;
    let s02 = 0;
    let s03 = 0;
    let s10 = 0;
    let s11 = 0;
    let s12 = 0;
    let s13 = 0;
    for (let k = 0; k < len; k++) {
      const x0 = a[a0 + k] as number;
      const x1 = a[a1 + k] as number;
      const y0 = b[b0 + k] as number;
      const y1 = b[b1 + k] as number;
      const y2 = b[b2 + k] as number;
      const y3 = b[b3 + k] as number;
      s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
      s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
    }
    put4(out, oo + (i + 0) * os + j, s00, s01, s02, s03, c, co + (i + 0) * cs + j);
    put4(out, oo + (i + 1) * os + j, s10, s11, s12, s13, c, co + (i + 1) * cs + j);
  }
  for (; j < n; j++) {
    const b0 = bo + j * bs;
    let s0 = 0; let s1 = 0;
    for (let k = 0; k < len; k++) {
      const y0 = b[b0 + k] as number;
      s0 += (a[a0 + k] as number) * y0; s1 += (a[a1 + k] as number) * y0;
    }
    put(out, oo + (i + 0) * os + j, s0, c, co + (i + 0) * cs + j);
    put(out, oo + (i + 1) * os + j, s1, c, co + (i + 1) * cs + j);
  }
}

/** Rows i .. i + 0 of {@link dotRows}. */
function rows1(i: number, n: number, len: number, a: Float64Array, ao: number, as: number, b: Float64Array, bo: number, bs: number, out: Float64Array, oo: number, os: number, c: Float64Array | null, co: number, cs: number): void {
  const a0 = ao + (i + 0) * as;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const b0 = bo + j * bs;
    const b1 = b0 + bs;
    const b2 = b1 + bs;
    const b3 = b2 + bs;
    let s00 = 0;
    let s01 = 0;
    let s02 = 0;
    let s03 = 0;
    for (let k = 0; k < len; k++) {
      const x0 = a[a0 + k] as number;
      const y0 = b[b0 + k] as number;
      const y1 = b[b1 + k] as number;
      const y2 = b[b2 + k] as number;
      const y3 = b[b3 + k] as number;
      s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
    }
    put4(out, oo + (i + 0) * os + j, s00, s01, s02, s03, c, co + (i + 0) * cs + j);
  }
  for (; j < n; j++) {
    const b0 = bo + j * bs;
    let s0 = 0;
    for (let k = 0; k < len; k++) {
      const y0 = b[b0 + k] as number;
      s0 += (a[a0 + k] as number) * y0;
    }
    put(out, oo + (i + 0) * os + j, s0, c, co + (i + 0) * cs + j);
  }
}

function put4(out: Float64Array, at: number, s0: number, s1: number, s2: number, s3: number, c: Float64Array | null, ci: number): void {
  if (c === null) {
    out[at] = s0;
    out[at + 1] = s1;
    out[at + 2] = s2;
    out[at + 3] = s3;
  } else {
    out[at] = (c[ci] as number) + s0;
    out[at + 1] = (c[ci + 1] as number) + s1;
    out[at + 2] = (c[ci + 2] as number) + s2;
    out[at + 3] = (c[ci + 3] as number) + s3;
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

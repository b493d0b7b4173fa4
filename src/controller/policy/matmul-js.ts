/**
 * The JavaScript form of the LSTM policy's dense kernel (see
 * `kernels.ts`): blocked 4 rows x 4 columns, each output one sum in index
 * order into a single accumulator, as the WebAssembly kernel computes it.
 *
 * @module
 */

/** The JavaScript kernel: see {@link Workspace.matmul}. */
export function matmulJs(
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
  let i = 0;
  for (; i + 3 < m; i += 4) rows4(i, n, len, a, ao, as, b, bo, bs, out, oo, os, acc);
  for (; i + 1 < m; i += 2) rows2(i, n, len, a, ao, as, b, bo, bs, out, oo, os, acc);
  for (; i < m; i++) rows1(i, n, len, a, ao, as, b, bo, bs, out, oo, os, acc);
}

function rows4(
  i: number,
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
  const a0 = ao + (i + 0) * as;
  const a1 = ao + (i + 1) * as;
  const a2 = ao + (i + 2) * as;
  const a3 = ao + (i + 3) * as;
  let j = 0;
  for (; j + 3 < n; j += 4) {
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
    for (let k = 0, bk = bo + j; k < len; k++, bk += bs) {
      const x0 = a[a0 + k] as number;
      const x1 = a[a1 + k] as number;
      const x2 = a[a2 + k] as number;
      const x3 = a[a3 + k] as number;
      const y0 = b[bk + 0] as number;
      const y1 = b[bk + 1] as number;
      const y2 = b[bk + 2] as number;
      const y3 = b[bk + 3] as number;
      s00 += x0 * y0;
      s01 += x0 * y1;
      s02 += x0 * y2;
      s03 += x0 * y3;
      s10 += x1 * y0;
      s11 += x1 * y1;
      s12 += x1 * y2;
      s13 += x1 * y3;
      s20 += x2 * y0;
      s21 += x2 * y1;
      s22 += x2 * y2;
      s23 += x2 * y3;
      s30 += x3 * y0;
      s31 += x3 * y1;
      s32 += x3 * y2;
      s33 += x3 * y3;
    }
    put4(out, oo + (i + 0) * os + j, s00, s01, s02, s03, acc);
    put4(out, oo + (i + 1) * os + j, s10, s11, s12, s13, acc);
    put4(out, oo + (i + 2) * os + j, s20, s21, s22, s23, acc);
    put4(out, oo + (i + 3) * os + j, s30, s31, s32, s33, acc);
  }
  for (; j < n; j++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0, bk = bo + j; k < len; k++, bk += bs) {
      const y0 = b[bk] as number;
      s0 += (a[a0 + k] as number) * y0;
      s1 += (a[a1 + k] as number) * y0;
      s2 += (a[a2 + k] as number) * y0;
      s3 += (a[a3 + k] as number) * y0;
    }
    put(out, oo + (i + 0) * os + j, s0, acc);
    put(out, oo + (i + 1) * os + j, s1, acc);
    put(out, oo + (i + 2) * os + j, s2, acc);
    put(out, oo + (i + 3) * os + j, s3, acc);
  }
}

function rows2(
  i: number,
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
  const a0 = ao + (i + 0) * as;
  const a1 = ao + (i + 1) * as;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    let s00 = 0;
    let s01 = 0;
    let s02 = 0;
    let s03 = 0;
    let s10 = 0;
    let s11 = 0;
    let s12 = 0;
    let s13 = 0;
    for (let k = 0, bk = bo + j; k < len; k++, bk += bs) {
      const x0 = a[a0 + k] as number;
      const x1 = a[a1 + k] as number;
      const y0 = b[bk + 0] as number;
      const y1 = b[bk + 1] as number;
      const y2 = b[bk + 2] as number;
      const y3 = b[bk + 3] as number;
      s00 += x0 * y0;
      s01 += x0 * y1;
      s02 += x0 * y2;
      s03 += x0 * y3;
      s10 += x1 * y0;
      s11 += x1 * y1;
      s12 += x1 * y2;
      s13 += x1 * y3;
    }
    put4(out, oo + (i + 0) * os + j, s00, s01, s02, s03, acc);
    put4(out, oo + (i + 1) * os + j, s10, s11, s12, s13, acc);
  }
  for (; j < n; j++) {
    let s0 = 0;
    let s1 = 0;
    for (let k = 0, bk = bo + j; k < len; k++, bk += bs) {
      const y0 = b[bk] as number;
      s0 += (a[a0 + k] as number) * y0;
      s1 += (a[a1 + k] as number) * y0;
    }
    put(out, oo + (i + 0) * os + j, s0, acc);
    put(out, oo + (i + 1) * os + j, s1, acc);
  }
}

function rows1(
  i: number,
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
  const a0 = ao + (i + 0) * as;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    let s00 = 0;
    let s01 = 0;
    let s02 = 0;
    let s03 = 0;
    for (let k = 0, bk = bo + j; k < len; k++, bk += bs) {
      const x0 = a[a0 + k] as number;
      const y0 = b[bk + 0] as number;
      const y1 = b[bk + 1] as number;
      const y2 = b[bk + 2] as number;
      const y3 = b[bk + 3] as number;
      s00 += x0 * y0;
      s01 += x0 * y1;
      s02 += x0 * y2;
      s03 += x0 * y3;
    }
    put4(out, oo + (i + 0) * os + j, s00, s01, s02, s03, acc);
  }
  for (; j < n; j++) {
    let s0 = 0;
    for (let k = 0, bk = bo + j; k < len; k++, bk += bs) {
      const y0 = b[bk] as number;
      s0 += (a[a0 + k] as number) * y0;
    }
    put(out, oo + (i + 0) * os + j, s0, acc);
  }
}

function put(out: Float64Array, at: number, s: number, acc: boolean): void {
  out[at] = acc ? (out[at] as number) + s : s;
}

function put4(out: Float64Array, at: number, s0: number, s1: number, s2: number, s3: number, acc: boolean): void {
  put(out, at, s0, acc);
  put(out, at + 1, s1, acc);
  put(out, at + 2, s2, acc);
  put(out, at + 3, s3, acc);
}

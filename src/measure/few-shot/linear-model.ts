/**
 * {@link fitLinearLatencyModel}: latency as a linear function of an
 * architecture's features (for example one-hot operations per edge), fitted
 * by ridge regression, optionally shrunk toward a prior weight vector.
 *
 * @module
 */

import { InvalidOptionsError } from '../../errors.js';
import { failWith, type Fail } from '../../validate.js';

/** `latency = bias + weights . features`. Plain JSON. */
export interface LinearLatencyModel {
  readonly weights: readonly number[];
  readonly bias: number;
}

/** Options of {@link fitLinearLatencyModel}. Every field is optional. */
export interface LinearLatencyModelOptions {
  /** Ridge penalty on `weights - prior` (the bias is not penalized); > 0 keeps the fit defined when features are collinear. @defaultValue 1e-3 */
  readonly ridge?: number;
  /** The weights the penalty shrinks toward. @defaultValue all zeros */
  readonly prior?: readonly number[];
}

const fail: Fail = failWith(InvalidOptionsError, 'latency model input');

/**
 * Checks a table of finite numbers with `width` columns (any width when undefined) and at least one row.
 * @internal
 */
export function checkMatrix(rows: unknown, name: string, width?: number): number {
  if (!Array.isArray(rows) || rows.length === 0) fail([name], 'a non-empty array of rows', rows);
  const w = width ?? (Array.isArray(rows[0]) ? rows[0].length : -1);
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== w || w < 1) fail([name, i], `an array of ${Math.max(w, 1)} finite numbers`, row);
    row.forEach((x: unknown, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) fail([name, i, j], 'a finite number', x);
    });
  });
  return w;
}

/** Checks an array of `n` finite numbers. @internal */
export function checkVector(values: unknown, name: string, n: number): readonly number[] {
  if (!Array.isArray(values) || values.length !== n) fail([name], `an array of ${n} finite numbers`, values);
  values.forEach((x: unknown, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail([name, i], 'a finite number', x);
  });
  return values as readonly number[];
}

/** Solves `a x = b` (a square, modified in place) by Gaussian elimination with partial pivoting; undefined when singular. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs((a[r] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    [b[col], b[pivot]] = [b[pivot] as number, b[col] as number];
    const p = (a[col] as number[])[col] as number;
    if (Math.abs(p) < 1e-12) return undefined;
    for (let r = col + 1; r < n; r++) {
      const f = ((a[r] as number[])[col] as number) / p;
      if (f === 0) continue;
      for (let c = col; c < n; c++) (a[r] as number[])[c] = ((a[r] as number[])[c] as number) - f * ((a[col] as number[])[c] as number);
      b[r] = (b[r] as number) - f * (b[col] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] as number;
    for (let c = r + 1; c < n; c++) s -= ((a[r] as number[])[c] as number) * (x[c] as number);
    x[r] = s / ((a[r] as number[])[r] as number);
  }
  return x;
}

/**
 * Fits `latency = bias + weights . features` by ridge regression:
 * minimizes the squared error plus `ridge * |weights - prior|^2`. With a
 * prior and few samples this is the adaptation of a model fitted elsewhere:
 * the data move the prior's weights only as far as they must.
 *
 * @param features - one row of finite numbers per architecture, all of one length.
 * @param latencyMs - the measured latency of each row.
 * @throws InvalidOptionsError on ragged or non-finite input, a negative `ridge`, a `prior` of the wrong length, or a singular system (`ridge` 0 with collinear features).
 * @example
 * const m = fitLinearLatencyModel([[1, 0], [0, 1], [1, 1]], [3, 5, 7]);
 * predictLinearLatency(m, [1, 1]); // about 7
 */
export function fitLinearLatencyModel(
  features: readonly (readonly number[])[],
  latencyMs: readonly number[],
  options: LinearLatencyModelOptions = {},
): LinearLatencyModel {
  const p = checkMatrix(features, 'features');
  const n = features.length;
  checkVector(latencyMs, 'latencyMs', n);
  const ridge = options.ridge ?? 1e-3;
  if (typeof ridge !== 'number' || !(ridge >= 0) || !Number.isFinite(ridge)) fail(['ridge'], 'a finite number >= 0', ridge);
  const prior = options.prior === undefined ? new Array<number>(p).fill(0) : checkVector(options.prior, 'prior', p);
  // Centre features and residuals from the prior; the bias is the mean residual.
  const means = Array.from({ length: p }, (_, j) => features.reduce((s, row) => s + (row[j] as number), 0) / n);
  const resid = features.map((row, i) => (latencyMs[i] as number) - row.reduce((s, x, j) => s + x * (prior[j] as number), 0));
  const rMean = resid.reduce((s, r) => s + r, 0) / n;
  const a = Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, k) => (j === k ? ridge : 0)));
  const b = new Array<number>(p).fill(0);
  features.forEach((row, i) => {
    const xc = row.map((x, j) => x - (means[j] as number));
    const rc = (resid[i] as number) - rMean;
    for (let j = 0; j < p; j++) {
      const xj = xc[j] as number;
      if (xj === 0) continue;
      b[j] = (b[j] as number) + xj * rc;
      const aj = a[j] as number[];
      for (let k = 0; k < p; k++) aj[k] = (aj[k] as number) + xj * (xc[k] as number);
    }
  });
  const delta = solve(a, b);
  if (delta === undefined) fail(['ridge'], 'a ridge > 0 (the features are collinear)', ridge);
  const weights = prior.map((w, j) => w + (delta[j] as number));
  const bias = rMean - means.reduce((s, m, j) => s + m * (delta[j] as number), 0);
  return { weights, bias };
}

/** The model's latency for one row of features. @throws InvalidOptionsError when the row's length differs from the model's. */
export function predictLinearLatency(model: LinearLatencyModel, features: readonly number[]): number {
  checkVector(features, 'features', model.weights.length);
  return features.reduce((s, x, j) => s + x * (model.weights[j] as number), model.bias);
}

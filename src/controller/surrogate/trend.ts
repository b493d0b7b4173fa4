/**
 * The linear trend under the surrogate's trees: a ridge regression of the
 * target on a few numeric columns (the free features, the fidelity), whose
 * residuals the tree's splits then model.
 *
 * @module
 */

/** The smallest ridge penalty used (on standardized columns): the trend of collinear or constant columns stays finite. */
const MIN_RIDGE = 1e-9;

/**
 * A linear function of some columns, flat outside the range it was fitted
 * on: `intercept + sum(coef[i] * clamp(row[columns[i]], low[i], high[i]))`.
 */
export interface Trend {
  readonly columns: Int32Array;
  readonly coef: Float64Array;
  readonly intercept: number;
  /** Smallest and largest value of each column over the rows the trend was fitted on. */
  readonly low: Float64Array;
  readonly high: Float64Array;
}

/** The value of `trend` at the row `point` (one value per column); no extrapolation beyond the fitted range. */
export function trendAt(trend: Trend, point: ArrayLike<number>): number {
  let v = trend.intercept;
  for (let i = 0; i < trend.columns.length; i++) {
    const x = Math.min(trend.high[i] as number, Math.max(trend.low[i] as number, point[trend.columns[i] as number] as number));
    v += (trend.coef[i] as number) * x;
  }
  return v;
}

/** `y - trend` over the first `n` rows of the column-major `x`. */
export function residuals(x: readonly Float64Array[], y: Float64Array, n: number, trend: Trend): Float64Array {
  const out = new Float64Array(n);
  const row = new Float64Array(x.length);
  for (let r = 0; r < n; r++) {
    for (const c of trend.columns) row[c] = (x[c] as Float64Array)[r] as number;
    out[r] = (y[r] as number) - trendAt(trend, row);
  }
  return out;
}

/**
 * Ridge regression of `y` on `columns` over the sampled `rows`: columns
 * standardized over the sample (a constant one gets coefficient 0), penalty
 * `ridge * rows` (at least 1e-9 * rows) on the standardized coefficients,
 * intercept not penalized.
 */
export function fitTrend(x: readonly Float64Array[], y: Float64Array, rows: Int32Array, columns: readonly number[], ridge: number): Trend {
  const p = columns.length;
  const n = rows.length;
  let my = 0;
  for (const r of rows) my += y[r] as number;
  my /= n;
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  const low = new Float64Array(p).fill(Infinity);
  const high = new Float64Array(p).fill(-Infinity);
  columns.forEach((c, i) => {
    const xc = x[c] as Float64Array;
    let m = 0;
    for (const r of rows) {
      const v = xc[r] as number;
      m += v;
      low[i] = Math.min(low[i] as number, v);
      high[i] = Math.max(high[i] as number, v);
    }
    m /= n;
    let v = 0;
    for (const r of rows) v += ((xc[r] as number) - m) ** 2;
    mean[i] = m;
    sd[i] = Math.sqrt(v / n);
  });
  // Normal equations on the standardized columns: (Z'Z + ridge n I) b = Z'(y - my).
  const a = Array.from({ length: p }, () => new Float64Array(p + 1));
  for (const r of rows) {
    const z = columns.map((c, i) =>
      (sd[i] as number) > 0 ? (((x[c] as Float64Array)[r] as number) - (mean[i] as number)) / (sd[i] as number) : 0,
    );
    const dy = (y[r] as number) - my;
    for (let i = 0; i < p; i++) {
      const ai = a[i] as Float64Array;
      for (let j = 0; j < p; j++) ai[j] = (ai[j] as number) + (z[i] as number) * (z[j] as number);
      ai[p] = (ai[p] as number) + (z[i] as number) * dy;
    }
  }
  // A floor under the penalty keeps the system solvable with collinear columns; a constant column (z = 0) gets weight 0.
  for (let i = 0; i < p; i++) (a[i] as Float64Array)[i] = ((a[i] as Float64Array)[i] as number) + Math.max(ridge, MIN_RIDGE) * n;
  const b = solve(a);
  const coef = new Float64Array(p);
  let intercept = my;
  for (let i = 0; i < p; i++) {
    coef[i] = (sd[i] as number) > 0 ? (b[i] as number) / (sd[i] as number) : 0;
    intercept -= (coef[i] as number) * (mean[i] as number);
  }
  return { columns: Int32Array.from(columns), coef, intercept, low, high };
}

/** Solves the augmented system `a` (p rows of p + 1), positive definite, by Gaussian elimination. */
function solve(a: Float64Array[]): Float64Array {
  const p = a.length;
  for (let i = 0; i < p; i++) {
    const ai = a[i] as Float64Array;
    for (let k = i + 1; k < p; k++) {
      const ak = a[k] as Float64Array;
      const f = (ak[i] as number) / (ai[i] as number);
      for (let j = i; j <= p; j++) ak[j] = (ak[j] as number) - f * (ai[j] as number);
    }
  }
  const b = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    const ai = a[i] as Float64Array;
    let v = ai[p] as number;
    for (let j = i + 1; j < p; j++) v -= (ai[j] as number) * (b[j] as number);
    b[i] = v / (ai[i] as number);
  }
  return b;
}

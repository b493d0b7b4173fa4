/**
 * {@link fitFewShotLatency}: latency on a new runtime from a few
 * measurements, as a combination of predictors fitted on other runtimes.
 *
 * @module
 */

import { InvalidOptionsError } from '../../errors.js';
import { failWith, type Fail } from '../../validate.js';
import { checkMatrix, checkVector } from './linear-model.js';

const bad: Fail = failWith(InvalidOptionsError, 'latency model input');

/** `latency = intercept + coefficients . sourceMs`, every coefficient >= 0. Plain JSON. */
export interface FewShotLatencyModel {
  readonly intercept: number;
  /** One per source predictor, in ms of the new runtime per ms of the source. */
  readonly coefficients: readonly number[];
}

/** Options of {@link fitFewShotLatency}. Every field is optional. */
export interface FewShotLatencyOptions {
  /**
   * Ridge penalty on the coefficients of the standardized source
   * predictions, per measured architecture (the fit minimizes the mean
   * squared error plus `ridge` times the sum of squared coefficients, in
   * units of the target's ms): larger shrinks toward the mean and spreads
   * the weight over more sources. @defaultValue 0.01
   */
  readonly ridge?: number;
  /** Coordinate-descent sweeps at most. @defaultValue 2000 */
  readonly maxSweeps?: number;
}

/**
 * Fits latency on a new runtime from a few of its measurements (HELP's
 * setting: Lee et al., NeurIPS 2021, 10 samples) as a nonnegative
 * combination of source predictors: each source is a predictor fitted on
 * another runtime (a lookup table, a linear model, another device's
 * recorded latencies), and `sourceMs[i][k]` is source `k`'s prediction for
 * the `i`-th measured architecture. The coefficients minimize the squared
 * error plus `ridge` times their squares on standardized sources (nonnegative
 * ridge regression by coordinate descent), so the fit picks the runtimes the
 * new one resembles and scales them; a source constant over the samples gets
 * coefficient 0.
 *
 * @param sourceMs - one row per measured architecture, one column per source.
 * @param targetMs - the measured latency on the new runtime, one per row.
 * @throws InvalidOptionsError on ragged or non-finite input, fewer than 2 rows, or a bad option.
 * @example
 * const m = fitFewShotLatency([[1, 5], [2, 4], [3, 9]], [2.1, 4.0, 6.2]);
 * predictFewShotLatency(m, [4, 1]); // about 8
 */
export function fitFewShotLatency(
  sourceMs: readonly (readonly number[])[],
  targetMs: readonly number[],
  options: FewShotLatencyOptions = {},
): FewShotLatencyModel {
  const k = checkMatrix(sourceMs, 'sourceMs');
  const n = sourceMs.length;
  checkVector(targetMs, 'targetMs', n);
  if (n < 2) bad(['sourceMs'], 'at least 2 measured architectures', n);
  const ridge = options.ridge ?? 0.01;
  if (typeof ridge !== 'number' || !Number.isFinite(ridge) || ridge < 0) bad(['ridge'], 'a finite number >= 0', ridge);
  const maxSweeps = options.maxSweeps ?? 2000;
  if (!Number.isSafeInteger(maxSweeps) || maxSweeps < 1) bad(['maxSweeps'], 'an integer >= 1', maxSweeps);
  const yMean = targetMs.reduce((s, y) => s + y, 0) / n;
  const cols = Array.from({ length: k }, (_, j) => standardize(sourceMs.map((row) => row[j] as number)));
  const coef = new Array<number>(k).fill(0);
  const resid = targetMs.map((y) => y - yMean);
  const scale = Math.max(1e-300, Math.sqrt(resid.reduce((s, r) => s + r * r, 0)));
  // The squared error is summed over n rows, so the penalty is per row.
  const penalty = ridge * n;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let moved = 0;
    cols.forEach((col, j) => {
      if (col === undefined) return;
      const old = coef[j] as number;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (col.z[i] as number) * ((resid[i] as number) + (col.z[i] as number) * old);
      const next = Math.max(0, dot / (n + penalty));
      if (next === old) return;
      for (let i = 0; i < n; i++) resid[i] = (resid[i] as number) - (col.z[i] as number) * (next - old);
      coef[j] = next;
      moved = Math.max(moved, Math.abs(next - old));
    });
    if (moved <= 1e-12 * scale) break;
  }
  const coefficients = coef.map((c, j) => (cols[j] === undefined ? 0 : c / (cols[j] as Standardized).sd));
  const intercept = yMean - coefficients.reduce((s, c, j) => s + c * ((cols[j]?.mean ?? 0) as number), 0);
  return { intercept, coefficients };
}

/** The model's latency from the sources' predictions for one architecture. @throws InvalidOptionsError on a row of the wrong length. */
export function predictFewShotLatency(model: FewShotLatencyModel, sourceMs: readonly number[]): number {
  checkVector(sourceMs, 'sourceMs', model.coefficients.length);
  return sourceMs.reduce((s, x, j) => s + x * (model.coefficients[j] as number), model.intercept);
}

interface Standardized {
  readonly mean: number;
  readonly sd: number;
  /** `(x - mean) / sd`, with sum of squares n. */
  readonly z: readonly number[];
}

/** A column centred and scaled to unit (population) standard deviation; undefined when constant. */
function standardize(xs: readonly number[]): Standardized | undefined {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) return undefined;
  return { mean, sd, z: xs.map((x) => (x - mean) / sd) };
}

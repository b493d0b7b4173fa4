/**
 * NASWOT (Mellor, Turner, Storkey and Crowley, ICML 2021, "Neural
 * Architecture Search without Training"): how differently a network's ReLU
 * units switch on the images of one batch.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { EvaluationError } from '../../errors.js';

/**
 * `log |det K|` of a square matrix, by LU decomposition with partial
 * pivoting (in JavaScript doubles); `-Infinity` when the matrix is singular.
 *
 * @param matrix - n rows of n numbers (not modified).
 * @example
 * logAbsDeterminant([[2, 0], [0, 2]]); // Math.log(4)
 */
export function logAbsDeterminant(matrix: readonly (readonly number[])[]): number {
  const n = matrix.length;
  const a: number[][] = matrix.map((row) => [...row]);
  let log = 0;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs((a[r] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const p = a[col] as number[];
    const d = p[col] as number;
    if (d === 0) return Number.NEGATIVE_INFINITY;
    log += Math.log(Math.abs(d));
    for (let r = col + 1; r < n; r++) {
      const row = a[r] as number[];
      const f = (row[col] as number) / d;
      if (f !== 0) for (let k = col; k < n; k++) row[k] = (row[k] as number) - f * (p[k] as number);
    }
  }
  return log;
}

/**
 * The NASWOT score of binary activation codes: with `N_A` units, the kernel
 * `K[i][j] = N_A - hamming(c_i, c_j)` (the number of units on which images i
 * and j agree), and the score `log |det K|`.
 *
 * @param codes - one row per image, one 0/1 entry per ReLU unit (all rows the same length).
 * @returns the log-determinant; `-Infinity` when two images have the same code.
 * @throws EvaluationError when the rows differ in length.
 * @example
 * naswotFromCodes([[1, 1, 0], [1, 0, 0]]); // K = [[3, 2], [2, 3]]: Math.log(5)
 */
export function naswotFromCodes(codes: readonly (readonly number[])[]): number {
  const units = codes[0]?.length ?? 0;
  if (codes.some((c) => c.length !== units))
    throw new EvaluationError(`NASWOT codes: expected rows of ${units} units, received rows of different lengths`);
  const k = codes.map((a) => codes.map((b) => a.reduce((agree, v, u) => agree + (v === b[u] ? 1 : 0), 0)));
  return logAbsDeterminant(k);
}

/** The kernel `K = C C^T + (1 - C)(1 - C)^T` summed over the ReLU layers, as an n x n array. */
function activationKernel(model: tf.LayersModel, x: tf.Tensor): number[][] {
  const relus = model.layers.filter((l) => l.getClassName() === 'ReLU');
  if (relus.length === 0) throw new EvaluationError(`NASWOT needs ReLU layers; model ${model.name} has none`);
  const probe = tf.model({ inputs: model.inputs, outputs: relus.map((l) => l.output as tf.SymbolicTensor) });
  const n = x.shape[0] as number;
  const k = tf.tidy(() => {
    const outs = probe.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
    const parts = (Array.isArray(outs) ? outs : [outs]).map((a) => {
      const c = tf.cast(tf.greater(tf.reshape(a, [n, -1]), 0), 'float32');
      const off = tf.sub(1, c);
      return tf.add(tf.matMul(c, c, false, true), tf.matMul(off, off, false, true));
    });
    return tf.addN(parts);
  });
  const rows = k.arraySync() as number[][];
  k.dispose();
  return rows;
}

/**
 * NASWOT of a model on one batch: the binary code of every image is which
 * ReLU units (outputs of the model's `ReLU` layers) are positive, and the
 * score is `naswotFromCodes` of those codes (the kernel is computed with
 * two matrix products per layer rather than pairwise). Batch normalisation
 * uses the batch's statistics (training mode), as a freshly built network
 * does in Mellor et al.'s code; the model's moving statistics are updated.
 *
 * @param model - the model (built with separate ReLU layers, as `buildModel` does without `foldBatchNorm`).
 * @param x - one batch of images `[n, h, w, c]`, n >= 2 (the paper uses 128; 64 works).
 * @returns `log |det K|`, higher is better; `-Infinity` when two images get the same code.
 * @throws EvaluationError when the model has no ReLU layer.
 */
export function naswotScore(model: tf.LayersModel, x: tf.Tensor): number {
  return logAbsDeterminant(activationKernel(model, x));
}

/**
 * synflow (Tanaka, Kunin, Yamins and Ganguli, NeurIPS 2020): the synaptic
 * flow of a network at initialisation, used as a zero-cost accuracy proxy by
 * Abdelfattah et al. (ICLR 2021).
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { scoredWeights } from './scored-weights.js';

/**
 * synflow of a model: every weight is replaced by its absolute value (the
 * model is changed in place: pass a model built for scoring), an all-ones
 * input of one image goes through in inference mode, `R` is the sum of the
 * outputs, and the score is `sum |theta * dR/dtheta|` over the convolution,
 * depthwise and dense kernels (`scoredWeights`).
 *
 * Batch normalisation is in inference mode with its moving statistics (at
 * initialisation mean 0, variance 1) and its absolute-valued scale and shift,
 * so it is an affine map with non-negative coefficients (the identity times
 * `1/sqrt(1 + epsilon)` at initialisation), as in Tanaka et al.'s code, which
 * scores the network in evaluation mode; it does not normalise over the
 * all-ones batch (which would zero every activation). ReLU is the identity on
 * the non-negative flow; a ReLU6 cap is not, so {@link zeroCostScore} builds
 * the model with plain ReLU for synflow.
 *
 * @param model - the model; its weights are overwritten with their absolute values.
 * @returns the synflow score (>= 0; float32 arithmetic, so it overflows to Infinity for very deep or wide models).
 * @example
 * const model = buildModel({ ...arch, activation: 'relu' }, { seed: 1, output: 'logits' });
 * const score = synflowScore(model);
 * disposeModel(model);
 */
export function synflowScore(model: tf.LayersModel): number {
  for (const w of model.weights) {
    const abs = tf.tidy(() => tf.abs(w.read()));
    w.write(abs);
    abs.dispose();
  }
  const kernels = scoredWeights(model);
  const shape = model.inputs[0]?.shape.slice(1) as number[];
  const score = tf.tidy(() => {
    const x = tf.ones([1, ...shape]);
    const { grads } = tf.variableGrads(() => tf.sum(model.apply(x, { training: false }) as tf.Tensor) as tf.Scalar, kernels);
    return tf.addN(kernels.map((v) => tf.sum(tf.abs(tf.mul(v, grads[v.name] as tf.Tensor)))));
  });
  const value = score.dataSync()[0] as number;
  score.dispose();
  return value;
}

/**
 * snip (Lee, Ajanthan and Torr, ICLR 2019, "SNIP: single-shot network
 * pruning based on connection sensitivity"), summed over the network as a
 * zero-cost accuracy proxy (Abdelfattah et al., ICLR 2021).
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { scoredWeights } from './scored-weights.js';

/**
 * snip of a model on one batch: `sum |theta * dL/dtheta|` over the
 * convolution, depthwise and dense kernels (`scoredWeights`), with `L`
 * the softmax cross-entropy (mean over the batch) of the logits against the
 * one-hot labels. Batch normalisation uses the batch's statistics (training mode).
 *
 * @param model - a model that outputs logits.
 * @param x - images `[n, h, w, c]`.
 * @param y - one-hot labels `[n, classes]`.
 * @returns the score (>= 0).
 */
export function snipScore(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): number {
  const kernels = scoredWeights(model);
  const score = tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      kernels,
    );
    return tf.addN(kernels.map((v) => tf.sum(tf.abs(tf.mul(v, grads[v.name] as tf.Tensor)))));
  });
  const value = score.dataSync()[0] as number;
  score.dispose();
  return value;
}

/**
 * grad_norm (Abdelfattah, Mehrotra, Dudziak and Lane, ICLR 2021): the size of
 * the loss gradient at initialisation.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { scoredWeights } from './scored-weights.js';

/**
 * grad_norm of a model on one batch: the softmax cross-entropy (mean over the
 * batch) of the logits against the one-hot labels, its gradient with respect
 * to each convolution, depthwise and dense kernel (`scoredWeights`),
 * and the sum over kernels of each gradient's Euclidean norm (as Abdelfattah
 * et al.'s code sums per-layer norms). Batch normalisation uses the batch's
 * statistics (training mode).
 *
 * @param model - a model that outputs logits.
 * @param x - images `[n, h, w, c]`.
 * @param y - one-hot labels `[n, classes]`.
 * @returns the score (>= 0).
 */
export function gradNormScore(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): number {
  const kernels = scoredWeights(model);
  const score = tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      kernels,
    );
    return tf.addN(kernels.map((v) => tf.norm(grads[v.name] as tf.Tensor)));
  });
  const value = score.dataSync()[0] as number;
  score.dispose();
  return value;
}

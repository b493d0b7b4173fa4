/**
 * The weights the gradient-based zero-cost proxies sum over.
 *
 * @module
 */

import type * as tf from '../../tfjs.js';

/**
 * The trainable convolution, depthwise and dense kernels of a model (no
 * biases, no batch-norm scales or shifts), as tfjs variables: the
 * "prunable" weights over which synflow (Tanaka et al. 2020), snip (Lee et
 * al. 2019) and grad_norm (Abdelfattah et al. 2021) are summed.
 *
 * @param model - any tfjs LayersModel.
 * @returns the kernels in layer order.
 */
export function scoredWeights(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.filter((w) => /(^|\/|_)kernel(_\d+)?$/.test(w.originalName)).map((w) => w.read() as tf.Variable);
}

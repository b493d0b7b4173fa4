/**
 * The untrained network a zero-cost proxy scores, and its scoring batch as
 * tensors: built, handed to a score function and disposed.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { buildModel } from '../../blocks/build-model.js';
import { disposeModel } from '../../blocks/dispose-model.js';
import type { Architecture } from '../../space/types.js';
import { datasetBatch } from '../dataset-batch.js';
import type { ImageDataset } from '../image-dataset.js';

/**
 * Builds `arch` with the initial weights of `seed` (logits output), passes
 * the model to `score` and disposes it, whatever `score` does.
 *
 * @throws InvalidArchitectureError from `buildModel`; whatever `score` throws.
 * @example
 * const s = withUntrainedModel(arch, 0, (model) => model.countParams());
 */
export function withUntrainedModel<R>(arch: Architecture, seed: number | string, score: (model: tf.LayersModel) => R): R {
  const model = buildModel(arch, { seed, output: 'logits' });
  try {
    return score(model);
  } finally {
    disposeModel(model);
  }
}

/**
 * {@link withUntrainedModel} with every image of `batch` (already at the
 * architecture's input shape) as `x` and its labels one-hot over the
 * architecture's classes as `y`; the tensors are disposed afterwards.
 *
 * @example
 * const s = withScoringBatch(arch, batch, 0, (model, x) => naswotScore(model, x));
 */
export function withScoringBatch<R>(
  arch: Architecture,
  batch: ImageDataset,
  seed: number | string,
  score: (model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor) => R,
): R {
  return withUntrainedModel(arch, seed, (model) => {
    const indices = Array.from({ length: batch.count }, (_, i) => i);
    const { x, y } = datasetBatch(batch, indices, arch.numClasses);
    try {
      return score(model, x, y);
    } finally {
      tf.dispose([x, y]);
    }
  });
}

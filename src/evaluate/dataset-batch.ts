/**
 * Turning rows of an {@link ImageDataset} into training tensors.
 *
 * @module
 */

import * as tf from '../tfjs.js';
import { type ImageDataset, subsetDataset } from './image-dataset.js';

/**
 * One batch of a dataset as tensors: the images at `indices` (NHWC) and their
 * labels one-hot encoded over `numClasses`. The caller disposes both.
 *
 * @example
 * const { x, y } = datasetBatch(train, [0, 1, 2, 3], 10);
 * // x: [4, h, w, c], y: [4, 10]
 * tf.dispose([x, y]);
 */
export function datasetBatch(ds: ImageDataset, indices: readonly number[], numClasses: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const [h, w, c] = ds.imageShape;
  const { images, labels } = subsetDataset(ds, indices);
  return tf.tidy(() => ({
    x: tf.tensor4d(images, [indices.length, h, w, c]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses) as tf.Tensor2D,
  }));
}

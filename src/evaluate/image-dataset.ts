/**
 * Image classification data as plain typed arrays: what {@link ProxyTrainer}
 * trains on. No tfjs tensors are held, so a dataset never leaks GPU/WASM
 * memory and can be shared by many evaluations.
 *
 * @module
 */

import * as tf from '../tfjs.js';
import { InvalidOptionsError, describeValue, fieldMessage } from '../errors.js';
import { CLASS_COUNT, LIMITS, integer } from '../validate.js';

/** Images (NHWC, float32, row-major) with integer class labels. */
export interface ImageDataset {
  /** Name shown in results and errors (`'mnist'`, `'fashion-mnist:train'`, ...). */
  readonly name: string;
  /** `count * height * width * channels` pixel values, NHWC. */
  readonly images: Float32Array;
  /** `count` class labels in `[0, numClasses)`. */
  readonly labels: Int32Array;
  /** `[height, width, channels]` of one image. */
  readonly imageShape: readonly [number, number, number];
  /** Number of classes. */
  readonly numClasses: number;
  /** Number of images. */
  readonly count: number;
}

/** User-supplied images and labels for {@link datasetFromArrays}. */
export interface DatasetArrays {
  /** Pixel values, NHWC, any numeric array; copied. */
  readonly images: ArrayLike<number>;
  /** Integer class labels, one per image; copied. */
  readonly labels: ArrayLike<number>;
  /** `[height, width, channels]` of one image. */
  readonly imageShape: readonly [number, number, number];
  /** Number of classes. @defaultValue `max(labels) + 1` */
  readonly numClasses?: number;
  /** @defaultValue `'custom'` */
  readonly name?: string;
}

const SIDE = integer(1, LIMITS.inputSide).test;

/**
 * Builds an {@link ImageDataset} from plain arrays, validating shapes and labels.
 *
 * @throws InvalidOptionsError naming the bad field (shape, length, a label out of range).
 * @example
 * const ds = datasetFromArrays({ images: pixels, labels, imageShape: [28, 28, 1], numClasses: 10 });
 */
export function datasetFromArrays(arrays: DatasetArrays): ImageDataset {
  const shape = arrays.imageShape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every(SIDE)) {
    const expected = `[height, width, channels] of integers in [1, ${LIMITS.inputSide}]`;
    throw new InvalidOptionsError(fieldMessage('dataset', ['imageShape'], expected, shape), {
      path: ['imageShape'],
      expected,
      received: shape,
    });
  }
  const pixels = shape[0] * shape[1] * shape[2];
  const count = arrays.labels.length;
  if (count === 0)
    throw new InvalidOptionsError(fieldMessage('dataset', ['labels'], 'at least one label', arrays.labels), { path: ['labels'] });
  if (arrays.images.length !== count * pixels) {
    throw new InvalidOptionsError(
      fieldMessage(
        'dataset',
        ['images'],
        `${count} labels x ${pixels} values per image = ${count * pixels} values`,
        `${arrays.images.length} values`,
      ),
      { path: ['images'] },
    );
  }
  const labels = Int32Array.from(arrays.labels);
  let max = 0;
  for (let i = 0; i < count; i++) {
    const label = arrays.labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= LIMITS.classes) {
      const expected = `an integer in [0, ${LIMITS.classes - 1}]`;
      throw new InvalidOptionsError(fieldMessage('dataset', ['labels', i], expected, label), {
        path: ['labels', i],
        expected,
        received: label,
      });
    }
    max = Math.max(max, label);
  }
  const numClasses = arrays.numClasses ?? max + 1;
  if (!CLASS_COUNT.test(numClasses) || numClasses <= max) {
    const expected = `an integer > the largest label (${max}), at most ${LIMITS.classes}`;
    throw new InvalidOptionsError(fieldMessage('dataset', ['numClasses'], expected, numClasses), {
      path: ['numClasses'],
      expected,
      received: numClasses,
    });
  }
  const images = Float32Array.from(arrays.images);
  for (let i = 0; i < images.length; i++) {
    if (!Number.isFinite(images[i]))
      throw new InvalidOptionsError(fieldMessage('dataset', ['images', i], 'a finite number', images[i]), { path: ['images', i] });
  }
  return { name: arrays.name ?? 'custom', images, labels, imageShape: [shape[0], shape[1], shape[2]], numClasses, count };
}

/**
 * Builds an {@link ImageDataset} from tensors: images `[n, h, w, c]` (or
 * `[n, h, w]`, one channel) and labels `[n]` (integers) or `[n, k]` (one-hot
 * or scores: the argmax is taken). The tensors are read and left to the caller.
 *
 * @throws InvalidOptionsError on a bad rank or mismatched counts.
 */
export function datasetFromTensors(
  images: tf.Tensor,
  labels: tf.Tensor,
  options: { numClasses?: number; name?: string } = {},
): ImageDataset {
  if (images.rank !== 3 && images.rank !== 4) {
    throw new InvalidOptionsError(
      fieldMessage('dataset', ['images'], 'a tensor of rank 3 [n, h, w] or 4 [n, h, w, c]', `rank ${images.rank}`),
      { path: ['images'] },
    );
  }
  if (labels.rank !== 1 && labels.rank !== 2) {
    throw new InvalidOptionsError(
      fieldMessage('dataset', ['labels'], 'a tensor of rank 1 (class ids) or 2 (one-hot)', `rank ${labels.rank}`),
      { path: ['labels'] },
    );
  }
  const [n, h, w, c = 1] = images.shape as number[];
  const ids = labels.rank === 2 ? tf.tidy(() => tf.argMax(labels, 1)) : labels;
  try {
    const numClasses = options.numClasses ?? (labels.rank === 2 ? (labels.shape[1] as number) : undefined);
    return datasetFromArrays({
      images: images.dataSync() as Float32Array,
      labels: ids.dataSync() as Int32Array,
      imageShape: [h as number, w as number, c],
      name: options.name ?? 'tensors',
      ...(numClasses === undefined ? {} : { numClasses }),
    });
  } catch (error) {
    if (error instanceof InvalidOptionsError) throw error;
    throw new InvalidOptionsError(`Invalid dataset: cannot read the tensors (${describeValue(n)} images)`, { cause: error });
  } finally {
    if (ids !== labels) ids.dispose();
  }
}

/** A new dataset made of the images at `indices` (in that order). */
export function subsetDataset(ds: ImageDataset, indices: readonly number[], name = ds.name): ImageDataset {
  const [h, w, c] = ds.imageShape;
  const size = h * w * c;
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  indices.forEach((index, i) => {
    images.set(ds.images.subarray(index * size, (index + 1) * size), i * size);
    labels[i] = ds.labels[index] as number;
  });
  return { name, images, labels, imageShape: ds.imageShape, numClasses: ds.numClasses, count: indices.length };
}

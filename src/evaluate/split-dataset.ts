/**
 * Seeded, reproducible train/validation splits.
 *
 * @module
 */

import { InvalidOptionsError, fieldMessage } from '../errors.js';
import { Rng } from '../rng.js';
import { type ImageDataset, subsetDataset } from './image-dataset.js';

/** Options of {@link splitDataset}. */
export interface SplitOptions {
  /** Images held out for validation, an integer in [1, count - 1]. @defaultValue 20% of the images */
  readonly validationSize?: number;
  /** Keep at most this many training images (after the shuffle). @defaultValue all the rest */
  readonly trainSize?: number;
  /** Seed of the shuffle. @defaultValue 0 */
  readonly seed?: number | string;
}

/**
 * Shuffles with a seeded {@link Rng} and splits into a training and a
 * validation set. The same seed gives the same split, on every machine.
 *
 * @throws InvalidOptionsError when the sizes do not fit the dataset.
 * @example
 * const { train, validation } = splitDataset(loadMnist(), { validationSize: 1000, trainSize: 5000, seed: 7 });
 */
export function splitDataset(ds: ImageDataset, options: SplitOptions = {}): { train: ImageDataset; validation: ImageDataset } {
  const validationSize = options.validationSize ?? Math.max(1, Math.floor(ds.count * 0.2));
  if (!Number.isInteger(validationSize) || validationSize < 1 || validationSize >= ds.count) {
    throw new InvalidOptionsError(
      fieldMessage('option', ['validationSize'], `an integer in [1, ${ds.count - 1}] (${ds.name} has ${ds.count} images)`, validationSize),
      { path: ['validationSize'] },
    );
  }
  const rest = ds.count - validationSize;
  const trainSize = options.trainSize ?? rest;
  if (!Number.isInteger(trainSize) || trainSize < 1 || trainSize > rest) {
    throw new InvalidOptionsError(fieldMessage('option', ['trainSize'], `an integer in [1, ${rest}]`, trainSize), { path: ['trainSize'] });
  }
  const order = new Rng(options.seed ?? 0).shuffle(Array.from({ length: ds.count }, (_, i) => i));
  return {
    validation: subsetDataset(ds, order.slice(0, validationSize), `${ds.name}:validation`),
    train: subsetDataset(ds, order.slice(validationSize, validationSize + trainSize), `${ds.name}:train`),
  };
}

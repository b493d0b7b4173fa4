/**
 * A seeded train/validation split that keeps every class's share, after
 * checking that every class has images enough for it.
 *
 * @module
 */

import { InvalidDatasetError } from '../errors.js';
import { Rng } from '../rng.js';
import { type ImageDataset, subsetDataset } from './image-dataset.js';

/** How {@link stratifiedSplit} splits. */
export interface StratifiedSplitOptions {
  /** Share of each class held out for validation, in (0, 1). */
  readonly validationShare: number;
  /** Most validation images in all; each class keeps at least one. */
  readonly maxValidationSize: number;
  readonly seed: number | string;
  /** Names of the classes, for messages. */
  readonly classNames: readonly string[];
  /** Where the data is, for messages. */
  readonly file: string;
}

/** Indices of the images of each class, in dataset order. */
function byClass(ds: ImageDataset): number[][] {
  const groups: number[][] = Array.from({ length: ds.numClasses }, () => []);
  for (let i = 0; i < ds.count; i++) groups[ds.labels[i] as number]?.push(i);
  return groups;
}

/**
 * Checks the classes of `ds` and splits it: from each class, its share of
 * `validationShare` (rounded, at least 1, at most all but 1; scaled down
 * when the total passes `maxValidationSize`) goes to validation, the rest to
 * training; both sets are shuffled. Same seed, same split.
 *
 * @throws InvalidDatasetError `one-class` when the images are of one class,
 *   `empty-class` when a class has none, `too-few-images` when a class has one.
 */
export function stratifiedSplit(ds: ImageDataset, options: StratifiedSplitOptions): { train: ImageDataset; validation: ImageDataset } {
  const groups = byClass(ds);
  const name = (k: number): string => options.classNames[k] ?? String(k);
  const present = groups.filter((g) => g.length > 0).length;
  if (present < 2)
    throw new InvalidDatasetError(`Dataset ${options.file} has images of ${present} class: a classifier needs at least 2`, {
      problem: 'one-class',
      file: options.file,
    });
  groups.forEach((g, k) => {
    if (g.length === 0)
      throw new InvalidDatasetError(`Class ${name(k)} of dataset ${options.file} has no image`, {
        problem: 'empty-class',
        file: options.file,
        path: [name(k)],
      });
    if (g.length < 2)
      throw new InvalidDatasetError(
        `Class ${name(k)} of dataset ${options.file} has 1 image: at least 2 per class are needed, one for training and one for validation`,
        { problem: 'too-few-images', file: options.file, path: [name(k)] },
      );
  });
  const wanted = groups.map((g) => Math.min(g.length - 1, Math.max(1, Math.round(g.length * options.validationShare))));
  const total = wanted.reduce((a, b) => a + b, 0);
  const scale = total > options.maxValidationSize ? options.maxValidationSize / total : 1;
  const rng = new Rng(options.seed);
  const train: number[] = [];
  const validation: number[] = [];
  groups.forEach((g, k) => {
    const order = rng.shuffle(g);
    const held = Math.max(1, Math.floor((wanted[k] as number) * scale));
    validation.push(...order.slice(0, held));
    train.push(...order.slice(held));
  });
  return {
    train: subsetDataset(ds, rng.shuffle(train), `${ds.name}:train`),
    validation: subsetDataset(ds, rng.shuffle(validation), `${ds.name}:validation`),
  };
}

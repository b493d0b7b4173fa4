/**
 * The data a {@link ProxyTrainer} trains and validates on, loaded once and
 * adapted once per input shape.
 *
 * @module
 */

import { EvaluationError } from '../errors.js';
import { Rng } from '../rng.js';
import { adaptImages } from './adapt-images.js';
import { loadFashionMnist } from './fashion-mnist.js';
import { type ImageDataset, subsetDataset } from './image-dataset.js';
import { loadMnist } from './mnist.js';
import type { ResolvedProxyTrainerOptions } from './proxy-trainer-options.js';
import { splitDataset } from './split-dataset.js';

/** Training and validation images of one input shape. */
export interface ProxyData {
  readonly train: ImageDataset;
  readonly validation: ImageDataset;
}

/** Loads the named dataset or returns the given one. */
function source(options: ResolvedProxyTrainerOptions): ImageDataset {
  if (options.dataset === 'mnist') return loadMnist();
  if (options.dataset === 'fashion-mnist') return loadFashionMnist();
  return options.dataset;
}

/** Splits (seeded) into training and validation images, honouring `trainSize` and `validationSize`. */
export function splitForProxy(options: ResolvedProxyTrainerOptions): ProxyData {
  const ds = source(options);
  if (options.validation !== undefined) {
    const order = new Rng(options.seed).shuffle(Array.from({ length: ds.count }, (_, i) => i));
    return {
      train: subsetDataset(ds, order.slice(0, Math.min(options.trainSize, ds.count)), `${ds.name}:train`),
      validation: options.validation,
    };
  }
  if (ds.count < 2)
    throw new EvaluationError(`Dataset ${ds.name} has ${ds.count} image(s): at least 2 are needed to hold some out for validation`);
  const validationSize = Math.min(options.validationSize, Math.max(1, Math.floor(ds.count / 2)));
  const trainSize = Math.min(options.trainSize, ds.count - validationSize);
  return splitDataset(ds, { validationSize, trainSize, seed: options.seed });
}

/** Caches the split and its per-input-shape adaptations for one trainer. */
export class ProxyDataCache {
  private base: ProxyData | undefined;
  private readonly adapted = new Map<string, ProxyData>();

  constructor(private readonly options: ResolvedProxyTrainerOptions) {}

  /** The training and validation images held (loading and splitting the dataset, at its own resolution). */
  counts(): { readonly train: number; readonly validation: number } {
    this.base ??= splitForProxy(this.options);
    return { train: this.base.train.count, validation: this.base.validation.count };
  }

  /** The data with images of `shape` (`[h, w, c]`). @throws EvaluationError when loading or adapting fails. */
  get(shape: readonly [number, number, number]): ProxyData {
    const key = shape.join('x');
    const hit = this.adapted.get(key);
    if (hit !== undefined) return hit;
    this.base ??= splitForProxy(this.options);
    const data = { train: adaptImages(this.base.train, shape), validation: adaptImages(this.base.validation, shape) };
    this.adapted.set(key, data);
    return data;
  }
}

/**
 * Your own images as training, validation and test sets: an image folder
 * (one subfolder per class), a `.npy` pair or IDX files, checked whole,
 * resized to the input shape, split by class with a seed, fingerprinted.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InvalidOptionsError } from '../errors.js';
import {
  LIMITS,
  RNG_SEED,
  type Fail,
  check,
  checkKnownKeys,
  failWith,
  finiteNumber,
  integer,
  isRecord,
  oneOf,
  positiveInt,
} from '../validate.js';
import { adaptImages } from './adapt-images.js';
import { readArrayDataset } from './array-dataset.js';
import { type DatasetLayout, FingerprintHash, datasetLayout, fingerprintedFiles } from './dataset-files.js';
import type { ImageDataset } from './image-dataset.js';
import { readImageFolder } from './image-folder.js';
import { stratifiedSplit } from './stratified-split.js';

/** Options of {@link loadDataset} and {@link loadImageFolder}. Every field is optional. */
export interface LoadDatasetOptions {
  /**
   * `[height, width, channels]` of the images returned, channels 1 or 3, or
   * `[height, width]` to keep the images' channels: images are resized
   * (bilinear), gray repeated to 3 channels, color averaged to 1.
   * @defaultValue the first image's size and channels (an image folder), the
   * arrays' shape; where the channels are the images', mixed counts are an error
   */
  readonly inputShape?: readonly [number, number, number] | readonly [number, number];
  /** Share of each class held out for validation, in (0, 1). @defaultValue 0.2 */
  readonly validationShare?: number;
  /** Most validation images in all (each class keeps at least one). @defaultValue no limit */
  readonly maxValidationSize?: number;
  /** Seed of the split and of the order of the images. @defaultValue 0 */
  readonly seed?: number | string;
  /**
   * An image folder of test images, with class subfolders named as the
   * training folder's (not all needed). A `.npy` or IDX folder holds its
   * test pair itself (`test-images.npy`, `t10k-*`). @defaultValue none
   */
  readonly testDir?: string;
  /** The dataset's name in results and errors. @defaultValue the folder's name */
  readonly name?: string;
}

/** A dataset loaded from disk: split, resized, named and fingerprinted. */
export interface LoadedDataset {
  readonly train: ImageDataset;
  readonly validation: ImageDataset;
  /** The test images, when the dataset has some. */
  readonly test: ImageDataset | undefined;
  /** Class names in label order: the subfolders', `classes.txt`'s, or `0`, `1`, ... */
  readonly classNames: readonly string[];
  /** {@link datasetFingerprint} of the files read (and of `testDir`'s). */
  readonly fingerprint: string;
  readonly layout: DatasetLayout;
}

const KNOWN = ['inputShape', 'validationShare', 'maxValidationSize', 'seed', 'testDir', 'name'];
const SIDE = integer(1, LIMITS.inputSide);

/** {@link LoadDatasetOptions} with defaults, validated. */
interface Resolved {
  readonly inputShape: readonly [number | undefined, number | undefined, 1 | 3 | undefined];
  readonly validationShare: number;
  readonly maxValidationSize: number;
  readonly seed: number | string;
  readonly testDir: string | undefined;
  readonly name: string | undefined;
}

function resolveOptions(options: unknown): Resolved {
  const fail: Fail = failWith(InvalidOptionsError, 'option');
  if (!isRecord(options)) fail([], 'an options object', options);
  checkKnownKeys(options, KNOWN, [], fail);
  const shape = options['inputShape'];
  if (shape !== undefined && (!Array.isArray(shape) || (shape.length !== 3 && shape.length !== 2)))
    fail(['inputShape'], '[height, width, channels] or [height, width]', shape);
  const inputShape =
    shape === undefined
      ? ([undefined, undefined, undefined] as const)
      : ([
          check(SIDE, shape[0], ['inputShape', 0], fail),
          check(SIDE, shape[1], ['inputShape', 1], fail),
          shape.length === 2 ? undefined : check(oneOf([1, 3] as const), shape[2], ['inputShape', 2], fail),
        ] as const);
  const seed = check(RNG_SEED, options['seed'] ?? 0, ['seed'], fail);
  for (const key of ['testDir', 'name'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) fail([key], 'a non-empty string', v);
  }
  return {
    inputShape,
    validationShare: check(
      finiteNumber({ min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }),
      options['validationShare'] ?? 0.2,
      ['validationShare'],
      fail,
    ),
    maxValidationSize: check(positiveInt(), options['maxValidationSize'] ?? Number.MAX_SAFE_INTEGER, ['maxValidationSize'], fail),
    seed: seed as number | string,
    testDir: options['testDir'] as string | undefined,
    name: options['name'] as string | undefined,
  };
}

/** Reads the data of `dir` (as `layout`), and the test folder. */
function read(
  dir: string,
  layout: DatasetLayout,
  o: Resolved,
  hash: FingerprintHash,
): { all: ImageDataset; test?: ImageDataset; classNames: readonly string[] } {
  const name = o.name ?? basename(resolve(dir));
  if (layout === 'image-folder') {
    const { dataset, classNames } = readImageFolder(dir, { shape: o.inputShape, minPerClass: 2, hash, name });
    if (o.testDir === undefined) return { all: dataset, classNames };
    const fixed = dataset.imageShape as readonly [number, number, 1 | 3];
    const test = readImageFolder(o.testDir, { shape: fixed, minPerClass: 1, classNames, hash, hashPrefix: 'test:', name: `${name}:test` });
    return { all: dataset, test: test.dataset, classNames };
  }
  for (const file of fingerprintedFiles(dir)) hash.add(file.name, readFileSync(file.file));
  const arrays = readArrayDataset(dir, layout, name);
  const [h, w, c] = arrays.train.imageShape;
  const [th, tw, tc] = o.inputShape;
  const shape = [th ?? h, tw ?? w, tc ?? (c === 1 ? 1 : 3)] as const;
  return {
    all: adaptImages(arrays.train, shape),
    ...(arrays.test === undefined ? {} : { test: adaptImages(arrays.test, shape) }),
    classNames: arrays.classNames,
  };
}

function load(dir: string, layout: DatasetLayout, options: LoadDatasetOptions): LoadedDataset {
  const o = resolveOptions(options);
  if (o.testDir !== undefined && layout !== 'image-folder') {
    throw new InvalidOptionsError(`Invalid option at testDir: a ${layout} folder holds its test pair itself (see loadDataset)`, {
      path: ['testDir'],
    });
  }
  const hash = new FingerprintHash();
  const { all, test, classNames } = read(dir, layout, o, hash);
  const split = stratifiedSplit(all, { ...o, classNames, file: dir });
  return { ...split, test, classNames, fingerprint: hash.digest(), layout };
}

/**
 * Loads a dataset folder of any layout: an image folder (one subfolder of
 * PNG/JPEG files per class), `images.npy` + `labels.npy`, or MNIST-style
 * IDX files (`train-images-idx3-ubyte[.gz]` ...); the layout is told by the
 * files present (see `datasetLayout`). Node only (it reads files); in a
 * browser, decode with a canvas and use `datasetFromArrays`.
 *
 * Everything is checked before anything is returned, so a search never
 * starts on data it would fail on.
 *
 * @throws InvalidDatasetError naming the folder or file and the `problem`:
 *   `missing`, `empty`, `one-class`, `empty-class`, `too-few-images`,
 *   `unknown-class`, `not-an-image`, `corrupt-image`, `mixed-channels`, `bad-array`.
 * @throws InvalidOptionsError on a bad option.
 * @example
 * const data = loadDataset('photos/', { inputShape: [96, 96, 3], seed: 1 });
 * const trainer = new ProxyTrainer({ dataset: data.train, validation: data.validation });
 */
export function loadDataset(path: string, options: LoadDatasetOptions = {}): LoadedDataset {
  return load(path, datasetLayout(path), options);
}

/**
 * Loads an image folder: one subfolder per class (its name is the class
 * name) of PNG and JPEG files, decoded with pngjs and jpeg-js, resized to
 * `inputShape`, split by class with a seed. Hidden files are skipped; any
 * other file that is not a PNG or JPEG is an error naming it. Node only.
 *
 * @throws InvalidDatasetError as {@link loadDataset}.
 * @throws InvalidOptionsError on a bad option.
 * @example
 * const { train, validation, classNames } = loadImageFolder('flowers/', { inputShape: [64, 64, 3], testDir: 'flowers-test/' });
 */
export function loadImageFolder(dir: string, options: LoadDatasetOptions = {}): LoadedDataset {
  return load(dir, 'image-folder', options);
}

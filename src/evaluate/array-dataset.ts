/**
 * Reads a dataset folder of arrays: `images.npy` + `labels.npy` (NumPy), or
 * the MNIST-style IDX files `train-images-idx3-ubyte[.gz]` +
 * `train-labels-idx1-ubyte[.gz]`; each with an optional test pair
 * (`test-images.npy` + `test-labels.npy`, `t10k-*`) and an optional
 * `classes.txt` (one class name per line, in label order).
 *
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvaluationError, InvalidDatasetError } from '../errors.js';
import { LIMITS } from '../validate.js';
import { CLASS_NAMES_FILE, type DatasetLayout, idxFile } from './dataset-files.js';
import { readIdxDataset } from './idx.js';
import type { ImageDataset } from './image-dataset.js';
import { parseNpy } from './npy.js';

/** A dataset folder of arrays, read. */
export interface ArrayImages {
  readonly train: ImageDataset;
  readonly test: ImageDataset | undefined;
  readonly classNames: readonly string[];
}

function bad(file: string, why: string): never {
  throw new InvalidDatasetError(`Invalid array dataset ${file}: ${why}`, { problem: 'bad-array', file });
}

/** `images.npy` (`[n, h, w]` or `[n, h, w, c]`, uint8 scaled to [0, 1], floats as they are) with `labels.npy` (`[n]` integers). */
function readNpyPair(imagesFile: string, labelsFile: string, name: string): ImageDataset {
  if (!existsSync(labelsFile)) bad(labelsFile, `missing (it goes with ${imagesFile})`);
  const images = parseNpy(readFileSync(imagesFile), imagesFile);
  const labels = parseNpy(readFileSync(labelsFile), labelsFile);
  const [n = 0, h = 0, w = 0, c = 1] = images.shape;
  if (images.shape.length !== 3 && images.shape.length !== 4)
    bad(imagesFile, `expected shape [n, h, w] or [n, h, w, c], found [${images.shape.join(', ')}]`);
  if (n < 1 || h < 1 || w < 1 || h > LIMITS.inputSide || w > LIMITS.inputSide || ![1, 3, 4].includes(c))
    bad(
      imagesFile,
      `expected n >= 1 images of 1 to ${LIMITS.inputSide} pixels a side with 1, 3 or 4 channels, found [${images.shape.join(', ')}]`,
    );
  const count = labels.shape[0];
  if (count !== n || labels.shape.slice(1).some((d) => d !== 1))
    bad(labelsFile, `expected shape [${n}] (one label per image), found [${labels.shape.join(', ')}]`);
  const scale = images.dtype.endsWith('u1') ? 1 / 255 : 1;
  const pixels = Float32Array.from(images.data, (v) => v * scale);
  for (let i = 0; i < pixels.length; i++) if (!Number.isFinite(pixels[i])) bad(imagesFile, `value ${i} is not finite`);
  return { name, images: pixels, labels: checkedLabels(labels.data, labelsFile), imageShape: [h, w, c], numClasses: 0, count: n };
}

/** The labels as integers in [0, LIMITS.classes). */
function checkedLabels(data: ArrayLike<number>, file: string): Int32Array {
  const labels = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!Number.isInteger(v) || v < 0 || v >= LIMITS.classes)
      bad(file, `label ${i} is ${v}, expected an integer in [0, ${LIMITS.classes - 1}]`);
    labels[i] = v;
  }
  return labels;
}

/** The IDX pair `<prefix>-images-idx3-ubyte[.gz]` / `<prefix>-labels-idx1-ubyte[.gz]` of `dir`. */
function readIdxPair(dir: string, prefix: string, name: string): ImageDataset {
  const pair = {
    dir,
    images: `${prefix}-images-idx3-ubyte`,
    labels: `${prefix}-labels-idx1-ubyte`,
    title: 'IDX',
    howToGet: `put the ${prefix}-labels-idx1-ubyte[.gz] file beside ${prefix}-images-idx3-ubyte[.gz]`,
  };
  try {
    return { ...readIdxDataset(pair, name, LIMITS.classes), numClasses: 0 };
  } catch (cause) {
    if (!(cause instanceof EvaluationError)) throw cause;
    throw new InvalidDatasetError(cause.message, { problem: 'bad-array', file: join(dir, pair.images), cause });
  }
}

/** The lines of `classes.txt`, or `0`, `1`, ... up to the largest label. */
function classNames(dir: string, sets: readonly ImageDataset[]): string[] {
  let max = 0;
  for (const ds of sets) for (const label of ds.labels) max = Math.max(max, label);
  const file = join(dir, CLASS_NAMES_FILE);
  if (!existsSync(file)) return Array.from({ length: max + 1 }, (_, i) => String(i));
  const names = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length <= max) bad(file, `${names.length} class names for labels up to ${max}`);
  if (new Set(names).size !== names.length) bad(file, 'a class name is listed twice');
  return names;
}

/**
 * Reads the arrays of a dataset folder of layout `npy` or `idx`.
 * @throws InvalidDatasetError `bad-array` naming the file that is missing, malformed or inconsistent.
 */
export function readArrayDataset(dir: string, layout: Exclude<DatasetLayout, 'image-folder'>, name: string): ArrayImages {
  let train: ImageDataset;
  let test: ImageDataset | undefined;
  if (layout === 'npy') {
    train = readNpyPair(join(dir, 'images.npy'), join(dir, 'labels.npy'), name);
    const testImages = join(dir, 'test-images.npy');
    if (existsSync(testImages)) test = readNpyPair(testImages, join(dir, 'test-labels.npy'), `${name}:test`);
  } else {
    train = readIdxPair(dir, 'train', name);
    if (idxFile(dir, 't10k-images-idx3-ubyte') !== undefined) test = readIdxPair(dir, 't10k', `${name}:test`);
  }
  const names = classNames(dir, test === undefined ? [train] : [train, test]);
  const numClasses = names.length;
  return { train: { ...train, numClasses }, test: test === undefined ? undefined : { ...test, numClasses }, classNames: names };
}

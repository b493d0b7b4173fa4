/**
 * Reads a folder of PNG and JPEG images, one subfolder per class, into an
 * {@link ImageDataset} of one shape: every structural problem is found
 * before any image is decoded, every image is decoded before anything is
 * returned.
 *
 * @module
 */

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidDatasetError } from '../errors.js';
import { resizeBilinear } from './adapt-images.js';
import { type FingerprintHash, checkFolder, visibleEntries } from './dataset-files.js';
import { type DecodedImage, decodeImage } from './decode-image.js';
import type { ImageDataset } from './image-dataset.js';

/** An image folder read into memory. */
export interface FolderImages {
  readonly dataset: ImageDataset;
  /** The subfolders' names, in label order. */
  readonly classNames: readonly string[];
}

/** What {@link readImageFolder} needs besides the folder. */
export interface ReadFolderOptions {
  /** `[height, width, channels]` of the output; each part undefined takes the first image's. */
  readonly shape: readonly [number | undefined, number | undefined, 1 | 3 | undefined];
  /** At least this many images per class. */
  readonly minPerClass: number;
  /** Class names the subfolders must be among (a test folder), in label order. */
  readonly classNames?: readonly string[];
  /** Receives every file read. */
  readonly hash: FingerprintHash;
  /** Prefix of the names given to `hash` (`'test:'` for a test folder). @defaultValue `''` */
  readonly hashPrefix?: string;
  /** Name of the dataset. */
  readonly name: string;
}

/** The class subfolders of `dir` and their files, after every structural check. */
function listClasses(dir: string, options: ReadFolderOptions): { classes: string[]; files: string[][] } {
  checkFolder(dir);
  const classes = visibleEntries(dir).filter((c) => statSync(join(dir, c)).isDirectory());
  const layout = 'one subfolder per class holding its PNG or JPEG images (e.g. cat/1.png, dog/2.jpg)';
  if (classes.length === 0)
    throw new InvalidDatasetError(`Dataset folder ${dir} has no class subfolder: expected ${layout}`, { problem: 'empty', file: dir });
  if (options.classNames === undefined && classes.length === 1) {
    throw new InvalidDatasetError(`Dataset folder ${dir} has one class (${classes[0]}): a classifier needs at least 2 (${layout})`, {
      problem: 'one-class',
      file: dir,
      path: [classes[0] as string],
    });
  }
  const files = classes.map((c) => {
    const folder = join(dir, c);
    if (options.classNames !== undefined && !options.classNames.includes(c)) {
      throw new InvalidDatasetError(
        `Test class folder ${folder} is not a class of the training folder (its classes: ${options.classNames.join(', ')})`,
        { problem: 'unknown-class', file: folder, path: [c] },
      );
    }
    const names = visibleEntries(folder).filter((n) => statSync(join(folder, n)).isFile());
    if (names.length === 0)
      throw new InvalidDatasetError(`Class folder ${folder} holds no image`, { problem: 'empty-class', file: folder, path: [c] });
    if (names.length < options.minPerClass) {
      throw new InvalidDatasetError(
        `Class folder ${folder} holds ${names.length} image(s): at least ${options.minPerClass} per class are needed, ` +
          'one or more for training and one or more for validation',
        { problem: 'too-few-images', file: folder, path: [c] },
      );
    }
    return names;
  });
  return { classes, files };
}

/** Writes `image` into `out` at `offset` as `[h, w, c]` floats in [0, 1]: channels mapped, then resized. */
function place(image: DecodedImage, shape: readonly [number, number, number], out: Float32Array, offset: number): void {
  const [h, w, c] = shape;
  const n = image.height * image.width;
  const src = new Float32Array(n * c);
  for (let p = 0; p < n; p++) {
    if (image.channels === c) for (let k = 0; k < c; k++) src[p * c + k] = (image.pixels[p * c + k] as number) / 255;
    else if (c === 3) src.fill((image.pixels[p] as number) / 255, p * 3, p * 3 + 3);
    else {
      const i = p * 3;
      src[p] = ((image.pixels[i] as number) + (image.pixels[i + 1] as number) + (image.pixels[i + 2] as number)) / 765;
    }
  }
  const target = out.subarray(offset, offset + h * w * c);
  if (image.height === h && image.width === w) target.set(src);
  else resizeBilinear(src, [image.height, image.width, c], h, w, target);
}

/**
 * Reads every image of the class subfolders of `dir` (sorted by name; hidden
 * files skipped), resized to the output shape, channels mapped (gray
 * repeated to 3, color averaged to 1) when `shape` names them.
 *
 * @throws InvalidDatasetError naming the folder or file: `missing`, `empty`,
 *   `one-class`, `empty-class`, `too-few-images`, `unknown-class` (test
 *   folder), `not-an-image`, `corrupt-image`, `mixed-channels` (when
 *   `shape` leaves the channels to the images and they differ).
 */
export function readImageFolder(dir: string, options: ReadFolderOptions): FolderImages {
  const { classes, files } = listClasses(dir, options);
  const count = files.reduce((sum, f) => sum + f.length, 0);
  let shape: [number, number, number] | undefined;
  let images = new Float32Array(0);
  const labels = new Int32Array(count);
  let firstOf: Partial<Record<1 | 3, string>> = {};
  let index = 0;
  classes.forEach((c, k) => {
    const label = options.classNames === undefined ? k : options.classNames.indexOf(c);
    for (const name of files[k] as string[]) {
      const file = join(dir, c, name);
      const bytes = readFileSync(file);
      options.hash.add(`${options.hashPrefix ?? ''}${c}/${name}`, bytes);
      const image = decodeImage(bytes, file, [c, name]);
      firstOf = { [image.channels]: file, ...firstOf };
      if (shape === undefined) {
        const [h, w, ch] = options.shape;
        shape = [h ?? image.height, w ?? image.width, ch ?? image.channels];
        images = new Float32Array(count * shape[0] * shape[1] * shape[2]);
      }
      if (options.shape[2] === undefined && image.channels !== shape[2]) {
        throw new InvalidDatasetError(
          `Mixed channel counts in ${dir}: ${firstOf[shape[2] as 1 | 3]} has ${shape[2]}, ${file} has ${image.channels} ` +
            '(give the channels to convert them all: inputShape [h, w, 1] or [h, w, 3])',
          { problem: 'mixed-channels', file, path: [c, name] },
        );
      }
      place(image, shape, images, index * shape[0] * shape[1] * shape[2]);
      labels[index++] = label;
    }
  });
  const imageShape = shape as [number, number, number];
  return {
    dataset: { name: options.name, images, labels, imageShape, numClasses: options.classNames?.length ?? classes.length, count },
    classNames: options.classNames ?? classes,
  };
}

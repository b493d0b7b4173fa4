/**
 * The files a dataset on disk is made of, its layout (an image folder, a
 * `.npy` pair or IDX files) and its fingerprint: what a search journal
 * records so that a resume on other data is refused.
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidDatasetError } from '../errors.js';

/** How a dataset folder is laid out. */
export type DatasetLayout = 'image-folder' | 'npy' | 'idx';

/** One file of a dataset: its path inside the dataset (`'cat/1.png'`) and on disk. */
export interface DatasetFile {
  readonly name: string;
  readonly file: string;
}

/** Optional file of class names (one per line) beside `.npy` and IDX files. */
export const CLASS_NAMES_FILE = 'classes.txt';

/** The names in `dir` that are not hidden (`.DS_Store`, `.git`), sorted by code point. */
export function visibleEntries(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort();
}

/**
 * Checks that `dir` is a folder.
 * @throws InvalidDatasetError `missing` when it does not exist or is a file.
 */
export function checkFolder(dir: string, what = 'Dataset folder'): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (cause) {
    throw new InvalidDatasetError(`${what} ${dir} does not exist`, { problem: 'missing', file: dir, cause });
  }
  if (!isDir) throw new InvalidDatasetError(`${what} ${dir} is a file, expected a folder`, { problem: 'missing', file: dir });
}

/** The IDX file `base` in `dir`, gzipped or plain, if there is one. */
export function idxFile(dir: string, base: string): string | undefined {
  return [`${base}.gz`, base].map((n) => join(dir, n)).find((f) => existsSync(f));
}

/**
 * The layout of the dataset folder `dir`: `npy` when it holds `images.npy`,
 * `idx` when it holds `train-images-idx3-ubyte[.gz]`, else an image folder.
 *
 * @throws InvalidDatasetError `missing` when `dir` is not a folder.
 */
export function datasetLayout(dir: string): DatasetLayout {
  checkFolder(dir);
  if (existsSync(join(dir, 'images.npy'))) return 'npy';
  if (idxFile(dir, 'train-images-idx3-ubyte') !== undefined) return 'idx';
  return 'image-folder';
}

/** The `.npy` or IDX files of a folder of that layout that exist, and `classes.txt`. */
function arrayFiles(dir: string, layout: 'npy' | 'idx'): DatasetFile[] {
  const names =
    layout === 'npy'
      ? ['images.npy', 'labels.npy', 'test-images.npy', 'test-labels.npy']
      : ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
  const files = names.flatMap((n) => {
    const file = layout === 'npy' ? join(dir, n) : idxFile(dir, n);
    return file !== undefined && existsSync(file) ? [{ name: file.slice(dir.length + 1), file }] : [];
  });
  const classes = join(dir, CLASS_NAMES_FILE);
  return existsSync(classes) ? [...files, { name: CLASS_NAMES_FILE, file: classes }] : files;
}

/** The files of an image folder: `<class>/<file>` for every visible file of every visible subfolder. */
export function imageFolderFiles(dir: string): DatasetFile[] {
  return visibleEntries(dir)
    .filter((c) => statSync(join(dir, c)).isDirectory())
    .flatMap((c) =>
      visibleEntries(join(dir, c))
        .filter((n) => statSync(join(dir, c, n)).isFile())
        .map((n) => ({ name: `${c}/${n}`, file: join(dir, c, n) })),
    );
}

/** Hashes files as they are read: names, sizes and contents, in the order given. */
export class FingerprintHash {
  private readonly hash = createHash('sha256');

  /** Adds one file (its name inside the dataset and its bytes). */
  add(name: string, bytes: Uint8Array): void {
    const content = createHash('sha256').update(bytes).digest('hex');
    this.hash.update(`${name}\0${bytes.length}\0${content}\n`);
  }

  /** The fingerprint: `sha256:` and 16 hex digits. */
  digest(): string {
    return `sha256:${this.hash.digest('hex').slice(0, 16)}`;
  }
}

/**
 * The fingerprint of the dataset at `path` (any layout, an optional test
 * folder after it): a hash of every file's name inside the dataset, size and
 * content. Equal data gives an equal fingerprint on every machine, whatever
 * the files' dates; renaming, adding, removing or changing a file changes it.
 * Reads each file once, without decoding (about 1 s per GB).
 *
 * @throws InvalidDatasetError `missing` when `path` (or `testDir`) is not a folder.
 * @example datasetFingerprint('photos/') // 'sha256:3f9a0c1e5d7b2a64'
 */
export function datasetFingerprint(path: string, testDir?: string): string {
  const hash = new FingerprintHash();
  for (const { name, file } of fingerprintedFiles(path)) hash.add(name, readFileSync(file));
  if (testDir !== undefined) for (const { name, file } of fingerprintedFiles(testDir)) hash.add(`test:${name}`, readFileSync(file));
  return hash.digest();
}

/** Every file a dataset folder of any layout is read from, in the order the loader reads them. */
export function fingerprintedFiles(dir: string): DatasetFile[] {
  const layout = datasetLayout(dir);
  return layout === 'image-folder' ? imageFolderFiles(dir) : arrayFiles(dir, layout);
}

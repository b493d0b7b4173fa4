/**
 * The IDX file format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian
 * header (magic, counts, sizes) followed by unsigned bytes; `.gz` or plain.
 *
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EvaluationError, InvalidOptionsError, fieldMessage } from '../errors.js';
import type { ImageDataset } from './image-dataset.js';

const IMAGES_MAGIC = 0x803;
const LABELS_MAGIC = 0x801;

/** Where an IDX image/label pair lives and how to describe it in errors. */
export interface IdxPair {
  /** Directory holding the two files. */
  readonly dir: string;
  /** File name of the images without `.gz`, e.g. `train-images-idx3-ubyte`. */
  readonly images: string;
  /** File name of the labels without `.gz`, e.g. `train-labels-idx1-ubyte`. */
  readonly labels: string;
  /** The dataset's name in messages, e.g. `Fashion-MNIST`. */
  readonly title: string;
  /** What to tell a user whose files are missing. */
  readonly howToGet: string;
}

function readFile(pair: IdxPair, base: string): Buffer {
  for (const name of [`${base}.gz`, base]) {
    const path = join(pair.dir, name);
    if (!existsSync(path)) continue;
    try {
      const raw = readFileSync(path);
      return name.endsWith('.gz') ? gunzipSync(raw) : raw;
    } catch (error) {
      throw new EvaluationError(`Cannot read ${pair.title} file ${path}`, { cause: error });
    }
  }
  throw new EvaluationError(`${pair.title} file ${base}[.gz] not found in ${pair.dir}: ${pair.howToGet}`, { path: ['dir'] });
}

function checkMagic(buf: Buffer, magic: number, pair: IdxPair, file: string): void {
  if (buf.length < 8 || buf.readUInt32BE(0) !== magic) {
    throw new EvaluationError(`Corrupt ${pair.title} file ${join(pair.dir, file)}: expected IDX magic 0x${magic.toString(16)}`);
  }
}

/**
 * Reads an IDX image file (`idx3-ubyte`) and its label file (`idx1-ubyte`)
 * into an {@link ImageDataset}: images `[h, w, 1]` scaled to [0, 1], labels
 * as read, in file order.
 *
 * @param limit - read only the first `limit` images (a positive integer). @defaultValue all
 * @throws EvaluationError when a file is missing (with `howToGet`), unreadable or corrupt.
 * @throws InvalidOptionsError on a bad `limit`.
 */
export function readIdxDataset(pair: IdxPair, name: string, numClasses: number, limit?: number): ImageDataset {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new InvalidOptionsError(fieldMessage('option', ['limit'], 'a positive integer', limit), { path: ['limit'] });
  const imgs = readFile(pair, pair.images);
  const labs = readFile(pair, pair.labels);
  checkMagic(imgs, IMAGES_MAGIC, pair, pair.images);
  checkMagic(labs, LABELS_MAGIC, pair, pair.labels);
  if (imgs.length < 16) throw new EvaluationError(`Corrupt ${pair.title} file ${join(pair.dir, pair.images)}: truncated header`);
  const total = imgs.readUInt32BE(4);
  const [h, w] = [imgs.readUInt32BE(8), imgs.readUInt32BE(12)];
  if (labs.readUInt32BE(4) !== total || imgs.length < 16 + total * h * w || labs.length < 8 + total) {
    throw new EvaluationError(`Corrupt ${pair.title} files in ${pair.dir}: counts or lengths do not match`);
  }
  const count = Math.min(limit ?? total, total);
  const images = new Float32Array(count * h * w);
  for (let i = 0; i < images.length; i++) images[i] = (imgs[16 + i] as number) / 255;
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = labs[8 + i] as number;
    if (label >= numClasses)
      throw new EvaluationError(
        `Corrupt ${pair.title} file ${join(pair.dir, pair.labels)}: label ${label} at ${i} is not below ${numClasses}`,
      );
    labels[i] = label;
  }
  return { name, images, labels, imageShape: [h, w, 1], numClasses, count };
}

/**
 * Encodes images of `h x w` bytes and their labels as the IDX pair
 * (uncompressed): the inverse of {@link readIdxDataset} for byte data.
 */
export function encodeIdx(pixels: Uint8Array, labels: Uint8Array, h: number, w: number): { images: Buffer; labels: Buffer } {
  if (pixels.length !== labels.length * h * w)
    throw new Error(`encodeIdx: ${pixels.length} pixels for ${labels.length} images of ${h}x${w}`);
  const images = Buffer.alloc(16 + pixels.length);
  images.writeUInt32BE(IMAGES_MAGIC, 0);
  images.writeUInt32BE(labels.length, 4);
  images.writeUInt32BE(h, 8);
  images.writeUInt32BE(w, 12);
  images.set(pixels, 16);
  const labs = Buffer.alloc(8 + labels.length);
  labs.writeUInt32BE(LABELS_MAGIC, 0);
  labs.writeUInt32BE(labels.length, 4);
  labs.set(labels, 8);
  return { images, labels: labs };
}

/**
 * The IDX pair of the original MNIST-style file names in `dir`:
 * `train-*` for `'train'`, `t10k-*` for `'test'`.
 * @throws InvalidOptionsError when `split` is neither.
 */
export function splitIdxPair(dir: string, split: unknown, title: string, howToGet: string): IdxPair {
  if (split !== 'train' && split !== 'test')
    throw new InvalidOptionsError(fieldMessage('option', ['split'], "'train' or 'test'", split), { path: ['split'] });
  const prefix = split === 'train' ? 'train' : 't10k';
  return { dir, images: `${prefix}-images-idx3-ubyte`, labels: `${prefix}-labels-idx1-ubyte`, title, howToGet };
}

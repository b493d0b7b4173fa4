/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from the original IDX
 * files, as Debian's `dataset-fashion-mnist` package installs them.
 *
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EvaluationError, InvalidOptionsError, fieldMessage } from '../errors.js';
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

function readIdx(dir: string, base: string): Buffer {
  for (const name of [`${base}.gz`, base]) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    try {
      const raw = readFileSync(path);
      return name.endsWith('.gz') ? gunzipSync(raw) : raw;
    } catch (error) {
      throw new EvaluationError(`Cannot read Fashion-MNIST file ${path}`, { cause: error });
    }
  }
  throw new EvaluationError(
    `Fashion-MNIST file ${base}[.gz] not found in ${dir}: install the Debian package dataset-fashion-mnist ` +
      '(apt-get install dataset-fashion-mnist) or pass `dir` with the original IDX files',
    { path: ['dir'] },
  );
}

function header(buf: Buffer, magic: number, file: string): void {
  if (buf.length < 8 || buf.readUInt32BE(0) !== magic) {
    throw new EvaluationError(`Corrupt Fashion-MNIST file ${file}: expected IDX magic 0x${magic.toString(16)}`);
  }
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
  if (split !== 'train' && split !== 'test')
    throw new InvalidOptionsError(fieldMessage('option', ['split'], "'train' or 'test'", split), { path: ['split'] });
  const prefix = split === 'train' ? 'train' : 't10k';
  const imageFile = `${prefix}-images-idx3-ubyte`;
  const labelFile = `${prefix}-labels-idx1-ubyte`;
  const imgs = readIdx(dir, imageFile);
  const labs = readIdx(dir, labelFile);
  header(imgs, 0x803, imageFile);
  header(labs, 0x801, labelFile);
  const total = imgs.readUInt32BE(4);
  const [h, w] = [imgs.readUInt32BE(8), imgs.readUInt32BE(12)];
  if (labs.readUInt32BE(4) !== total || imgs.length < 16 + total * h * w || labs.length < 8 + total) {
    throw new EvaluationError(`Corrupt Fashion-MNIST files in ${dir}: counts or lengths do not match`);
  }
  const limit = options.limit ?? total;
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidOptionsError(fieldMessage('option', ['limit'], 'a positive integer', limit), { path: ['limit'] });
  const count = Math.min(limit, total);
  const images = new Float32Array(count * h * w);
  for (let i = 0; i < images.length; i++) images[i] = (imgs[16 + i] as number) / 255;
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = labs[8 + i] as number;
  return { name: `fashion-mnist:${split}`, images, labels, imageShape: [h, w, 1], numClasses: 10, count };
}

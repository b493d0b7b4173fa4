// Image files and folders for the dataset loader's tests: PNG through pngjs, JPEG through jpeg-js.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jpeg from 'jpeg-js';
import { loadFashionMnist } from '../../src/index.js';

interface PngWriter {
  PNG: { sync: { write(png: { width: number; height: number; data: Buffer }, options: { colorType: number }): Buffer } };
}
const { PNG } = createRequire(import.meta.url)('pngjs') as PngWriter;

/** RGBA bytes of `pixels` (`h * w * channels` bytes, channels 1 or 3). */
function rgba(pixels: Uint8Array, channels: 1 | 3): Buffer {
  const n = pixels.length / channels;
  const out = Buffer.alloc(n * 4, 255);
  for (let p = 0; p < n; p++) for (let k = 0; k < 3; k++) out[p * 4 + k] = pixels[p * channels + (channels === 1 ? 0 : k)] as number;
  return out;
}

/** A PNG (gray or RGB) of `h x w` pixels. */
export function pngBytes(pixels: Uint8Array, h: number, w: number, channels: 1 | 3): Buffer {
  return PNG.sync.write({ width: w, height: h, data: rgba(pixels, channels) }, { colorType: channels === 1 ? 0 : 2 });
}

/** A color JPEG of `h x w` pixels (quality 95). */
export function jpegBytes(pixels: Uint8Array, h: number, w: number, channels: 1 | 3): Buffer {
  return jpeg.encode({ width: w, height: h, data: rgba(pixels, channels) }, 95).data;
}

/** Pixels of a flat image of one value per channel. */
export function flat(h: number, w: number, values: readonly number[]): Uint8Array {
  const out = new Uint8Array(h * w * values.length);
  for (let p = 0; p < h * w; p++) out.set(values, p * values.length);
  return out;
}

/** A new temporary folder. */
export function tempDir(prefix = 'mnas-ts-data-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `files` (`'class/name'` -> bytes) under `dir`, creating the class folders. */
export function writeFiles(dir: string, files: Readonly<Record<string, Uint8Array | string>>): string {
  for (const [name, bytes] of Object.entries(files)) {
    const file = join(dir, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, bytes);
  }
  return dir;
}

/**
 * A folder of `perClass` gray PNGs of each class: class `k` is a flat image
 * of value 40 + 60 k, a bright square marking the index.
 */
export function writeToyFolder(dir: string, classes: readonly string[], perClass: number, side = 8): string {
  classes.forEach((c, k) => {
    for (let i = 0; i < perClass; i++) {
      const pixels = flat(side, side, [40 + 60 * k]);
      pixels[i % (side * side)] = 255;
      writeFiles(dir, { [`${c}/${i}.png`]: pngBytes(pixels, side, side, 1) });
    }
  });
  return dir;
}

/** Fashion-MNIST's class names, in label order. */
export const FASHION_CLASSES = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle-boot'];

/**
 * The first `perClass` Fashion-MNIST training images of each class written
 * as a PNG folder (`<class>/<index>.png`, 28 x 28 gray), as a user's own
 * images would come. Needs Debian's dataset-fashion-mnist.
 */
export function writeFashionMnistFolder(dir: string, perClass: number): string {
  const ds = loadFashionMnist({ limit: perClass * 20 });
  const seen = new Array<number>(10).fill(0);
  for (let i = 0; i < ds.count; i++) {
    const label = ds.labels[i] as number;
    if ((seen[label] as number) >= perClass) continue;
    seen[label] = (seen[label] as number) + 1;
    const pixels = Uint8Array.from(ds.images.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255));
    writeFiles(dir, { [`${FASHION_CLASSES[label]}/${i}.png`]: pngBytes(pixels, 28, 28, 1) });
  }
  return dir;
}

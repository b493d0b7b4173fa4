import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InvalidDatasetError,
  InvalidOptionsError,
  datasetFingerprint,
  datasetLayout,
  decodeImage,
  encodeNpy,
  loadDataset,
  loadImageFolder,
  parseNpy,
} from '../../src/index.js';
import { encodeIdx } from '../../src/evaluate/idx.js';
import { flat, jpegBytes, pngBytes, tempDir, writeFiles, writeToyFolder } from './image-fixtures.js';

const dirs: string[] = [];
function fresh(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The InvalidDatasetError `run` throws. */
function datasetError(run: () => unknown): InvalidDatasetError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidDatasetError) return error;
    throw error;
  }
  throw new Error('expected an InvalidDatasetError');
}

describe('decodeImage', () => {
  it('decodes gray and RGB PNGs with their channel counts', () => {
    const gray = decodeImage(pngBytes(flat(3, 2, [77]), 3, 2, 1), 'g.png');
    expect([gray.height, gray.width, gray.channels, [...gray.pixels]]).toEqual([3, 2, 1, [77, 77, 77, 77, 77, 77]]);
    const rgb = decodeImage(pngBytes(flat(2, 2, [10, 20, 30]), 2, 2, 3), 'c.png');
    expect([rgb.channels, [...rgb.pixels.subarray(0, 3)]]).toEqual([3, [10, 20, 30]]);
  });

  it('decodes color JPEGs as 3 channels and gray JPEGs as 1', async () => {
    const color = decodeImage(jpegBytes(flat(8, 8, [200, 40, 40]), 8, 8, 3), 'c.jpg');
    expect(color.channels).toBe(3);
    expect(Math.abs((color.pixels[0] as number) - 200)).toBeLessThan(8);
    const grayJpeg = await sharp(Buffer.from(flat(8, 8, [90])), { raw: { width: 8, height: 8, channels: 1 } })
      .toColourspace('b-w')
      .jpeg()
      .toBuffer();
    const gray = decodeImage(grayJpeg, 'g.jpg');
    expect([gray.channels, gray.pixels.length]).toEqual([1, 64]);
    expect(Math.abs((gray.pixels[0] as number) - 90)).toBeLessThan(4);
  });

  it('throws not-an-image for other files and corrupt-image for a truncated PNG, naming the file', () => {
    expect(datasetError(() => decodeImage(Buffer.from('hello'), 'a/readme.txt'))).toMatchObject({
      problem: 'not-an-image',
      code: 'invalid_dataset',
      file: 'a/readme.txt',
    });
    const png = pngBytes(flat(8, 8, [1]), 8, 8, 1);
    const error = datasetError(() => decodeImage(png.subarray(0, 40), 'a/cut.png'));
    expect(error.problem).toBe('corrupt-image');
    expect(error.message).toContain('a/cut.png');
  });
});

describe('loadImageFolder', () => {
  it('reads classes from subfolders, resizes, splits by class with a seed and fingerprints', () => {
    const dir = writeToyFolder(fresh(), ['cat', 'dog', 'owl'], 10);
    const a = loadImageFolder(dir, { inputShape: [4, 4, 3], seed: 7 });
    expect(a.classNames).toEqual(['cat', 'dog', 'owl']);
    expect(a.train.imageShape).toEqual([4, 4, 3]);
    expect([a.train.count, a.validation.count]).toEqual([24, 6]);
    const perClass = [0, 1, 2].map((k) => a.validation.labels.filter((l) => l === k).length);
    expect(perClass).toEqual([2, 2, 2]);
    // Class 1 is a flat 100 with one bright pixel: its mean stays near 100/255 after resizing.
    const i = a.train.labels.indexOf(1);
    const mean = a.train.images.subarray(i * 48, (i + 1) * 48).reduce((s, v) => s + v, 0) / 48;
    expect(mean).toBeGreaterThan(95 / 255);
    expect(mean).toBeLessThan(130 / 255);
    const b = loadImageFolder(dir, { inputShape: [4, 4, 3], seed: 7 });
    expect([...b.validation.labels]).toEqual([...a.validation.labels]);
    expect(b.train.images).toEqual(a.train.images);
    expect(a.fingerprint).toBe(datasetFingerprint(dir));
    expect(a.fingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it('keeps the first image size and channels by default, and caps the validation set', () => {
    const dir = writeToyFolder(fresh(), ['a', 'b'], 20, 6);
    const data = loadImageFolder(dir, { validationShare: 0.5, maxValidationSize: 4 });
    expect(data.train.imageShape).toEqual([6, 6, 1]);
    expect(data.validation.count).toBe(4);
    expect(data.train.count).toBe(36);
  });

  it("keeps the images' channels when inputShape gives only the size", () => {
    const dir = writeFiles(fresh(), {
      'a/0.png': pngBytes(flat(6, 6, [9, 9, 9]), 6, 6, 3),
      'a/1.jpg': jpegBytes(flat(6, 6, [9, 9, 9]), 6, 6, 3),
      'b/0.png': pngBytes(flat(5, 7, [200, 0, 0]), 5, 7, 3),
      'b/1.png': pngBytes(flat(5, 7, [200, 0, 0]), 5, 7, 3),
    });
    expect(loadImageFolder(dir, { inputShape: [3, 3] }).train.imageShape).toEqual([3, 3, 3]);
  });

  it('reads a separate test folder with the training classes as labels', () => {
    const dir = writeToyFolder(fresh(), ['a', 'b', 'c'], 3);
    const test = writeToyFolder(fresh(), ['c'], 2);
    const data = loadImageFolder(dir, { testDir: test, inputShape: [8, 8, 1] });
    expect(data.test?.count).toBe(2);
    expect([...(data.test?.labels ?? [])]).toEqual([2, 2]);
    expect(data.fingerprint).toBe(datasetFingerprint(dir, test));
    const stranger = writeToyFolder(fresh(), ['zebra'], 2);
    expect(datasetError(() => loadImageFolder(dir, { testDir: stranger })).problem).toBe('unknown-class');
  });

  it('changes the fingerprint when a file changes, is renamed or added, not when the folder moves', () => {
    const dir = writeToyFolder(fresh(), ['a', 'b'], 3);
    const before = datasetFingerprint(dir);
    const moved = join(fresh(), 'moved');
    mkdirSync(moved);
    for (const c of ['a', 'b']) {
      mkdirSync(join(moved, c));
      for (const i of [0, 1, 2]) copyFileSync(join(dir, c, `${i}.png`), join(moved, c, `${i}.png`));
    }
    expect(datasetFingerprint(moved)).toBe(before);
    renameSync(join(moved, 'a', '0.png'), join(moved, 'a', '9.png'));
    expect(datasetFingerprint(moved)).not.toBe(before);
    writeFiles(dir, { 'a/3.png': pngBytes(flat(8, 8, [0]), 8, 8, 1) });
    expect(datasetFingerprint(dir)).not.toBe(before);
  });

  it('converts mixed channel counts when inputShape names the channels', () => {
    const dir = writeFiles(fresh(), {
      'a/0.png': pngBytes(flat(4, 4, [60]), 4, 4, 1),
      'a/1.png': pngBytes(flat(4, 4, [60]), 4, 4, 1),
      'b/0.jpg': jpegBytes(flat(4, 4, [30, 60, 90]), 4, 4, 3),
      'b/1.png': pngBytes(flat(4, 4, [30, 60, 90]), 4, 4, 3),
    });
    const data = loadImageFolder(dir, { inputShape: [4, 4, 1] });
    expect(data.train.imageShape).toEqual([4, 4, 1]);
    for (const v of [...data.train.images, ...data.validation.images]) expect(Math.abs(v - 60 / 255)).toBeLessThan(0.03);
  });
});

describe('loadImageFolder errors (all before any image is used)', () => {
  it('names a missing folder, a file given as the folder and an empty folder', () => {
    const root = fresh();
    expect(datasetError(() => loadImageFolder(join(root, 'nope')))).toMatchObject({ problem: 'missing', file: join(root, 'nope') });
    writeFileSync(join(root, 'file.png'), 'x');
    expect(datasetError(() => loadImageFolder(join(root, 'file.png'))).problem).toBe('missing');
    mkdirSync(join(root, 'empty'));
    expect(datasetError(() => loadImageFolder(join(root, 'empty'))).message).toMatch(/has no class subfolder/);
  });

  it('refuses one class, an empty class folder and a class of one image', () => {
    expect(datasetError(() => loadImageFolder(writeToyFolder(fresh(), ['only'], 4))).problem).toBe('one-class');
    const emptyClass = writeToyFolder(fresh(), ['a', 'b'], 3);
    mkdirSync(join(emptyClass, 'c'));
    expect(datasetError(() => loadImageFolder(emptyClass))).toMatchObject({ problem: 'empty-class', path: ['c'] });
    const tiny = writeToyFolder(fresh(), ['a', 'b'], 3);
    writeFiles(tiny, { 'c/0.png': pngBytes(flat(8, 8, [9]), 8, 8, 1) });
    const error = datasetError(() => loadImageFolder(tiny));
    expect(error).toMatchObject({ problem: 'too-few-images', path: ['c'] });
    expect(error.message).toMatchInlineSnapshot(
      `"Class folder ${join(tiny, 'c')} holds 1 image(s): at least 2 per class are needed, one or more for training and one or more for validation"`,
    );
  });

  it('names a file that is not an image and a corrupt image by path; skips hidden files', () => {
    const dir = writeToyFolder(fresh(), ['a', 'b'], 3);
    writeFiles(dir, { 'a/.DS_Store': 'x' });
    expect(loadImageFolder(dir).train.count).toBe(4);
    writeFiles(dir, { 'b/notes.txt': 'not an image' });
    expect(datasetError(() => loadImageFolder(dir))).toMatchObject({
      problem: 'not-an-image',
      file: join(dir, 'b', 'notes.txt'),
      path: ['b', 'notes.txt'],
    });
    rmSync(join(dir, 'b', 'notes.txt'));
    writeFiles(dir, { 'b/broken.png': pngBytes(flat(8, 8, [1]), 8, 8, 1).subarray(0, 50) });
    const error = datasetError(() => loadImageFolder(dir));
    expect(error.problem).toBe('corrupt-image');
    expect(error.message).toContain(join(dir, 'b', 'broken.png'));
  });

  it('names both files of mixed channel counts when the channels are left to the images', () => {
    const dir = writeFiles(fresh(), {
      'a/0.png': pngBytes(flat(4, 4, [1]), 4, 4, 1),
      'a/1.png': pngBytes(flat(4, 4, [1]), 4, 4, 1),
      'b/0.png': pngBytes(flat(4, 4, [1, 2, 3]), 4, 4, 3),
      'b/1.png': pngBytes(flat(4, 4, [1, 2, 3]), 4, 4, 3),
    });
    const error = datasetError(() => loadImageFolder(dir));
    expect(error.problem).toBe('mixed-channels');
    expect(error.message).toContain(join(dir, 'a', '0.png'));
    expect(error.message).toContain(join(dir, 'b', '0.png'));
  });

  it('throws InvalidOptionsError on bad options', () => {
    const dir = writeToyFolder(fresh(), ['a', 'b'], 3);
    expect(() => loadImageFolder(dir, { inputShape: [8, 8, 2] as never })).toThrow(InvalidOptionsError);
    expect(() => loadImageFolder(dir, { validationShare: 1 })).toThrow(/validationShare/);
    expect(() => loadImageFolder(dir, { colour: 3 } as never)).toThrow(/at colour: expected a known key \(inputShape, /);
  });
});

describe('loadDataset: .npy pairs and IDX files', () => {
  it('round-trips .npy arrays', () => {
    const parsed = parseNpy(encodeNpy(new Float32Array([0.5, 1.5, -2]), [3]), 'x.npy');
    expect([parsed.dtype, parsed.shape, [...parsed.data]]).toEqual(['<f4', [3], [0.5, 1.5, -2]]);
    expect(datasetError(() => parseNpy(Buffer.from('nope, not npy'), 'x.npy')).problem).toBe('bad-array');
  });

  it('reads images.npy + labels.npy with classes.txt and the test pair', () => {
    const n = 12;
    const pixels = new Uint8Array(n * 4 * 4).map((_, i) => (Math.floor(i / 16) % 2) * 200);
    const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
    const dir = writeFiles(fresh(), {
      'images.npy': encodeNpy(pixels, [n, 4, 4]),
      'labels.npy': encodeNpy(labels, [n]),
      'test-images.npy': encodeNpy(pixels.subarray(0, 32), [2, 4, 4]),
      'test-labels.npy': encodeNpy(labels.subarray(0, 2), [2]),
      'classes.txt': 'dark\nbright\n',
    });
    expect(datasetLayout(dir)).toBe('npy');
    const data = loadDataset(dir, { inputShape: [8, 8, 3] });
    expect(data.classNames).toEqual(['dark', 'bright']);
    expect([data.train.count, data.validation.count, data.test?.count]).toEqual([10, 2, 2]);
    expect(data.train.imageShape).toEqual([8, 8, 3]);
    expect(data.fingerprint).toBe(datasetFingerprint(dir));
    writeFiles(dir, { 'labels.npy': encodeNpy(labels.subarray(0, 5), [5]) });
    expect(datasetError(() => loadDataset(dir))).toMatchObject({ problem: 'bad-array', file: join(dir, 'labels.npy') });
  });

  it('reads IDX files and refuses a class without images', () => {
    const n = 10;
    const idx = encodeIdx(
      new Uint8Array(n * 9).fill(3),
      Uint8Array.from({ length: n }, (_, i) => i % 2),
      3,
      3,
    );
    const dir = writeFiles(fresh(), { 'train-images-idx3-ubyte': idx.images, 'train-labels-idx1-ubyte': idx.labels });
    expect(datasetLayout(dir)).toBe('idx');
    const data = loadDataset(dir);
    expect([data.classNames, data.train.imageShape, data.train.count + data.validation.count]).toEqual([['0', '1'], [3, 3, 1], 10]);
    writeFiles(dir, { 'classes.txt': 'a\nb\nc\n' });
    expect(datasetError(() => loadDataset(dir))).toMatchObject({ problem: 'empty-class', path: ['c'] });
  });
});

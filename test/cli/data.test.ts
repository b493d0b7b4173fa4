import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/cli/config.js';
import { evaluationRecipe, recipeEvaluator } from '../../src/cli/distributed.js';
import { encodeNpy, readJournal } from '../../src/index.js';
import { FASHION_CLASSES, flat, pngBytes, tempDir, writeFashionMnistFolder, writeFiles } from '../evaluate/image-fixtures.js';
import { cli, writeConfig } from './helpers.js';

const root = tempDir('mnas-cli-data-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const images = writeFashionMnistFolder(join(root, 'fashion'), 6);
const tiny = writeConfig(root, 'tiny.json', { training: { steps: 2, trainSize: 48, validationSize: 20 } });
const budget = ['--measurer', 'macs', '--controller', 'random', '--trials', '2', '--target-ms', '1', '--config', tiny];

describe('mnas-ts search --data <folder>', () => {
  it('searches a folder of PNG images, records its fingerprint and exports the best model with labels.json', async () => {
    const out = join(root, 'run');
    const r = await cli('search', '--data', images, '--out', out, ...budget);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${images} (image-folder, 10 classes, 60 images) proxy training, 28x28x1`);
    const journal = await readJournal(join(out, 'journal.jsonl'));
    const config = (journal.header.meta as { config: { data: string; dataFingerprint: string } }).config;
    expect(config.data).toBe(images);
    expect(config.dataFingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(JSON.parse(readFileSync(join(out, 'best-model', 'labels.json'), 'utf8'))).toEqual([...FASHION_CLASSES].sort());
    expect(r.out).toContain(join(out, 'best-model', 'labels.json'));

    // The export command trains on the journal's data by default and writes its labels too.
    const e = await cli('export', join(out, 'journal.jsonl'), '--out', join(root, 'exported'), '--train-steps', '2');
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/trained 2 steps, validation accuracy 0\.\d{4}/);
    expect(JSON.parse(readFileSync(join(root, 'exported', 'labels.json'), 'utf8'))).toHaveLength(10);

    // A resume on changed data is refused before anything runs, and the journal keeps its trials.
    writeFiles(images, { 'bag/extra.png': pngBytes(flat(28, 28, [128]), 28, 28, 1) });
    const resumed = await cli('search', '--data', images, '--out', out, '--resume', ...budget);
    expect(resumed.code).toBe(2);
    expect(resumed.err).toMatch(/Invalid --data: .* is not the data of the journal being resumed \(its fingerprint is "sha256:/);
    expect((await readJournal(join(out, 'journal.jsonl'))).trials).toHaveLength(2);
    const exported = await cli('export', join(out, 'journal.jsonl'), '--out', join(root, 'exported2'));
    expect(exported.code).toBe(2);
    expect(exported.err).toMatch(/is not the data the journal recorded/);
    rmSync(join(images, 'bag', 'extra.png'));
    // A journal whose folder is not where it was: export says to name it.
    const moved = join(root, 'fashion-moved');
    renameSync(images, moved);
    const lost = await cli('export', join(out, 'journal.jsonl'), '--out', join(root, 'exported3'));
    expect(lost.code).toBe(2);
    expect(lost.err).toMatch(/The journal's data folder .* is not found from here .*: give its place with --data <dir>/);
    const found = await cli('export', join(out, 'journal.jsonl'), '--out', join(root, 'exported3'), '--data', moved);
    expect(found.code).toBe(0);
    // The same files elsewhere are the same data: the search resumes from the moved folder.
    const budget3 = budget.map((a) => (a === '2' ? '3' : a));
    const elsewhere = await cli('search', '--data', moved, '--out', out, '--resume', ...budget3);
    expect(elsewhere.err).not.toMatch(/mnas-ts:/);
    expect(elsewhere.code).toBe(0);
    expect((await readJournal(join(out, 'journal.jsonl'))).trials).toHaveLength(3);
    renameSync(moved, images);
  }, 120_000);

  it('searches a folder of .npy arrays from the command line', async () => {
    const n = 16;
    const pixels = new Uint8Array(n * 10 * 10).map((_, i) => (Math.floor(i / 100) % 2) * 255);
    const npy = writeFiles(join(root, 'npy'), {
      'images.npy': encodeNpy(pixels, [n, 10, 10]),
      'labels.npy': encodeNpy(
        Int32Array.from({ length: n }, (_, i) => i % 2),
        [n],
      ),
      'classes.txt': 'dark\nbright\n',
    });
    const out = join(root, 'npy-run');
    const r = await cli(
      'search',
      '--data',
      npy,
      '--input-size',
      '10',
      '--evaluator',
      'zero-cost',
      '--measurer',
      'macs',
      '--trials',
      '1',
      '--config',
      tiny,
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${npy} (npy, 2 classes, 16 images) proxy training, 10x10x1`);
    expect(JSON.parse(readFileSync(join(out, 'best-model', 'labels.json'), 'utf8'))).toEqual(['dark', 'bright']);
  }, 120_000);

  it('refuses bad data with exit code 2 before writing a journal', async () => {
    const bad = writeFiles(join(root, 'bad'), {
      'a/0.png': pngBytes(flat(8, 8, [1]), 8, 8, 1),
      'a/1.png': pngBytes(flat(8, 8, [1]), 8, 8, 1),
      'b/0.png': pngBytes(flat(8, 8, [1]), 8, 8, 1),
      'b/1.txt': 'not an image',
    });
    const out = join(root, 'bad-run');
    const r = await cli('search', '--data', bad, '--out', out, ...budget);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Not a PNG or JPEG image: ${join(bad, 'b', '1.txt')}`);
    expect(existsSync(join(out, 'journal.jsonl'))).toBe(false);
    const missing = await cli('search', '--data', join(root, 'nowhere'), '--out', out, ...budget);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Dataset folder .*nowhere does not exist/);
  });

  it('sends a worker the folder and its fingerprint; a worker whose folder differs refuses the recipe', async () => {
    const config = resolveConfig({ data: images, dataFingerprint: undefined });
    const recipe = evaluationRecipe({ ...config, dataFingerprint: 'sha256:0000000000000000' });
    expect(recipe).toMatchObject({ data: images, dataFingerprint: 'sha256:0000000000000000' });
    await expect(recipeEvaluator()(recipe)).rejects.toThrow(/is not the data the search's recipe names/);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Architecture, lastFeatureSide, readJournal } from '../../src/index.js';
import { resolveConfig } from '../../src/cli/config.js';
import { cli, writeConfig } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-baselines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mnas-ts search --baselines', () => {
  it('defaults to the two cheapest adapted baselines for the default space and none for a benchmark', () => {
    expect(resolveConfig({}).baselines).toEqual(['mobilenet-v2-0.35', 'mnasnet-small']);
    expect(resolveConfig({ baselines: 'mobilenet-v2-1.0,mnasnet-a1' }).baselines).toEqual(['mobilenet-v2-1.0', 'mnasnet-a1']);
    expect(resolveConfig({ benchmark: 'nas-bench-201' }).baselines).toEqual([]);
    expect(resolveConfig({ baselines: 'none' }).baselines).toEqual([]);
    expect(resolveConfig({ baselines: ['mnasnet-small'] }).baselines).toEqual(['mnasnet-small']);
  });

  it('refuses an unknown or repeated name, and baselines with a benchmark, naming the flag', async () => {
    let r = await cli('search', '--baselines', 'resnet-50');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Invalid --baselines: unknown baseline "resnet-50" \(known: mobilenet-v2-0\.35, .*mnasnet-a1, or none\)/);
    r = await cli('search', '--baselines', 'mnasnet-small,mnasnet-small');
    expect(r.err).toMatch(/Invalid --baselines: baseline "mnasnet-small" is listed twice/);
    r = await cli('search', '--benchmark', 'nas-bench-201', '--baselines', 'mnasnet-small');
    expect(r.err).toMatch(/Invalid --baselines: baselines are networks/);
  });

  it('scores the baselines beside a tiny search: journaled, in the summary and in the report', async () => {
    const out = join(dir, 'run');
    const file = writeConfig(dir, 'tiny.json', {
      measurer: 'macs',
      controller: 'random',
      trials: 2,
      targetMs: 1,
      inputSize: 16,
      training: { steps: 1, trainSize: 32, validationSize: 16 },
    });
    const args = ['search', '--config', file, '--baselines', 'mobilenet-v2-0.35,mnasnet-small', '--out', out, '--no-progress'];
    const r = await cli(...args);
    expect(r.err).not.toMatch(/mnas-ts:/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Baselines \(reference points; not trials, never told to the controller\), 2:/);
    expect(r.out).toMatch(/^ {2}mobilenet-v2-0\.35-adapted +acc \d\.\d{4}/m);
    expect(r.out).toMatch(/The Pareto front dominates \(at equal or lower latency\) \d of 2 baselines/);
    const contents = await readJournal(join(out, 'journal.jsonl'));
    // Adapted to 16 x 16 (stride 1 in the stem and first stages), and named so.
    expect(contents.baselines.map((b) => b.baseline)).toEqual(['mobilenet-v2-0.35-adapted', 'mnasnet-small-adapted']);
    expect(contents.baselines.map((b) => lastFeatureSide(b.value as Architecture))).toEqual([4, 4]);
    expect(contents.trials).toHaveLength(2);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<h2>Baselines<\/h2>/);
    expect(html).toMatch(/<path [^>]*stroke="#111"[^>]*\/><text [^>]*>mnasnet-small-adapted<\/text>/);
    // Resumed to a larger budget: the journaled baselines are not scored again.
    const again = await cli(
      'search',
      '--config',
      file,
      '--baselines',
      'mobilenet-v2-0.35,mnasnet-small',
      '--out',
      out,
      '--no-progress',
      '--resume',
      '--trials',
      '3',
    );
    expect(again.code).toBe(0);
    expect(again.err).not.toMatch(/^baseline /m);
    const after = await readJournal(join(out, 'journal.jsonl'));
    expect(after.baselines).toEqual(contents.baselines);
    expect(after.trials).toHaveLength(3);
  });
});

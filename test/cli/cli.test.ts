import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countMacs, mnasnetSmall, readJournal } from '../../src/index.js';
import { cli, writeConfig } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (name: string, value: unknown): string => writeConfig(dir, name, value);

describe('mnas-ts CLI: bad input exits with 2 and names the flag or field', () => {
  it.each([
    [['search', '--trials', '0'], /^mnas-ts: Invalid --trials: expected an integer in \[1, 1e7\], received 0$/],
    [['search', '--trials', 'ten'], /^mnas-ts: Invalid --trials: expected a number, received "ten"$/],
    [['search', '--target-ms', '-1'], /^mnas-ts: Invalid --target-ms: expected a finite number > 0, received -1$/],
    [['search', '--target-ms', '0'], /Invalid --target-ms/],
    [
      ['search', '--controller', 'genetic'],
      /^mnas-ts: Invalid --controller: expected one of 'ppo', 'reinforce', 'evolution', 'random', 'nsga2', 'surrogate', received "genetic"$/,
    ],
    [['search', '--measurer', 'table'], /Invalid --measurer: table needs --benchmark/],
    [['search', '--benchmark', 'nas-bench-201', '--measurer', 'wasm'], /Invalid --measurer: a tabular benchmark has recorded costs/],
    [['search', '--benchmark', 'nas-bench-macro', '--device', 'pixel3'], /Invalid --device: only applies to --benchmark nas-bench-201/],
    [['search', '--bogus'], /unknown option '--bogus'/],
    [['search', '--benchmark', 'nas-bench-999'], /argument 'nas-bench-999' is invalid/],
    [
      ['measure', 'mnasnet-a1', '--measurer', 'gpu'],
      /^mnas-ts: Invalid --measurer: expected one of wasm, browser, ort, android, macs, received "gpu"$/,
    ],
    [['measure', 'ir_r1_k4_s1_e1_c16', '--measurer', 'macs'], /kernel/],
    [['measure', 'mnasnet-a1', '--input', '0x3', '--measurer', 'macs'], /Invalid --input/],
    [['report', join(tmpdir(), 'no-such-journal.jsonl')], /Cannot read journal/],
  ])('%j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('rejects an unknown config key, a wrong type and an empty training budget, naming the field', async () => {
    let r = await cli('search', '--config', config('a.json', { trials: 5, epochs: 2 }));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Invalid config field epochs in .*a\.json: expected a known key \(benchmark, .*\), received 2$/);
    r = await cli('search', '--config', config('b.json', { trials: '5' }));
    expect(r.err).toMatch(/Invalid config field trials in .*b\.json: .*received "5"/);
    r = await cli('search', '--config', config('c.json', { training: { batchSize: 0 } }));
    expect(r.err).toMatch(/Invalid config field training\.batchSize/);
    r = await cli('search', '--config', config('d.json', '{ not json'));
    expect(r.err).toMatch(/Invalid --config: .*d\.json is not valid JSON/);
    r = await cli('search', '--config', join(dir, 'missing.json'));
    expect(r.err).toMatch(/Invalid --config: cannot read/);
    expect(r.code).toBe(2);
  });
});

describe('mnas-ts search on tabular benchmarks', () => {
  it('runs NAS-Bench-201, writes journal and report, refuses to overwrite, resumes to a larger budget', async () => {
    const out = join(dir, 'nb201');
    let r = await cli(
      'search',
      '--benchmark',
      'nas-bench-201',
      '--controller',
      'random',
      '--trials',
      '12',
      '--out',
      out,
      '--no-progress',
      '--seed',
      '3',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Pareto front \(accuracy vs pixel3 latency \(ms\)\)/);
    const journal = join(out, 'journal.jsonl');
    expect((await readJournal(journal)).trials).toHaveLength(12);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<svg[^>]*>.*<polyline/s);
    expect(html.match(/<svg[^>]*role="img"/g)).toHaveLength(2); // the two figures (the legend has small marker SVGs)
    r = await cli(
      'search',
      '--benchmark',
      'nas-bench-201',
      '--controller',
      'random',
      '--trials',
      '12',
      '--out',
      out,
      '--no-progress',
      '--seed',
      '3',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/journal: .* already exists; resume it \(resume: true \/ --resume\), start over \(delete it \/ --force\)/);
    r = await cli(
      'search',
      '--benchmark',
      'nas-bench-201',
      '--controller',
      'random',
      '--trials',
      '20',
      '--out',
      out,
      '--no-progress',
      '--seed',
      '3',
      '--resume',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Done: 20 trials \(12 from the journal\)/);
    r = await cli(
      'search',
      '--benchmark',
      'nas-bench-201',
      '--controller',
      'random',
      '--trials',
      '20',
      '--out',
      out,
      '--no-progress',
      '--seed',
      '4',
      '--resume',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mnas-ts: Invalid --seed: 4 differs from 3 in the journal being resumed$/);
    r = await cli(
      'search',
      '--benchmark',
      'nas-bench-201',
      '--controller',
      'evolution',
      '--trials',
      '20',
      '--out',
      out,
      '--no-progress',
      '--seed',
      '3',
      '--resume',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mnas-ts: Invalid --controller: "evolution" differs from "random" in the journal being resumed$/);
  });

  it('runs NAS-Bench-Macro with FLOPs as the cost, from a config file', async () => {
    const out = join(dir, 'macro');
    const r = await cli(
      'search',
      '--config',
      config('macro.json', { benchmark: 'nas-bench-macro', controller: 'evolution', trials: 10, out }),
      '--no-progress',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/cost MFLOPs/);
    expect((await readJournal(join(out, 'journal.jsonl'))).trials).toHaveLength(10);
  });

  it('reports a journal and exits with 2 naming the corrupt line', async () => {
    const out = join(dir, 'nb201');
    const report = join(dir, 'r', 'x.html');
    let r = await cli('report', join(out, 'journal.jsonl'), '--out', report);
    expect(r.code).toBe(0);
    expect(existsSync(report)).toBe(true);
    const lines = readFileSync(join(out, 'journal.jsonl'), 'utf8').split('\n');
    lines[2] = 'garbage';
    const bad = config('bad.jsonl', lines.join('\n'));
    r = await cli('report', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Corrupt journal line 3/);
    r = await cli('export', join(out, 'journal.jsonl'), '--out', join(dir, 'nope'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not an Architecture/);
  });
});

describe('mnas-ts search with proxy training', () => {
  it('runs the default loop (tiny budget, MACs proxy), prints the front, writes the report and a trained best model', async () => {
    const out = join(dir, 'default');
    const cfg = config('tiny.json', {
      measurer: 'macs',
      targetMs: 1,
      trials: 2,
      controller: 'random',
      training: { steps: 2, trainSize: 64, validationSize: 32 },
    });
    const r = await cli('search', '--config', cfg, '--out', out, '--no-progress');
    expect(r.err).not.toMatch(/mnas-ts:/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /MNIST proxy training, 28x28x1; controller random; cost MMACs; soft reward at target 1; 2 trials; space of 34828517376 networks \(24 decisions\)/,
    );
    expect(r.out).toMatch(/Pareto front \(accuracy vs MMACs\)/);
    expect(r.out).toMatch(/Best model \(trial #\d, trained 4 steps, validation accuracy 0\.\d{4}\)/);
    for (const f of [
      'journal.jsonl',
      'report.html',
      'best-model/model.json',
      'best-model/weights.bin',
      'best-model/model.tflite',
      'best-model/model.onnx',
      'best-model/export.json',
    ]) {
      expect(existsSync(join(out, f))).toBe(true);
    }
  });
});

describe('mnas-ts measure', () => {
  it('measures a preset and block strings with the MACs proxy', async () => {
    let r = await cli('measure', 'mobilenet-v2', '--measurer', 'macs');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/mobilenet-v2 \(224x224x3, 1000 classes\): 3,504,872 params, 300,774,272 MACs/);
    expect(r.out).toMatch(/macs-proxy \(analytic\): 300\.774 MMACs/);
    r = await cli(
      'measure',
      'ir_r1_k3_s1_e1_c16',
      'ir_r2_k3_s2_e6_c24',
      '--measurer',
      'macs',
      '--input',
      '32',
      '--classes',
      '10',
      '--json',
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { macs: number; report: { medianMs: number } };
    expect(json.report.medianMs).toBeCloseTo(json.macs / 1e6, 9);
  });

  it('names the presets when the one word given is none of them', async () => {
    const r = await cli('measure', 'mnasnet-a2', '--measurer', 'macs');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'mnas-ts: Invalid <target>: expected a preset (mnasnet-a1, mnasnet-b1, mnasnet-small, mobilenet-v2), an architecture JSON file or block strings, received "mnasnet-a2"',
    );
  });

  it('measures an architecture JSON file, and names the bad field of an invalid one', async () => {
    const arch = mnasnetSmall({ inputShape: [64, 64, 3], numClasses: 10 });
    let r = await cli('measure', config('arch.json', arch), '--measurer', 'macs');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${countMacs(arch).toLocaleString('en-US')} MACs`);
    const bad = { ...arch, blocks: arch.blocks.map((b, i) => (i === 2 ? { ...b, kernel: 4 } : b)) };
    r = await cli('measure', config('bad-arch.json', bad), '--measurer', 'macs');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/blocks\[2\]\.kernel/);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeMeasurer } from '../../src/cli/build.js';
import { configFromFlags, mergeConfigs, resolveConfig } from '../../src/cli/config.js';
import { readConfigFile } from '../../src/cli/config-file.js';
import { pinWasmSection } from '../../src/cli/wasm-duet.js';
import { wasmMeasurerOptions } from '../../src/cli/measurer-config.js';
import { InvalidConfigError, WasmLatencyMeasurer, readJournal, referenceArchitecture } from '../../src/index.js';
import { resolveWasmLatencyMeasurerOptions } from '../../src/measure/wasm/options.js';
import type { LatencyReport } from '../../src/index.js';
import { tinyArch } from '../measure/fixtures.js';
import { NOISY_WARNING_ONLY, cli, writeConfig } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-wasm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = (name: string, value: unknown): string => writeConfig(dir, name, value);

/** The resolved config of a search command line, as runSearchCommand builds it. */
async function searchConfig(flags: Record<string, unknown>, file?: string) {
  const fileConfig = file === undefined ? {} : await readConfigFile(file);
  return resolveConfig(mergeConfigs(fileConfig, configFromFlags(flags, fileConfig)));
}

describe('wasmMeasurerOptions', () => {
  it('turns the wasm section into WasmLatencyMeasurer options with the run seed', () => {
    const options = wasmMeasurerOptions({ clock: 'wall', reference: 4.5, priority: 10, runs: 7 }, 3);
    expect(options).toEqual({ seed: 3, clock: 'wall', duet: { referenceMs: 4.5 }, priority: 10, runs: 7 });
    expect(resolveWasmLatencyMeasurerOptions(options)).toMatchObject({
      seed: 3,
      clock: 'wall',
      duet: { referenceMs: 4.5 },
      priority: 10,
      protocol: { runs: 7 },
    });
    expect(wasmMeasurerOptions(undefined, 1)).toEqual({ seed: 1 });
    expect(wasmMeasurerOptions({ reference: true, clock: undefined }, 0)).toEqual({ seed: 0, duet: { referenceMs: 'calibrate' } });
    // Duet timing off: its other fields do not turn it on.
    expect(wasmMeasurerOptions({ reference: false, duetTolerance: 0.2 }, 0)).toEqual({ seed: 0 });
    expect(wasmMeasurerOptions({ duetMaxWaitMs: 10 }, 0)).toEqual({ seed: 0 });
    const network = tinyArch();
    expect(
      wasmMeasurerOptions({ reference: true, referenceNetwork: network, duetTolerance: 0.2, duetMaxWaitMs: 10, duetCalibrationMs: 0 }, 0),
    ).toEqual({
      seed: 0,
      duet: { referenceMs: 'calibrate', network, tolerance: 0.2, maxWaitMs: 10, calibrationMs: 0 },
    });
  });
});

describe('--quiet-wait', () => {
  it("sets wasm.quietWaitMs, which becomes the measurer's load.maxWaitMs", async () => {
    const resolved = await searchConfig({ quietWait: '15000' });
    expect(resolved.wasm).toEqual({ quietWaitMs: 15000 });
    expect(wasmMeasurerOptions(resolved.wasm, 2)).toEqual({ seed: 2, load: { maxWaitMs: 15000 } });
    expect(resolveWasmLatencyMeasurerOptions(wasmMeasurerOptions(resolved.wasm, 2)).load).toMatchObject({ maxWaitMs: 15000 });
  });

  it('refuses a negative wait, naming the field', async () => {
    await expect(searchConfig({ quietWait: '-1' })).rejects.toThrow(
      'Invalid --quiet-wait: expected a number in [0, 2147483647], received -1',
    );
  });
});

// Real WASM measurements in child processes (and, for searches, training): tens of seconds on a loaded
// 2-core machine, past the default 60 s test timeout.
describe('mnas-ts search: the wasm section and flags', { timeout: 300_000 }, () => {
  it('needs no --measurer (wasm is the default) and turns --duet alone into reference: true', async () => {
    const resolved = await searchConfig({ clock: 'wall', duet: true, priority: '5', runs: '4' });
    expect(resolved.measurer).toBe('wasm');
    expect(resolved.wasm).toEqual({ clock: 'wall', reference: true, priority: 5, runs: 4 });
    const measurer = makeMeasurer(resolved.measurer, 2, resolved);
    expect(measurer).toBeInstanceOf(WasmLatencyMeasurer);
    await measurer.close?.();
  });

  it('merges the file section with the flags field by field (--duet <ms> is that referenceMs)', async () => {
    const file = config('wasm.json', { measurer: 'wasm', wasm: { clock: 'wall', runs: 5, reference: true } });
    expect((await searchConfig({}, file)).wasm).toEqual({ clock: 'wall', runs: 5, reference: true });
    expect((await searchConfig({ duet: '4.25', priority: '-3' }, file)).wasm).toEqual({
      clock: 'wall',
      runs: 5,
      reference: 4.25,
      priority: -3,
    });
  });

  it('takes the fast-state selection from --duet-tolerance and --duet-wait, and the calibration time from the file', async () => {
    const file = config('duet.json', { wasm: { reference: true, duetCalibrationMs: 5000, duetMaxWaitMs: 1000 } });
    const resolved = await searchConfig({ duetTolerance: '0.3', duetWait: '0' }, file);
    expect(resolved.wasm).toEqual({ reference: true, duetCalibrationMs: 5000, duetMaxWaitMs: 0, duetTolerance: 0.3 });
    expect(resolveWasmLatencyMeasurerOptions(wasmMeasurerOptions(resolved.wasm, 0)).duet).toEqual({
      network: referenceArchitecture(),
      referenceMs: 'calibrate',
      tolerance: 0.3,
      maxWaitMs: 0,
      calibrationMs: 5000,
    });
  });

  it('takes the minimum timed span from --min-timed-ms or the file into the timing protocol', async () => {
    const file = config('timed.json', { wasm: { reference: true, minTimedMs: 8000 } });
    expect((await searchConfig({}, file)).wasm).toEqual({ reference: true, minTimedMs: 8000 });
    const resolved = await searchConfig({ minTimedMs: '10000' }, file);
    expect(resolved.wasm).toEqual({ reference: true, minTimedMs: 10000 });
    expect(resolveWasmLatencyMeasurerOptions(wasmMeasurerOptions(resolved.wasm, 0)).protocol.minTimedMs).toBe(10000);
  });

  it('takes --repeats into the section, and keeps it out of the measurer options (it wraps the measurer instead)', async () => {
    const resolved = await searchConfig({ clock: 'wall', repeats: '3' });
    expect(resolved.wasm).toEqual({ clock: 'wall', repeats: 3 });
    expect(wasmMeasurerOptions(resolved.wasm, 0)).toEqual({ seed: 0, clock: 'wall' });
    const measurer = makeMeasurer(resolved.measurer, 0, resolved);
    expect(measurer).not.toBeInstanceOf(WasmLatencyMeasurer);
    await measurer.close?.();
    const once = await searchConfig({ repeats: '1' });
    const single = makeMeasurer(once.measurer, 0, once);
    expect(single).toBeInstanceOf(WasmLatencyMeasurer);
    await single.close?.();
  });

  it('pinWasmSection calibrates one referenceMs against the network of the input size, and leaves sections without duet timing alone', async () => {
    const pinned = await pinWasmSection({ reference: true, repeats: 2, duetCalibrationMs: 0 }, { inputSize: 16, seed: 0 });
    expect(pinned).toEqual({
      reference: expect.any(Number),
      repeats: 2,
      duetCalibrationMs: 0,
      referenceNetwork: referenceArchitecture(16),
    });
    expect(pinned?.reference).toBeGreaterThan(0);
    for (const section of [undefined, {}, { reference: false }, { repeats: 3 }, { clock: 'wall' as const }]) {
      expect(await pinWasmSection(section, { inputSize: 16, seed: 0 })).toBe(section);
    }
  });

  it('takes a reference network (an Architecture) from the file into the measurer options', async () => {
    const file = config('reference-network.json', { wasm: { reference: true, referenceNetwork: tinyArch() } });
    const resolved = await searchConfig({}, file);
    expect(resolved.wasm?.referenceNetwork).toEqual(tinyArch());
    expect(resolveWasmLatencyMeasurerOptions(wasmMeasurerOptions(resolved.wasm, 0)).duet?.network).toEqual(tinyArch());
  });

  it("pinWasmSection gives duet timing the reference network of the models' input size, unless one is named", async () => {
    // A referenceMs given (or taken from a journal): nothing is calibrated.
    const sized = await pinWasmSection({ reference: 4.5, clock: 'wall' }, { inputSize: 96, seed: 0 });
    expect(sized).toEqual({ reference: 4.5, clock: 'wall', referenceNetwork: referenceArchitecture(96) });
    expect((await pinWasmSection({ reference: 4.5 }, { inputSize: 224, seed: 0 }))?.referenceNetwork).toEqual(referenceArchitecture(224));
    const named = { reference: 4.5, referenceNetwork: tinyArch() };
    expect(await pinWasmSection(named, { inputSize: 96, seed: 0 })).toBe(named);
  });

  it("pinWasmSection takes the journal's referenceMs for reference: true when resuming, and calibrates nothing", async () => {
    const meta = { config: { wasm: { reference: 3.75 } } };
    const calibrated = await searchConfig({ duet: true });
    const run = { inputSize: 16, seed: 0, journalMeta: meta };
    expect(await pinWasmSection(calibrated.wasm, run)).toEqual({ reference: 3.75, referenceNetwork: referenceArchitecture(16) });
    // A journal without a number: left as it is, for the resume check to refuse.
    expect(await pinWasmSection(calibrated.wasm, { ...run, journalMeta: { config: {} } })).toEqual({
      reference: true,
      referenceNetwork: referenceArchitecture(16),
    });
    const given = await searchConfig({ duet: '2' });
    expect(await pinWasmSection(given.wasm, run)).toEqual({ reference: 2, referenceNetwork: referenceArchitecture(16) });
  });
});

describe('bad wasm options exit with 2 and name the flag or the config field', () => {
  it.each([
    [['search', '--clock', 'sundial'], "mnas-ts: Invalid --clock: expected 'wall' or 'cpu', received \"sundial\""],
    [['search', '--duet', '-3'], 'mnas-ts: Invalid --duet: expected true, false or a positive number of ms, received -3'],
    [['search', '--duet', 'soon'], 'mnas-ts: Invalid --duet: expected a number, received "soon"'],
    [['search', '--priority', '40'], 'mnas-ts: Invalid --priority: expected an integer in [-20, 19], received 40'],
    [['search', '--priority', '1.5'], 'mnas-ts: Invalid --priority: expected an integer in [-20, 19], received 1.5'],
    [['search', '--runs', '0'], 'mnas-ts: Invalid --runs: expected an integer in [1, 100000], received 0'],
    [['search', '--duet', '--duet-wait', '-5'], 'mnas-ts: Invalid --duet-wait: expected a finite number of ms >= 0, received -5'],
    [['search', '--duet', '--duet-tolerance', 'wide'], 'mnas-ts: Invalid --duet-tolerance: expected a number, received "wide"'],
    [['search', '--repeats', '0'], 'mnas-ts: Invalid --repeats: expected an integer in [1, 100000], received 0'],
    [['search', '--repeats', '2.5'], 'mnas-ts: Invalid --repeats: expected an integer in [1, 100000], received 2.5'],
    [['measure', 'mnasnet-a1', '--repeats', 'few'], 'mnas-ts: Invalid --repeats: expected a number, received "few"'],
    [
      ['measure', 'mnasnet-a1', '--measurer', 'android', '--repeats', '3'],
      'mnas-ts: Invalid --repeats: only applies to --measurer browser or --measurer ort or --measurer wasm, the measurer is "android"',
    ],
    [['search', '--duet', '--min-timed-ms', '-1'], 'mnas-ts: Invalid --min-timed-ms: expected a finite number of ms >= 0, received -1'],
    [
      ['measure', 'mnasnet-a1', '--measurer', 'android', '--min-timed-ms', '5000'],
      'mnas-ts: Invalid --min-timed-ms: only applies to --measurer browser or --measurer ort or --measurer wasm, the measurer is "android"',
    ],
    [['measure', 'mnasnet-a1', '--clock', 'sundial'], "mnas-ts: Invalid --clock: expected 'wall' or 'cpu', received \"sundial\""],
    [['measure', 'mnasnet-a1', '--duet', '-3'], 'mnas-ts: Invalid --duet: expected true, false or a positive number of ms, received -3'],
    [['search', '--measurer', 'macs', '--duet'], 'mnas-ts: Invalid --duet: only applies to --measurer wasm, the measurer is "macs"'],
    [
      ['measure', 'mnasnet-a1', '--measurer', 'android', '--clock', 'wall'],
      'mnas-ts: Invalid --clock: only applies to --measurer wasm, the measurer is "android"',
    ],
    [
      ['search', '--benchmark', 'nas-bench-201', '--priority', '5'],
      'mnas-ts: Invalid --priority: only applies to --measurer wasm, and --measurer is not set',
    ],
  ])('%j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.err).toBe(message);
    expect(r.code).toBe(2);
  });

  it('names the config field of a bad or misplaced wasm section', async () => {
    const messages: string[] = [];
    for (const [name, value] of [
      ['reference.json', { wasm: { reference: 0 } }],
      ['reference-text.json', { wasm: { reference: 'auto' } }],
      ['priority.json', { wasm: { priority: -21 } }],
      ['calibration.json', { wasm: { reference: true, duetCalibrationMs: -1 } }],
      ['unknown.json', { wasm: { seed: 1 } }],
      ['network-text.json', { wasm: { reference: true, referenceNetwork: 'mobilenetv2' } }],
      ['network-bad.json', { wasm: { reference: true, referenceNetwork: { ...tinyArch(), inputShape: [8, 8] } } }],
      ['misplaced.json', { measurer: 'macs', wasm: { clock: 'wall' } }],
    ] as const) {
      const r = await cli('search', '--config', config(name, value));
      expect(r.code).toBe(2);
      messages.push(r.err.replace(dir, '<dir>'));
    }
    expect(messages).toEqual([
      'mnas-ts: Invalid config field wasm.reference in <dir>/reference.json: expected true, false or a positive number of ms, received 0',
      expect.stringMatching(/^mnas-ts: Invalid config field wasm\.reference in <dir>\/reference-text\.json: .*received "auto"$/),
      'mnas-ts: Invalid config field wasm.priority in <dir>/priority.json: expected an integer in [-20, 19], received -21',
      'mnas-ts: Invalid config field wasm.duetCalibrationMs in <dir>/calibration.json: expected a finite number of ms >= 0, received -1',
      'mnas-ts: Invalid config field wasm.seed in <dir>/unknown.json: expected a known key (clock, priority, runs, minTimedMs, reference, referenceNetwork, duetTolerance, duetMaxWaitMs, duetCalibrationMs, repeats, quietWaitMs), received 1',
      'mnas-ts: Invalid config field wasm.referenceNetwork in <dir>/network-text.json: expected an architecture object (the form of architecture.json), received "mobilenetv2"',
      expect.stringMatching(/^mnas-ts: Invalid config field wasm\.referenceNetwork\.inputShape in <dir>\/network-bad\.json: /),
      'mnas-ts: Invalid config field wasm: only applies to --measurer wasm, the measurer is "macs"',
    ]);
    const error = await searchConfig({}, config('path.json', { wasm: { reference: -1 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).path).toEqual(['wasm', 'reference']);
  });
});

// Real WASM measurements in child processes (and, for searches, training): tens of seconds on a loaded
// 2-core machine, past the default 60 s test timeout.
describe('mnas-ts measure: the wasm flags reach the measurement', { timeout: 300_000 }, () => {
  it('measures with --clock wall, --runs 3 and --duet 5 (latencies at referenceMs 5)', async () => {
    // --duet-wait 0: 5 ms is not this machine's reference time, so keep every run rather than wait for a faster state.
    const r = await cli(
      'measure',
      'ir_r1_k3_s1_e1_c16',
      '--input',
      '16',
      '--classes',
      '10',
      '--clock',
      'wall',
      '--runs',
      '3',
      '--duet',
      '5',
      '--duet-wait',
      '0',
      '--json',
    );
    // With --json a busy machine is said in the report (load.noisy), not on stderr: stderr is empty at any load.
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = (JSON.parse(r.out) as { report: LatencyReport }).report;
    expect(report.load).toMatchObject({ noisy: expect.any(Boolean), reasons: expect.any(Array) });
    expect(report.load?.reasons.length === 0).toBe(report.load?.noisy === false);
    expect(report.runs).toBe(3);
    expect(report.platform).toMatchObject({ name: 'node-wasm', clock: 'wall', duet: { referenceMs: 5 } });
  });

  it('measures with --repeats 2: the median of two fresh measurers', async () => {
    const args = [
      'measure',
      'ir_r1_k3_s1_e1_c16',
      '--input',
      '16',
      '--classes',
      '10',
      '--clock',
      'wall',
      '--runs',
      '3',
      '--duet',
      '5',
      '--duet-wait',
      '0',
      '--repeats',
      '2',
    ];
    const r = await cli(...args, '--json');
    // With --json a busy machine is said in the report (load.noisy, merged over the repeats), not on stderr.
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = (JSON.parse(r.out) as { report: LatencyReport }).report;
    expect(report.load).toMatchObject({ noisy: expect.any(Boolean), reasons: expect.any(Array) });
    expect(report.runs).toBe(2);
    expect(report.samplesMs).toHaveLength(2);
    expect(report.platform).toMatchObject({ name: 'node-wasm', clock: 'wall', duet: { referenceMs: 5 } });
    const text = await cli(...args);
    // In text mode the only thing stderr may hold is the warning of a busy machine, which the test cannot choose.
    expect(text.err).toMatch(NOISY_WARNING_ONLY);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      /duet timing at referenceMs 5\.000\): median [\d.]+ ms \(95% CI [\d.]+-[\d.]+\), .* \(the median of 2 fresh measurers' medians, \d+ warm-up runs in all\)$/,
    );
  });
});

// Real WASM measurements in child processes (and, for searches, training): tens of seconds on a loaded
// 2-core machine, past the default 60 s test timeout.
describe('mnas-ts search --duet: a resumed search keeps the calibrated referenceMs', { timeout: 300_000 }, () => {
  const out = join(dir, 'duet-run');
  const tiny = (...more: string[]): string[] => [
    'search',
    '--controller',
    'random',
    '--target-ms',
    '5',
    '--input-size',
    '16',
    '--runs',
    '3',
    '--out',
    out,
    '--no-progress',
    '--config',
    config('tiny-wasm.json', { training: { steps: 1, trainSize: 32, validationSize: 16 }, wasm: { duetCalibrationMs: 0 } }),
    ...more,
  ];
  /** The referenceMs of the journal's config and of every trial's latency report. */
  async function recorded(): Promise<{ config: unknown; trials: unknown[] }> {
    const contents = await readJournal<unknown>(join(out, 'journal.jsonl'));
    const meta = contents.header.meta as { config: { wasm: { reference: unknown } } };
    return { config: meta.config.wasm.reference, trials: contents.trials.map((t) => t.latency?.platform.duet?.referenceMs) };
  }

  it('calibrates once, records the number in the journal, and measures the resumed trials with it', async () => {
    const first = await cli(...tiny('--trials', '1', '--duet'));
    expect(first.err).not.toMatch(/mnas-ts:/);
    expect(first.code).toBe(0);
    const before = await recorded();
    const referenceMs = before.config as number;
    expect(referenceMs).toBeGreaterThan(0);
    expect(before.trials).toEqual([referenceMs]);
    expect(first.out).toContain(`Duet timing: referenceMs ${referenceMs} (kept by --resume`);

    // A different fast-state selection does not change what the latencies mean: the resume is allowed.
    const resumed = await cli(...tiny('--trials', '2', '--duet', '--duet-wait', '0', '--resume'));
    expect(resumed.err).not.toMatch(/mnas-ts:/);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain(`Duet timing: referenceMs ${referenceMs} (kept by --resume`);
    expect(resumed.out).toMatch(/Done: 2 trials \(1 from the journal\)/);
    expect(await recorded()).toEqual({ config: referenceMs, trials: [referenceMs, referenceMs] });
    // The report and the console say the latencies are duet-timed.
    expect(resumed.out).toContain('wasm latency (ms, duet timing)');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('wasm latency (ms, duet timing)');
  });

  it('refuses to resume with another referenceMs or without --duet', async () => {
    const other = await cli(...tiny('--trials', '3', '--duet', '1', '--resume'));
    expect(other.code).toBe(2);
    expect(other.err).toMatch(
      /^mnas-ts: Invalid config field wasm: \{"clock":null,"reference":1,"referenceNetwork":"[0-9a-f]{16}"\} differs from \{"clock":null,"reference":[\d.]+,"referenceNetwork":"[0-9a-f]{16}"\} in the journal being resumed$/,
    );
    const raw = await cli(...tiny('--trials', '3', '--resume'));
    expect(raw.code).toBe(2);
    expect(raw.err).toMatch(
      /^mnas-ts: Invalid config field wasm: \{"clock":null,"reference":null\} differs from \{"clock":null,"reference":[\d.]+,"referenceNetwork":"[0-9a-f]{16}"\} in the journal being resumed$/,
    );
  });
});

// Real WASM measurements in child processes (and, for searches, training): tens of seconds on a loaded
// 2-core machine, past the default 60 s test timeout.
describe('mnas-ts search --duet --repeats: the fresh measurers share the one calibrated referenceMs', { timeout: 300_000 }, () => {
  it('calibrates once ahead, records the number in the journal, and measures every trial on it', async () => {
    const out = join(dir, 'repeats-run');
    const tinyConfig = config('tiny-repeats.json', {
      training: { steps: 1, trainSize: 32, validationSize: 16 },
      wasm: { duetCalibrationMs: 0 },
    });
    const r = await cli(
      'search',
      '--controller',
      'random',
      '--target-ms',
      '5',
      '--input-size',
      '16',
      '--runs',
      '3',
      '--out',
      out,
      '--no-progress',
      '--config',
      tinyConfig,
      '--trials',
      '2',
      '--duet',
      '--repeats',
      '2',
    );
    expect(r.err).not.toMatch(/mnas-ts:/);
    expect(r.code).toBe(0);
    const contents = await readJournal<unknown>(join(out, 'journal.jsonl'));
    const wasm = (contents.header.meta as { config: { wasm: { reference: unknown; repeats: unknown } } }).config.wasm;
    expect(wasm.repeats).toBe(2);
    // --input-size 16: the models' reference network is MobileNetV2 at 32x32.
    expect((wasm as { referenceNetwork?: unknown }).referenceNetwork).toEqual(referenceArchitecture(16));
    expect(wasm.reference).toBeGreaterThan(0);
    expect(contents.trials.map((t) => [t.latency?.platform.duet?.referenceMs, t.latency?.runs])).toEqual([
      [wasm.reference, 2],
      [wasm.reference, 2],
    ]);
    expect(r.out).toContain(`Duet timing: referenceMs ${wasm.reference as number} (kept by --resume`);
  });
});

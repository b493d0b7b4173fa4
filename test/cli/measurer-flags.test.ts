import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeMeasurer } from '../../src/cli/build.js';
import { configFromFlags, mergeConfigs, resolveConfig } from '../../src/cli/config.js';
import { readConfigFile } from '../../src/cli/config-file.js';
import { androidMeasurerOptions } from '../../src/cli/measurer-config.js';
import { AndroidLatencyMeasurer, BrowserLatencyMeasurer, InvalidConfigError } from '../../src/index.js';
import { fakeDeviceFactory } from '../fixtures/fake-device.js';
import { cli, writeConfig } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-measurer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fakeDevice = fakeDeviceFactory(dir);
const config = (name: string, value: unknown): string => writeConfig(dir, name, value);

/** The benchmark_model command lines the fake device ran (the device shell's words). */
function benchmarkRuns(log: { words?: string[] }[]): string[][] {
  return log.flatMap((e) => (e.words?.some((w) => w.startsWith('--graph=')) ? [e.words] : []));
}

/** The resolved config of a search command line, as runSearchCommand builds it. */
async function searchConfig(flags: Record<string, unknown>, file?: string) {
  const fileConfig = file === undefined ? {} : await readConfigFile(file);
  return resolveConfig(mergeConfigs(fileConfig, configFromFlags(flags, fileConfig)));
}

describe('mnas-ts measure --measurer android: the flags reach adb and benchmark_model', () => {
  it('uses --adb, --serial, --benchmark-binary(-local), --threads, --cpu-mask, --runs and --warmup-runs', async () => {
    const device = fakeDevice({ FAKE_ADB_SERIAL: 'PHONE7' }, false);
    const local = join(dir, 'benchmark_model_build');
    writeFileSync(local, 'ELF');
    const r = await cli(
      'measure',
      'ir_r1_k3_s1_e1_c16',
      '--input',
      '32',
      '--classes',
      '10',
      '--measurer',
      'android',
      '--adb',
      device.adbPath,
      '--serial',
      'PHONE7',
      '--benchmark-binary-local',
      local,
      '--benchmark-binary',
      '/data/local/tmp/bm',
      '--threads',
      '3',
      '--cpu-mask',
      '0xf0',
      '--runs',
      '4',
      '--warmup-runs',
      '1',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /android-tflite \(tflite, Google Pixel 1 \(arm64-v8a, CPU mask 0xf0\)\): median \d+\.\d{3} ms.* \(3 runs after 3 warm-up\)/,
    );
    const log = device.log();
    const onDevice = log.filter((call) => call.argv !== undefined && call.argv[0] !== 'devices');
    expect(onDevice.length).toBeGreaterThan(3);
    for (const call of onDevice) expect(call.argv?.slice(0, 2)).toEqual(['-s', 'PHONE7']);
    const runs = benchmarkRuns(log);
    expect(runs).toHaveLength(3);
    expect(runs[0]?.filter((w) => !w.startsWith('--graph='))).toEqual([
      'taskset',
      'f0',
      '/data/local/tmp/bm',
      '--num_threads=3',
      '--num_runs=4',
      '--warmup_runs=1',
    ]);
    // The pushed binary is removed again when the measurer closes.
    expect(existsSync(join(device.root, 'data/local/tmp/bm'))).toBe(false);
  });

  it('fails (exit 1) when --serial names a device that is not connected', async () => {
    const r = await cli(
      'measure',
      'ir_r1_k3_s1_e1_c16',
      '--input',
      '32',
      '--measurer',
      'android',
      '--adb',
      fakeDevice().adbPath,
      '--serial',
      'NOPE1',
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/NOPE1/);
  });
});

describe('mnas-ts search: the android section of a config file, overridden by flags', () => {
  it('merges the file section with the flags field by field and hands them to AndroidLatencyMeasurer', async () => {
    const file = config('android.json', {
      measurer: 'android',
      android: { adbPath: '/opt/adb', serial: 'PHONE7', threads: 4, invocations: 2 },
    });
    const resolved = await searchConfig({ threads: '2', cpuMask: '80' }, file);
    expect(resolved.android).toEqual({ adbPath: '/opt/adb', serial: 'PHONE7', threads: 2, invocations: 2, cpuMask: '80' });
    const measurer = makeMeasurer(resolved.measurer, 5, resolved) as AndroidLatencyMeasurer;
    expect(measurer).toBeInstanceOf(AndroidLatencyMeasurer);
    expect(measurer.options).toMatchObject({
      adbPath: '/opt/adb',
      serial: 'PHONE7',
      threads: 2,
      cpuMask: '80',
      invocations: 2,
      runs: 50,
      seed: 5,
    });
    expect(androidMeasurerOptions(undefined, 1)).toEqual({ seed: 1 });
  });

  it('runs a one-trial search measuring through the fake adb with the file and flag settings', async () => {
    const device = fakeDevice({ FAKE_ADB_SERIAL: 'PHONE7' });
    const file = config('search-android.json', {
      measurer: 'android',
      controller: 'random',
      trials: 1,
      targetMs: 5,
      inputSize: 16,
      training: { steps: 1, trainSize: 32, validationSize: 16 },
      android: { adbPath: device.adbPath, serial: 'PHONE7', threads: 4, runs: 3, warmupRuns: 1, invocations: 1 },
    });
    const r = await cli('search', '--config', file, '--threads', '2', '--cpu-mask', '80', '--out', join(dir, 'run'), '--no-progress');
    expect(r.err).not.toMatch(/mnas-ts:/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/cost android latency \(ms\)/);
    const runs = benchmarkRuns(device.log());
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (const words of runs)
      expect(words.filter((w) => !w.startsWith('--graph='))).toEqual([
        'taskset',
        '80',
        '/data/local/tmp/benchmark_model',
        '--num_threads=2',
        '--num_runs=3',
        '--warmup_runs=1',
      ]);
    // Other android settings would change the latencies the journal's rewards came from.
    const resumed = await cli(
      'search',
      '--config',
      file,
      '--threads',
      '3',
      '--cpu-mask',
      '80',
      '--out',
      join(dir, 'run'),
      '--no-progress',
      '--trials',
      '2',
      '--resume',
    );
    expect(resumed.code).toBe(2);
    expect(resumed.err).toMatch(
      /^mnas-ts: Invalid config field android: \{.*"threads":3.*\} differs from \{.*"threads":2.*\} in the journal being resumed$/,
    );
  });
});

describe('mnas-ts search --measurer browser: the flags reach BrowserLatencyMeasurer', () => {
  it('sets backend, Chromium, DevTools endpoint, threads, isolation and runs', async () => {
    const resolved = await searchConfig({
      measurer: 'browser',
      browserBackend: 'tflite',
      chromium: '/opt/chrome',
      cdpEndpoint: 'http://127.0.0.1:9222',
      threads: '2',
      crossOriginIsolated: true,
      runs: '7',
    });
    const measurer = makeMeasurer(resolved.measurer, 0, resolved) as BrowserLatencyMeasurer;
    expect(measurer).toBeInstanceOf(BrowserLatencyMeasurer);
    expect(measurer.options).toMatchObject({
      backend: 'tflite',
      executablePath: '/opt/chrome',
      cdpEndpoint: 'http://127.0.0.1:9222',
      threads: 2,
      crossOriginIsolated: true,
    });
    expect(measurer.options.protocol.runs).toBe(7);
    await measurer.close();
  });

  it('launches the --chromium it is given (exit 1 naming it when it does not exist)', async () => {
    const r = await cli(
      'measure',
      'ir_r1_k3_s1_e1_c16',
      '--input',
      '32',
      '--measurer',
      'browser',
      '--chromium',
      join(dir, 'no-such-chromium'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain(join(dir, 'no-such-chromium'));
  });
});

describe('bad measurer options exit with 2 and name the flag or the config field', () => {
  it.each([
    [['search', '--measurer', 'android', '--threads', '0'], 'mnas-ts: Invalid --threads: expected an integer in [1, 64], received 0'],
    [['search', '--measurer', 'android', '--runs', 'many'], 'mnas-ts: Invalid --runs: expected a number, received "many"'],
    [
      ['search', '--measurer', 'android', '--serial', 'a b'],
      'mnas-ts: Invalid --serial: expected a device serial (letters, digits and _.:-), received "a b"',
    ],
    [
      ['search', '--measurer', 'android', '--cpu-mask', 'big'],
      'mnas-ts: Invalid --cpu-mask: expected a hexadecimal CPU mask such as "f0", received "big"',
    ],
    [
      ['search', '--measurer', 'android', '--benchmark-binary', 'bm'],
      'mnas-ts: Invalid --benchmark-binary: expected an absolute device path of letters, digits and _.,+@%=:/-, received "bm"',
    ],
    [
      ['search', '--measurer', 'browser', '--browser-backend', 'webgpu'],
      "mnas-ts: Invalid --browser-backend: expected one of 'wasm', 'tflite', 'webgl', 'litert', 'ort-wasm', 'ort-webgpu', received \"webgpu\"",
    ],
    [['search', '--measurer', 'browser', '--threads', '65'], 'mnas-ts: Invalid --threads: expected an integer in [1, 64], received 65'],
    [
      ['search', '--measurer', 'browser', '--cdp-endpoint', '127.0.0.1:9222'],
      'mnas-ts: Invalid --cdp-endpoint: expected an http(s):// or ws(s):// DevTools URL, received "127.0.0.1:9222"',
    ],
    [['search', '--serial', 'PHONE7'], 'mnas-ts: Invalid --serial: only applies to --measurer android, and --measurer is not set'],
    [
      ['search', '--measurer', 'browser', '--cpu-mask', 'f0'],
      'mnas-ts: Invalid --cpu-mask: only applies to --measurer android, the measurer is "browser"',
    ],
    [
      ['measure', 'mnasnet-a1', '--measurer', 'macs', '--threads', '2'],
      'mnas-ts: Invalid --threads: only applies to --measurer android or --measurer browser or --measurer ort, the measurer is "macs"',
    ],
    [
      ['measure', 'mnasnet-a1', '--measurer', 'android', '--warmup-runs', '-1'],
      'mnas-ts: Invalid --warmup-runs: expected an integer in [0, 100000], received -1',
    ],
  ])('%j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toBe(message);
  });

  it('names the config field of a bad or misplaced android or browser section', async () => {
    const messages: string[] = [];
    for (const [name, value] of [
      ['serial.json', { measurer: 'android', android: { serial: 'a b' } }],
      ['threads.json', { measurer: 'android', android: { threads: 'four' } }],
      ['unknown.json', { measurer: 'android', android: { serialNumber: 'X' } }],
      ['backend.json', { measurer: 'browser', browser: { backend: 'webgpu' } }],
      ['misplaced.json', { measurer: 'wasm', android: { threads: 2 } }],
    ] as const) {
      const r = await cli('search', '--config', config(name, value));
      expect(r.code).toBe(2);
      messages.push(r.err.replace(dir, '<dir>'));
    }
    expect(messages).toMatchInlineSnapshot(`
      [
        "mnas-ts: Invalid config field android.serial in <dir>/serial.json: expected a device serial (letters, digits and _.:-), received "a b"",
        "mnas-ts: Invalid config field android.threads in <dir>/threads.json: expected an integer in [1, 64], received "four"",
        "mnas-ts: Invalid config field android.serialNumber in <dir>/unknown.json: expected a known key (adbPath, serial, benchmarkBinary, benchmarkBinaryLocal, remoteDir, threads, cpuMask, runs, warmupRuns, invocations, extraArgs, timeoutMs, quietWaitMs), received "X"",
        "mnas-ts: Invalid config field browser.backend in <dir>/backend.json: expected one of 'wasm', 'tflite', 'webgl', 'litert', 'ort-wasm', 'ort-webgpu', received "webgpu"",
        "mnas-ts: Invalid config field android: only applies to --measurer android, the measurer is "wasm"",
      ]
    `);
  });

  it('throws InvalidConfigError with the path of the field', async () => {
    const error = await searchConfig({}, config('port.json', { measurer: 'browser', browser: { port: 70000 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).path).toEqual(['browser', 'port']);
  });
});

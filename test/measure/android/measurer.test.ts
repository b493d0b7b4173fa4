import * as tf from '../../../src/tfjs.js';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, MeasurementError } from '../../../src/errors.js';
import { toTflite } from '../../../src/export/index.js';
import { AndroidLatencyMeasurer, type AndroidLatencyMeasurerOptions } from '../../../src/measure/index.js';
import { fakeDeviceFactory, type FakeDevice } from '../../fixtures/fake-device.js';
import { expectValidReport } from '../contract.js';
import { scriptedProbe, tinyArch } from '../fixtures.js';

// Models are built and exported in this process: every tensor must be freed.
const tensorsAtStart = tf.memory().numTensors;
afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

const work = mkdtempSync(join(tmpdir(), 'mnas-fake-adb-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fakeDevice = fakeDeviceFactory(work);

const SMALL = { runs: 5, warmupRuns: 2, invocations: 1 } as const;

async function failure(options: AndroidLatencyMeasurerOptions): Promise<MeasurementError> {
  const m = new AndroidLatencyMeasurer({ ...SMALL, ...options });
  try {
    const err = await m.measure(tinyArch()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MeasurementError);
    expect((err as MeasurementError).cause).toBeDefined();
    return err as MeasurementError;
  } finally {
    await m.close();
  }
}

/** The fake's emulated latency for a model: 1000 us + 10 us per KB. */
function fakeLatencyMs(bytes: number): number {
  return (1000 + (bytes / 1024) * 10) / 1000;
}

// Every adb command of the fake device starts a Node process: seconds each on a loaded 2-core machine.
describe('AndroidLatencyMeasurer', { timeout: 300_000 }, () => {
  it.each(['new', 'old', 'sci'])('reads the latency benchmark_model prints in the %s format', async (format) => {
    const m = new AndroidLatencyMeasurer({ ...SMALL, invocations: 2, adbPath: fakeDevice({ FAKE_ADB_FORMAT: format }).adbPath });
    try {
      const report = await m.measure(tinyArch());
      expectValidReport(report);
      expect(report.runs).toBe(2);
      expect(report.warmupRuns).toBe(4);
      expect(report.medianMs).toBeCloseTo(fakeLatencyMs(toTflite(tinyArch()).length), 3);
    } finally {
      await m.close();
    }
  });

  it('pushes the model, runs benchmark_model under taskset with the options, and cleans up', async () => {
    const device = fakeDevice();
    const m = new AndroidLatencyMeasurer({
      adbPath: device.adbPath,
      cpuMask: '0xf0',
      threads: 2,
      runs: 7,
      warmupRuns: 3,
      invocations: 3,
      extraArgs: ['--use_xnnpack=true'],
    });
    const report = await m.measure(tinyArch());
    expect(report.platform).toEqual({
      name: 'android-tflite',
      backend: 'tflite',
      threads: 2,
      device: 'Google Pixel 1 (arm64-v8a, CPU mask 0xf0)',
    });
    const log = device.log();
    const push = log.find((e) => e.argv?.[2] === 'push')!;
    const remote = push.argv![4]!;
    expect(push.argv!.slice(0, 2)).toEqual(['-s', 'FAKE0001']);
    expect(remote).toMatch(/^\/data\/local\/tmp\/mnas-\d+-\d+\.tflite$/);
    const runs = log.filter((e) => e.words?.includes('/data/local/tmp/benchmark_model') && e.words[0] === 'taskset');
    expect(runs).toHaveLength(3);
    expect(runs[0]!.words).toEqual([
      'taskset',
      'f0',
      '/data/local/tmp/benchmark_model',
      `--graph=${remote}`,
      '--num_threads=2',
      '--num_runs=7',
      '--warmup_runs=3',
      '--use_xnnpack=true',
    ]);
    expect(log.some((e) => e.words?.join(' ') === `rm -f ${remote}`)).toBe(true);
    // Nothing left on the device but benchmark_model, nothing left locally.
    expect(readdirSync(join(device.root, 'data/local/tmp'))).toEqual(['benchmark_model']);
    expect(existsSync(push.argv![3]!)).toBe(false);
    await m.close();
  });

  it('quotes every word for the device shell, so metacharacters reach benchmark_model intact', async () => {
    const device = fakeDevice();
    const m = new AndroidLatencyMeasurer({ ...SMALL, adbPath: device.adbPath, extraArgs: ["--note=a b;c'd $(x)"] });
    expectValidReport(await m.measure(tinyArch()));
    expect(device.log().filter((e) => e.words?.at(-1) === "--note=a b;c'd $(x)")).toHaveLength(1);
    await m.close();
  });

  it('pushes a local benchmark_model, makes it executable, and removes it on close', async () => {
    const device = fakeDevice({}, false);
    const binary = join(work, 'benchmark_model_local');
    writeFileSync(binary, 'ELF');
    const m = new AndroidLatencyMeasurer({
      ...SMALL,
      adbPath: device.adbPath,
      benchmarkBinaryLocal: binary,
      benchmarkBinary: '/data/local/tmp/bm',
    });
    expectValidReport(await m.measure(tinyArch()));
    expect(device.log().some((e) => e.words?.join(' ') === 'chmod 755 /data/local/tmp/bm')).toBe(true);
    await m.close();
    await m.close();
    expect(existsSync(join(device.root, 'data/local/tmp/bm'))).toBe(false);
  });

  it('fails with the adb output when no device is connected', async () => {
    const err = await failure({ adbPath: fakeDevice({ FAKE_ADB_FAIL: 'no-device' }).adbPath });
    expect(err.message).toMatchInlineSnapshot(`"No Android device connected (adb devices lists none)"`);
    expect(err.output).toContain('List of devices attached');
  });

  it('fails with the adb output when the device is unauthorized', async () => {
    const err = await failure({ adbPath: fakeDevice({ FAKE_ADB_FAIL: 'unauthorized' }).adbPath });
    expect(err.message).toMatchInlineSnapshot(`"Android device FAKE0001 is unauthorized: accept the USB debugging prompt on the phone"`);
    expect(err.output).toContain('FAKE0001\tunauthorized');
  });

  it('fails when the requested serial is not connected', async () => {
    const err = await failure({ adbPath: fakeDevice().adbPath, serial: 'OTHER42' });
    expect(err.message).toBe('Android device OTHER42 is not connected');
  });

  it('fails with the adb output when benchmark_model is missing', async () => {
    const err = await failure({ adbPath: fakeDevice({}, false).adbPath });
    expect(err.message).toMatchInlineSnapshot(
      `"benchmark_model not found on FAKE0001 at /data/local/tmp/benchmark_model: push it there or set benchmarkBinaryLocal"`,
    );
    expect(err.output).toContain('No such file or directory');
  });

  it('fails with the adb output when benchmark_model crashes, and removes the model', async () => {
    const device = fakeDevice({ FAKE_ADB_FAIL: 'crash' });
    const err = await failure({ adbPath: device.adbPath });
    expect(err.message).toMatchInlineSnapshot(`"benchmark_model failed (exit code 139): Segmentation fault"`);
    expect(err.output).toContain('Loaded model');
    expect(readdirSync(join(device.root, 'data/local/tmp'))).toEqual(['benchmark_model']);
  });

  it.each([
    ['crash', 'benchmark_model failed (exit code 0): Segmentation fault'],
    [
      'missing-binary',
      'benchmark_model not found on FAKE0001 at /data/local/tmp/benchmark_model: push it there or set benchmarkBinaryLocal',
    ],
  ])('recognizes a %s from the output when adb shell exits 0 (adb before Android 7)', async (mode, message) => {
    const err = await failure({ adbPath: fakeDevice({ FAKE_ADB_FAIL: mode, FAKE_ADB_LEGACY_EXIT: '1' }).adbPath });
    expect(err.message).toBe(message);
  });

  it('fails with the adb output when the output cannot be parsed', async () => {
    const err = await failure({ adbPath: fakeDevice({ FAKE_ADB_FAIL: 'garbage' }).adbPath });
    expect(err.message).toMatchInlineSnapshot(`"Cannot parse the benchmark_model output: 0xdeadbeef lorem ipsum"`);
    expect(err.output).toContain('redacted');
  });

  it('kills benchmark_model on abort and still removes the model from the device', async () => {
    const device = fakeDevice({ FAKE_ADB_BENCH_DELAY_MS: '20000' });
    const m = new AndroidLatencyMeasurer({ ...SMALL, adbPath: device.adbPath });
    const controller = new AbortController();
    const p = m.measure(tinyArch(), { signal: controller.signal });
    // Abort once benchmark_model has started (it sleeps 20 s before printing).
    while (!device.log().some((e) => e.words?.[0] === '/data/local/tmp/benchmark_model')) await new Promise((r) => setTimeout(r, 50));
    controller.abort(new Error('stop'));
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(readdirSync(join(device.root, 'data/local/tmp'))).toEqual(['benchmark_model']);
    await m.close();
  });

  it('fails with a MeasurementError carrying the output when an adb command times out', async () => {
    // The timeout bounds every adb command; each starts a Node process, which a loaded machine may take
    // seconds to do: 10 s leaves the earlier commands room, and benchmark_model sleeps 20 s past it.
    const err = await failure({ adbPath: fakeDevice({ FAKE_ADB_BENCH_DELAY_MS: '20000' }).adbPath, timeoutMs: 10_000 });
    expect(err.message).toMatch(
      /^adb -s FAKE0001 shell \/data\/local\/tmp\/benchmark_model --graph=\S+ --num_threads=1 --num_runs=5 --warmup_runs=2 took longer than 10000 ms$/,
    );
  });

  it('fails with a MeasurementError when adb itself is missing', async () => {
    const err = await failure({ adbPath: join(work, 'no-such-adb') });
    expect(err.message).toMatch(/^Cannot run adb at .*no-such-adb: spawn .* ENOENT$/);
  });

  it('throws InvalidOptionsError naming the bad field', () => {
    expect(() => new AndroidLatencyMeasurer({ cpuMask: 'big' })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid AndroidLatencyMeasurer option at cpuMask: expected a hexadecimal CPU mask such as "f0", received "big"]`,
    );
    expect(() => new AndroidLatencyMeasurer({ remoteDir: 'tmp; rm -rf /' })).toThrow(/remoteDir/);
    expect(() => new AndroidLatencyMeasurer({ runs: 0 })).toThrow(/runs/);
  });
});

// The phone's load, from the fake device's /proc/stat (FAKE_ADB_CORES cores, FAKE_ADB_BUSY_CORES of them busy).
describe('AndroidLatencyMeasurer load watching', { timeout: 300_000 }, () => {
  /** Indices in the fake's log of the device commands that read /proc/stat and that run benchmark_model. */
  function order(device: FakeDevice): { cats: number[]; runs: number[] } {
    const words = device.log().flatMap((e) => (e.words === undefined ? [] : [e.words]));
    const at = (keep: (w: string[]) => boolean) => words.flatMap((w, i) => (keep(w) ? [i] : []));
    return { cats: at((w) => w.join(' ') === 'cat /proc/stat'), runs: at((w) => w[0] === '/data/local/tmp/benchmark_model') };
  }

  it("reads the phone's /proc/stat right before the first and right after the last invocation", async () => {
    // 4 cores, 1 busy: benchmark_model's one thread, taken as its own, so no other load.
    const device = fakeDevice({ FAKE_ADB_BUSY_CORES: '1' });
    const m = new AndroidLatencyMeasurer({ ...SMALL, invocations: 2, adbPath: device.adbPath });
    try {
      const report = await m.measure(tinyArch());
      expectValidReport(report);
      expect(report.load).toEqual({ noisy: false, reasons: [], otherCores: 0, waitedMs: 0 });
      const { cats, runs } = order(device);
      expect(cats).toHaveLength(2);
      expect(runs).toHaveLength(2);
      expect(cats[0]).toBeLessThan(runs[0] as number);
      expect(cats[1]).toBeGreaterThan(runs[1] as number);
    } finally {
      await m.close();
    }
  });

  it('marks a busy phone noisy, after waiting for quiet up to maxWaitMs', async () => {
    const device = fakeDevice({ FAKE_ADB_BUSY_CORES: '3' });
    const m = new AndroidLatencyMeasurer({ ...SMALL, adbPath: device.adbPath, load: { maxWaitMs: 1, pollMs: 1 } });
    try {
      const report = await m.measure(tinyArch());
      // 3 of 4 cores busy, 1 of them benchmark_model's: at least 2 cores of other processes.
      expect(report.load?.noisy).toBe(true);
      expect(report.load?.otherCores).toBe(2);
      expect(report.load?.cpuShare).toBeUndefined();
      expect(report.load?.reasons).toEqual([
        'other processes used 2.00 cores on average (more than maxOtherCores 0.5)',
        'the machine did not become quiet within maxWaitMs 1',
      ]);
      // Two readings while waiting (one window), then the two around the invocation.
      expect(order(device).cats).toHaveLength(4);
    } finally {
      await m.close();
    }
  });

  it("does not watch the load where the phone's /proc/stat cannot be read, or with load: false", async () => {
    for (const [env, load] of [
      [{ FAKE_ADB_NO_PROC_STAT: '1' }, {}],
      [{}, false],
    ] as const) {
      const device = fakeDevice(env);
      const m = new AndroidLatencyMeasurer({ ...SMALL, adbPath: device.adbPath, load });
      try {
        const report = await m.measure(tinyArch());
        expectValidReport(report);
        expect(report.load).toBeUndefined();
        expect(order(device).cats).toHaveLength(load === false ? 0 : 2);
      } finally {
        await m.close();
      }
    }
  });

  it("uses an injected load probe instead of the phone's /proc/stat", async () => {
    const device = fakeDevice({ FAKE_ADB_BUSY_CORES: '3' });
    const probe = scriptedProbe([0]);
    const m = new AndroidLatencyMeasurer({ ...SMALL, adbPath: device.adbPath, load: { probe } });
    try {
      const report = await m.measure(tinyArch());
      expect(report.load).toEqual({ noisy: false, reasons: [], otherCores: 0, waitedMs: 0 });
      expect(probe.reads).toBe(2);
      expect(order(device).cats).toHaveLength(0);
    } finally {
      await m.close();
    }
  });
});

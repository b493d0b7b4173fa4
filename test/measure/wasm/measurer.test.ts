import { fileURLToPath } from 'node:url';
import * as tf from '../../../src/tfjs.js';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, InvalidArchitectureError, InvalidOptionsError, MeasurementError } from '../../../src/errors.js';
import { WasmLatencyMeasurer } from '../../../src/measure/wasm/measurer.js';
import type { DuetOptions } from '../../../src/measure/wasm/duet-options.js';
import { resolveWasmLatencyMeasurerOptions, type WasmLatencyMeasurerOptions } from '../../../src/measure/wasm/options.js';
import { pinDuet } from '../../../src/measure/wasm/pin-duet.js';
import { referenceArchitecture } from '../../../src/measure/wasm/reference-network.js';
import { hashArchitecture } from '../../../src/space/hash.js';
import { describeMeasurerContract, expectValidReport } from '../contract.js';
import { badKernelArch, tinyArch } from '../fixtures.js';

const FAST = { runs: 5, window: 3, minWarmupRuns: 3, maxWarmupRuns: 12 } as const;
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe('WasmLatencyMeasurer', () => {
  const measurer = new WasmLatencyMeasurer(FAST);
  afterAll(() => measurer.close());

  it('runs the protocol in a child process on the SIMD WASM backend with one thread, leaving no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const report = await measurer.measure(tinyArch());
    expectValidReport(report);
    expect(report.runs).toBe(5);
    expect(report.warmupRuns).toBeGreaterThanOrEqual(3);
    expect(report.warmupRuns).toBeLessThanOrEqual(12);
    expect(report.platform).toMatchObject({ name: 'node-wasm', backend: 'wasm', simd: true, threads: 1, clock: 'cpu' });
    expect(measurer.details()?.leakedTensors).toBe(0);
    expect(measurer.details()?.warmupWindowMediansMs.length).toBeGreaterThanOrEqual(1);
    // Nothing ran on the caller's tfjs.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('wraps an invalid architecture in a MeasurementError whose cause has the path', async () => {
    const err = await measurer.measure(badKernelArch() as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeasurementError);
    const cause = (err as MeasurementError).cause;
    expect(cause).toBeInstanceOf(InvalidArchitectureError);
    expect((cause as InvalidArchitectureError).path).toEqual(['blocks', 0, 'kernel']);
  });

  it('fails an impossible input shape at once with a MeasurementError on inputShape (past LIMITS.inputSide)', async () => {
    const err = await measurer.measure(tinyArch({ inputShape: [30000, 30000, 3] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeasurementError);
    expect((err as MeasurementError).path).toEqual(['inputShape', 0]);
    expect((err as MeasurementError).cause).toBeInstanceOf(InvalidArchitectureError);
  });

  it('rejects with a MeasurementError when the measurement times out', async () => {
    const slow = new WasmLatencyMeasurer({ ...FAST, timeoutMs: 1 });
    try {
      const err = await slow.measure(tinyArch()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MeasurementError);
      expect((err as MeasurementError).message).toMatch(/timed out after 1 ms/);
    } finally {
      await slow.close();
    }
  });

  it('rejects with a MeasurementError when the child process dies, without taking the caller down', async () => {
    const dying = new WasmLatencyMeasurer({ ...FAST, workerScript: fixture('exit-on-message.mjs') });
    try {
      const err = await dying.measure(tinyArch()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MeasurementError);
      expect((err as MeasurementError).message).toMatch(/exited with code 3/);
      // A new child is started for the next call (and dies the same way).
      await expect(dying.measure(tinyArch())).rejects.toBeInstanceOf(MeasurementError);
    } finally {
      await dying.close();
    }
  });

  it('rejects with a MeasurementError when the child does not start in time, and aborts while waiting', async () => {
    const stuck = new WasmLatencyMeasurer({ ...FAST, workerScript: fixture('never-ready.mjs'), startTimeoutMs: 300 });
    try {
      await expect(stuck.measure(tinyArch())).rejects.toThrow(/did not start within 300 ms/);
    } finally {
      await stuck.close();
    }
    // A start timeout no loaded machine reaches: only the abort can end the wait.
    const waiting = new WasmLatencyMeasurer({ ...FAST, workerScript: fixture('never-ready.mjs'), startTimeoutMs: 600_000 });
    try {
      const controller = new AbortController();
      const p = waiting.measure(tinyArch(), { signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      await expect(p).rejects.toBeInstanceOf(AbortError);
    } finally {
      await waiting.close();
    }
  });

  it('runs the child at the requested priority', async () => {
    const m = new WasmLatencyMeasurer({ workerScript: fixture('report-priority.mjs'), priority: 7 });
    try {
      expect((await m.platform()).device).toBe('priority 7');
    } finally {
      await m.close();
    }
  });

  it('throws InvalidOptionsError on bad options', () => {
    expect(() => new WasmLatencyMeasurer({ priority: 30 })).toThrow(InvalidOptionsError);
    expect(() => new WasmLatencyMeasurer({ timeoutMs: -1 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid WasmLatencyMeasurer option at timeoutMs: expected a number in (0, 2147483647], received -1]`,
    );
    expect(() => new WasmLatencyMeasurer({ clock: 'sundial' as never })).toThrow(InvalidOptionsError);
    expect(() => new WasmLatencyMeasurer({ runs: 0 })).toThrow(InvalidOptionsError);
    expect(() => new WasmLatencyMeasurer({ duet: { referenceMs: -5 } })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid WasmLatencyMeasurer option at duet.referenceMs: expected a positive number of ms or "calibrate", received -5]`,
    );
    expect(() => new WasmLatencyMeasurer({ duet: { referenceMs: 'yes' as never } })).toThrow(/option at duet\.referenceMs/);
    expect(() => new WasmLatencyMeasurer({ duet: { tolerance: -0.1 } })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid WasmLatencyMeasurer option at duet.tolerance: expected a number >= 0 (Infinity keeps every pair), received -0.1]`,
    );
    expect(() => new WasmLatencyMeasurer({ duet: { tolerance: Number.NaN } })).toThrow(/duet\.tolerance/);
    expect(() => new WasmLatencyMeasurer({ duet: { maxWaitMs: Infinity } })).toThrow(/duet\.maxWaitMs/);
    expect(() => new WasmLatencyMeasurer({ duet: { calibrationMs: -1 } })).toThrow(/duet\.calibrationMs/);
    expect(resolveWasmLatencyMeasurerOptions({}).duet).toBeUndefined();
    // An unknown option (here a removed flat duet field) is refused, not ignored.
    expect(() => new WasmLatencyMeasurer({ duetTolerance: 0.2 } as never)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid WasmLatencyMeasurer option at duetTolerance: expected no duetTolerance (removed: use duet.tolerance), received 0.2]`,
    );
    expect(resolveWasmLatencyMeasurerOptions({ runs: 5, minTimedMs: 10 }).protocol.runs).toBe(5);
    expect(() => new WasmLatencyMeasurer({ duet: { network: 42 as never } })).toThrow(
      /^Invalid WasmLatencyMeasurer option duet\.network: .*received 42/,
    );
    try {
      new WasmLatencyMeasurer({ duet: { network: badKernelArch() as never } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidOptionsError);
      expect((err as InvalidOptionsError).message).toMatch(/^Invalid WasmLatencyMeasurer option duet\.network: .*kernel/);
      expect((err as InvalidOptionsError).path.slice(0, 4)).toEqual(['duet', 'network', 'blocks', 0]);
      expect((err as InvalidOptionsError).cause).toBeInstanceOf(InvalidArchitectureError);
    }
    try {
      new WasmLatencyMeasurer({ duet: { tolerance: 'x' as never } });
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidOptionsError).path).toEqual(['duet', 'tolerance']);
    }
  });
});

describe('WasmLatencyMeasurerOptions.duet', () => {
  it('fills in the defaults', () => {
    const resolve = (o: WasmLatencyMeasurerOptions): unknown => resolveWasmLatencyMeasurerOptions(o).duet;
    expect(resolve({ duet: {} })).toEqual({
      network: referenceArchitecture(),
      referenceMs: 'calibrate',
      tolerance: Infinity,
      maxWaitMs: 20_000,
      calibrationMs: 15_000,
    });
    expect(resolve({ duet: false })).toBeUndefined();
  });

  it('throws InvalidOptionsError at the duet field', () => {
    const error = (o: unknown): InvalidOptionsError => {
      try {
        resolveWasmLatencyMeasurerOptions(o as WasmLatencyMeasurerOptions);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidOptionsError);
        return err as InvalidOptionsError;
      }
      return expect.unreachable();
    };
    expect(error({ duet: { referenceMs: 0 } }).message).toMatchInlineSnapshot(
      `"Invalid WasmLatencyMeasurer option at duet.referenceMs: expected a positive number of ms or "calibrate", received 0"`,
    );
    expect(error({ duet: { tolerance: -1 } }).path).toEqual(['duet', 'tolerance']);
    expect(error({ duet: { maxWaitMs: Infinity } }).path).toEqual(['duet', 'maxWaitMs']);
    expect(error({ duet: { calibrationMs: -1 } }).path).toEqual(['duet', 'calibrationMs']);
    expect(error({ duet: { network: badKernelArch() } }).path.slice(0, 4)).toEqual(['duet', 'network', 'blocks', 0]);
    expect(error({ duet: { refMs: 3 } }).message).toMatchInlineSnapshot(
      `"Invalid WasmLatencyMeasurer option at duet.refMs: expected a known key (network, referenceMs, tolerance, maxWaitMs, calibrationMs), received 3"`,
    );
    expect(error({ duet: true }).message).toMatchInlineSnapshot(
      `"Invalid WasmLatencyMeasurer option at duet: expected an object of duet options or false, received true"`,
    );
  });

  it('pinDuet takes a referenceMs number as it is, as JSON, without starting a measurer', async () => {
    // A worker script that does not exist: any measurement or calibration would fail.
    const options = { workerScript: '/nonexistent/worker.js', duet: { referenceMs: 7.5, network: tinyArch(), tolerance: 0.3 } };
    const pinned = await pinDuet(options);
    expect(pinned).toEqual({ network: tinyArch(), referenceMs: 7.5, tolerance: 0.3, maxWaitMs: 20_000, calibrationMs: 15_000 });
    expect(JSON.parse(JSON.stringify(pinned))).toEqual(pinned);
    // tolerance Infinity (JSON has no Infinity) is left out, and is the default again when read back.
    const untolerant = await pinDuet({ duet: { referenceMs: 2 } });
    expect(untolerant).toEqual({ network: referenceArchitecture(), referenceMs: 2, maxWaitMs: 20_000, calibrationMs: 15_000 });
    expect(resolveWasmLatencyMeasurerOptions({ duet: JSON.parse(JSON.stringify(untolerant)) as DuetOptions }).duet?.tolerance).toBe(
      Infinity,
    );
    expect(await pinDuet({ workerScript: '/nonexistent/worker.js' })).toBeUndefined();
    expect(await pinDuet(new WasmLatencyMeasurer({ workerScript: '/nonexistent/worker.js', duet: false }))).toBeUndefined();
  });
});

describe('referenceArchitecture', () => {
  it('is MobileNetV2 with 10 classes at about 0.6 of the input side, a multiple of 32 (at least 32)', () => {
    const side = (size?: number): number => referenceArchitecture(size).inputShape[0];
    expect([side(), side(224), side(96), side(160), side(64), side(32), side(8), side(512)]).toEqual([128, 128, 64, 96, 32, 32, 32, 320]);
    expect(referenceArchitecture(96)).toMatchObject({ inputShape: [64, 64, 3], numClasses: 10, head: { filters: 1280 } });
    for (const bad of [0, -3, 1.5, Number.NaN, '96' as never]) {
      expect(() => referenceArchitecture(bad)).toThrow(InvalidOptionsError);
    }
    expect(() => referenceArchitecture(0)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid referenceArchitecture argument inputSize: expected an integer >= 1, received 0]`,
    );
  });
});

// referenceMs 5 is not this machine's reference time: tolerance Infinity keeps every pair rather than wait for a faster state.
describeMeasurerContract(
  'WasmLatencyMeasurer with duet timing',
  () => new WasmLatencyMeasurer({ ...FAST, duet: { referenceMs: 5, tolerance: Infinity } }),
  {
    valid: () => tinyArch(),
    invalid: [{ name: 'a kernel of 4', value: badKernelArch }],
    platformName: 'node-wasm',
  },
);

// Each test starts several measurer children and calibrates references: on a loaded 2-core machine one
// has taken 45 s, too close to the default 60 s test timeout.
describe('WasmLatencyMeasurer duet timing', { timeout: 240_000 }, () => {
  it('scales the model/reference ratio of each run by referenceMs, and says so in the platform', async () => {
    const m = new WasmLatencyMeasurer({ ...FAST, clock: 'wall', duet: { referenceMs: 4, tolerance: Infinity } });
    try {
      const report = await m.measure(tinyArch());
      expectValidReport(report);
      expect(report.platform.duet).toEqual({ referenceMs: 4, networkHash: hashArchitecture(referenceArchitecture()) });
      expect((await m.pinnedDuet())?.referenceMs).toBe(4);
      const duet = m.details()?.duet;
      expect(duet?.referenceMs).toBe(4);
      // The sample median is the ratio median times 4, between the extremes the raw medians allow.
      expect(duet!.modelMedianMs).toBeGreaterThan(0);
      expect(duet!.referenceMedianMs).toBeGreaterThan(0);
      const rawRatio = duet!.modelMedianMs / duet!.referenceMedianMs;
      expect(report.medianMs / 4).toBeGreaterThan(rawRatio / 3);
      expect(report.medianMs / 4).toBeLessThan(rawRatio * 3);
      expect(m.details()?.leakedTensors).toBe(0);
    } finally {
      await m.close();
    }
  });

  it('calibrates referenceMs once with referenceMs: calibrate, and measuring the reference itself gives about referenceMs', async () => {
    const m = new WasmLatencyMeasurer({ ...FAST, runs: 9, clock: 'wall', duet: { referenceMs: 'calibrate', calibrationMs: 0 } });
    try {
      const pinned = await pinDuet(m);
      const ms = pinned?.referenceMs;
      expect(ms).toBeGreaterThan(0);
      expect(pinned).toEqual({ network: referenceArchitecture(), referenceMs: ms, maxWaitMs: 20_000, calibrationMs: 0 });
      const report = await m.measure(referenceArchitecture());
      expect(report.platform.duet?.networkHash).toBe(hashArchitecture(referenceArchitecture()));
      // Model and reference are the same network: the ratios are near 1 (wide bounds: CI machines are noisy;
      // a missing or doubled scaling would be off by referenceMs, several ms).
      expect(report.medianMs / ms!).toBeGreaterThan(0.5);
      expect(report.medianMs / ms!).toBeLessThan(2);
      expect((await m.pinnedDuet())?.referenceMs).toBe(ms);
      expect(report.platform.duet?.referenceMs).toBe(ms);
      // The pinned option, through JSON, puts another measurer on the same scale without calibrating.
      const again = new WasmLatencyMeasurer({ ...FAST, clock: 'wall', duet: JSON.parse(JSON.stringify(pinned)) as DuetOptions });
      try {
        expect((await again.platform()).duet).toEqual(report.platform.duet);
      } finally {
        await again.close();
      }
    } finally {
      await m.close();
    }
  });

  it('runs beside the duet network given, and names it in the platform so that caches keep the scales apart', async () => {
    const own = tinyArch();
    const m = new WasmLatencyMeasurer({ ...FAST, runs: 9, clock: 'wall', duet: { calibrationMs: 0, network: own } });
    const byDefault = new WasmLatencyMeasurer({ ...FAST, runs: 9, clock: 'wall', duet: { calibrationMs: 0 } });
    try {
      const ms = (await m.pinnedDuet())?.referenceMs as number;
      expect(ms).toBeGreaterThan(0);
      const report = await m.measure(own);
      expectValidReport(report);
      expect(report.platform.duet?.networkHash).toBe(hashArchitecture(own));
      expect(report.platform.duet?.networkHash).not.toBe(hashArchitecture(referenceArchitecture()));
      expect((await byDefault.platform()).duet?.networkHash).toBe(hashArchitecture(referenceArchitecture()));
      // The child ran the given network beside the model, not the default one (it says which it ran).
      expect(m.details()?.duet?.referenceHash).toBe(hashArchitecture(own));
      expect(m.details()?.leakedTensors).toBe(0);
    } finally {
      await m.close();
      await byDefault.close();
    }
  });

  it('keeps only pairs whose reference run is within tolerance of referenceMs, until maxWaitMs runs out', async () => {
    // No reference run takes under 1 microsecond: every timed pair is discarded until 300 ms are spent, then all count.
    const slow = new WasmLatencyMeasurer({ ...FAST, clock: 'wall', duet: { referenceMs: 0.001, tolerance: 0.2, maxWaitMs: 300 } });
    // Every reference run is faster than 1000 s: none is discarded.
    const fast = new WasmLatencyMeasurer({ ...FAST, clock: 'wall', duet: { referenceMs: 1e6, tolerance: 0.2, maxWaitMs: 300 } });
    const off = new WasmLatencyMeasurer({ ...FAST, clock: 'wall', duet: { referenceMs: 0.001 } });
    try {
      const r1 = await slow.measure(tinyArch());
      expectValidReport(r1);
      expect(r1.runs).toBe(FAST.runs);
      expect(slow.details()?.duet?.rejectedRuns).toBeGreaterThan(0);
      expect(slow.details()?.duet?.waitedOut).toBe(true);
      const r2 = await fast.measure(tinyArch());
      expect(r2.runs).toBe(FAST.runs);
      expect(fast.details()?.duet?.rejectedRuns).toBe(0);
      expect(fast.details()?.duet?.waitedOut).toBe(false);
      // Off by default: the same impossible referenceMs discards nothing.
      await off.measure(tinyArch());
      expect(off.details()?.duet?.rejectedRuns).toBe(0);
      expect(off.details()?.duet?.waitedOut).toBe(false);
    } finally {
      await slow.close();
      await fast.close();
      await off.close();
    }
  });

  it('has no referenceMs when duet timing is off', async () => {
    const m = new WasmLatencyMeasurer(FAST);
    try {
      expect(await m.pinnedDuet()).toBeUndefined();
      expect((await m.platform()).duet).toBeUndefined();
    } finally {
      await m.close();
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src/tfjs.js';
import { InvalidOptionsError, MeasurementError, RuntimeUnavailableError } from '../../../src/errors.js';
import { OrtLatencyMeasurer, resolveOrtLatencyMeasurerOptions } from '../../../src/measure/ort/index.js';
import { loadOrtNode } from '../../../src/measure/ort/node-runtime.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../../export/browser.js';
import { describeMeasurerContract } from '../contract.js';
import { badKernelArch, scriptedProbe, tinyArch } from '../fixtures.js';

// Models are built and exported in this process: every tensor must be freed.
const tensorsAtStart = tf.memory().numTensors;
afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

/** A short protocol: these tests check behaviour, not speed. */
const FAST = { runs: 5, window: 3, minWarmupRuns: 3, maxWarmupRuns: 9 } as const;

describe('OrtLatencyMeasurer (onnxruntime-node)', () => {
  it('names the runtime, its version, the CPU and the thread count', async () => {
    const m = new OrtLatencyMeasurer({ ...FAST, threads: 2 });
    const platform = await m.platform();
    expect(platform).toMatchObject({ name: 'node-ort', backend: 'ort-cpu', threads: 2 });
    expect(platform.device).toMatch(/^onnxruntime-node \d+\.\d+\.\d+; .+; \d+ logical CPUs$/);
    await m.close();
  });
});

// The load signal is injected (a scripted probe); this process's own CPU use comes off it. No timing is asserted.
describe('OrtLatencyMeasurer load watching (onnxruntime-node)', () => {
  it("marks a measurement noisy when the load signal shows other processes' use beyond this process's", async () => {
    // The scripted machine ran both cores busy; with one intra-op thread this process used about one of them.
    const probe = scriptedProbe([2]);
    const m = new OrtLatencyMeasurer({ ...FAST, load: { probe, minCpuShare: 0 } });
    const report = await m.measure(tinyArch());
    expect(probe.reads).toBe(2);
    expect(report.load?.noisy).toBe(true);
    expect(report.load?.otherCores).toBeGreaterThan(0.5);
    expect(report.load?.otherCores).toBeLessThan(2);
    expect(report.load?.reasons).toEqual([
      expect.stringMatching(/^other processes used \d\.\d\d cores on average \(more than maxOtherCores 0\.5\)$/),
    ]);
    expect(report.load?.cpuShare).toBeGreaterThan(0);
  });

  it('waits for quiet before measuring, and leaves a quiet measurement unflagged', async () => {
    const probe = scriptedProbe([2, 2, 0, 0]);
    const m = new OrtLatencyMeasurer({ ...FAST, load: { probe, minCpuShare: 0, maxWaitMs: 60_000, pollMs: 5 } });
    const report = await m.measure(tinyArch());
    expect(probe.reads).toBe(6);
    expect(report.load).toMatchObject({ noisy: false, reasons: [], otherCores: 0 });
    expect(report.load?.waitedMs).toBeGreaterThan(0);
  });

  it('does not watch with load: false', async () => {
    const report = await new OrtLatencyMeasurer({ ...FAST, load: false }).measure(tinyArch());
    expect(report.load).toBeUndefined();
  });
});

describe.skipIf(CHROMIUM_MISSING !== undefined)('OrtLatencyMeasurer (onnxruntime-web, headless Chromium)', () => {
  it("watches the load with Chromium's processes as its own (the browser measurer's watching)", async () => {
    const probe = scriptedProbe([2]);
    const m = new OrtLatencyMeasurer({
      ...FAST,
      minTimedMs: 600,
      runtime: 'wasm',
      executablePath: CHROMIUM_PATH,
      load: { probe, minCpuShare: 0, maxOtherCores: 0 },
    });
    try {
      const report = await m.measure(tinyArch());
      expect(probe.reads).toBe(2);
      // Both cores busy by the script, minus Chromium's own use: more than none, less than both.
      expect(report.load?.otherCores).toBeLessThan(2);
      expect(report.load?.otherCores).toBeGreaterThan(0);
      expect(report.load?.noisy).toBe(true);
    } finally {
      await m.close();
    }
  }, 120_000);

  describeMeasurerContract(
    'OrtLatencyMeasurer wasm',
    () => new OrtLatencyMeasurer({ ...FAST, runtime: 'wasm', executablePath: CHROMIUM_PATH }),
    {
      valid: () => tinyArch(),
      invalid: [{ name: 'a kernel of 4', value: badKernelArch }],
      platformName: 'chromium-ort-wasm',
      timeoutMs: 120_000,
    },
  );

  it('asks onnxruntime-web for threads only when the page is cross-origin isolated, and reports the count it asked for', async () => {
    for (const [crossOriginIsolated, threads] of [
      [true, 2],
      [false, 1],
    ] as const) {
      const m = new OrtLatencyMeasurer({ ...FAST, runtime: 'wasm', threads: 2, crossOriginIsolated, executablePath: CHROMIUM_PATH });
      try {
        expect(await m.platform()).toMatchObject({ name: 'chromium-ort-wasm', simd: true, threads });
      } finally {
        await m.close();
      }
    }
  }, 120_000);

  it('runs webgpu where the browser has an adapter, and otherwise fails with a RuntimeUnavailableError', async () => {
    const m = new OrtLatencyMeasurer({ ...FAST, runtime: 'webgpu', executablePath: CHROMIUM_PATH });
    try {
      const outcome = await m.measure(tinyArch()).then(
        (report) => report.platform,
        (error: unknown) => error,
      );
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(RuntimeUnavailableError);
        expect(outcome).toMatchObject({ missing: 'webgpu-adapter', code: 'measurement_failed' });
        expect(outcome.message).toMatch(/^The ort-webgpu backend cannot run here: this browser has no WebGPU adapter/);
      } else {
        expect(outcome).toMatchObject({ name: 'chromium-ort-webgpu', backend: 'ort-webgpu' });
        expect((outcome as { device: string }).device).toMatch(/WebGPU/);
      }
    } finally {
      await m.close();
    }
  }, 120_000);
});

describe('loadOrtNode', () => {
  it('fails with a RuntimeUnavailableError naming the package and its install command when it is missing', async () => {
    const error = await loadOrtNode('onnxruntime-node-not-installed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeUnavailableError);
    expect(error).toBeInstanceOf(MeasurementError);
    expect((error as Error).message).toBe(
      "The ort measurer's node runtime needs the npm package onnxruntime-node-not-installed (npm install onnxruntime-node-not-installed)",
    );
    expect(error).toMatchObject({ missing: 'onnxruntime-node-not-installed' });
  });
});

describe('OrtLatencyMeasurer options', () => {
  it('fills in the defaults', () => {
    expect(resolveOrtLatencyMeasurerOptions()).toMatchObject({ runtime: 'node', threads: 1, seed: 0, crossOriginIsolated: false });
  });

  it.each([
    [{ runtime: 'cuda' }, 'runtime', /expected one of 'node', 'wasm', 'webgpu', received "cuda"/],
    [{ threads: 0 }, 'threads', /expected an integer in \[1, 64\], received 0/],
    [{ seed: 1.5 }, 'seed', /expected a safe integer/],
    [{ args: [1] }, 'args', /expected an array of strings/],
    [{ runs: 0 }, 'runs', /runs/],
    [{ load: { maxWaitMs: -1 } }, 'load', /load\.maxWaitMs: expected a number in \[0, 2147483647\]/],
  ])('rejects %j naming %s', (options, path, message) => {
    let error: unknown;
    try {
      resolveOrtLatencyMeasurerOptions(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).path[0]).toBe(path);
    expect((error as Error).message).toMatch(message);
  });
});

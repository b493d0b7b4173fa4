import * as tf from '../../../src/tfjs.js';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError, MeasurementError } from '../../../src/errors.js';
import { BrowserLatencyMeasurer } from '../../../src/measure/browser/measurer.js';
import { resolveBrowserLatencyMeasurerOptions } from '../../../src/measure/browser/options.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../../export/browser.js';
import { describeMeasurerContract } from '../contract.js';
import { badKernelArch, tinyArch } from '../fixtures.js';

// Models are built and exported in this process: every tensor must be freed.
const tensorsAtStart = tf.memory().numTensors;
afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

/** A short protocol: these tests check behaviour, not speed. */
const FAST = { runs: 5, window: 3, minWarmupRuns: 3, maxWarmupRuns: 9 } as const;

describe.skipIf(CHROMIUM_MISSING !== undefined)('BrowserLatencyMeasurer (webgl backend, headless Chromium)', () => {
  describeMeasurerContract(
    'BrowserLatencyMeasurer webgl',
    () => new BrowserLatencyMeasurer({ ...FAST, backend: 'webgl', executablePath: CHROMIUM_PATH }),
    {
      valid: () => tinyArch(),
      invalid: [{ name: 'a kernel of 4', value: badKernelArch }],
      platformName: 'chromium-webgl',
      timeoutMs: 120_000,
    },
  );

  it('names the WebGL renderer it ran on', async () => {
    const m = new BrowserLatencyMeasurer({ ...FAST, backend: 'webgl', executablePath: CHROMIUM_PATH });
    try {
      const report = await m.measure(tinyArch());
      expect(report.platform.backend).toBe('webgl');
      expect(report.platform.device).toMatch(/; WebGL [12] on \S/);
    } finally {
      await m.close();
    }
  }, 120_000);
});

describe('BrowserLatencyMeasurer options', () => {
  it('fills in the defaults', () => {
    const o = resolveBrowserLatencyMeasurerOptions();
    expect(o).toMatchObject({
      backend: 'wasm',
      executablePath: '/usr/bin/chromium',
      threads: 1,
      host: '127.0.0.1',
      port: 0,
      crossOriginIsolated: false,
    });
    expect(o.cdpEndpoint).toBeUndefined();
    expect(o.protocol.runs).toBe(30);
  });

  it('throws InvalidOptionsError naming the bad field', () => {
    expect(() => new BrowserLatencyMeasurer({ backend: 'webgpu' as 'wasm' })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid BrowserLatencyMeasurer option at backend: expected one of 'wasm', 'tflite', 'webgl', 'litert', 'ort-wasm', 'ort-webgpu', received "webgpu"]`,
    );
    expect(() => new BrowserLatencyMeasurer({ threads: 0 })).toThrow(InvalidOptionsError);
    expect(() => new BrowserLatencyMeasurer({ runs: 0 })).toThrow(/runs/);
    expect(() => new BrowserLatencyMeasurer({ port: 70000 })).toThrow(/port/);
  });

  it('rejects with a MeasurementError carrying the cause when the browser cannot start', async () => {
    const m = new BrowserLatencyMeasurer({ executablePath: '/nonexistent/chromium', startTimeoutMs: 20_000 });
    const err = await m.measure(tinyArch()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeasurementError);
    expect((err as MeasurementError).message).toContain('/nonexistent/chromium');
    expect((err as MeasurementError).cause).toBeDefined();
    await m.close();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src/tfjs.js';
import { BrowserLatencyMeasurer } from '../../../src/measure/browser/measurer.js';
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

describe.skipIf(CHROMIUM_MISSING !== undefined)('BrowserLatencyMeasurer (litert backend: LiteRT.js, headless Chromium)', () => {
  describeMeasurerContract(
    'BrowserLatencyMeasurer litert',
    () => new BrowserLatencyMeasurer({ ...FAST, backend: 'litert', executablePath: CHROMIUM_PATH }),
    {
      valid: () => tinyArch(),
      invalid: [{ name: 'a kernel of 4', value: badKernelArch }],
      platformName: 'chromium-litert',
      timeoutMs: 120_000,
    },
  );

  it('names LiteRT.js as the runtime', async () => {
    const m = new BrowserLatencyMeasurer({ ...FAST, backend: 'litert', executablePath: CHROMIUM_PATH });
    try {
      const report = await m.measure(tinyArch());
      expect(report.platform).toMatchObject({ backend: 'litert', simd: true, threads: 1 });
      expect(report.platform.device).toMatch(/; LiteRT\.js$/);
    } finally {
      await m.close();
    }
  }, 120_000);
});

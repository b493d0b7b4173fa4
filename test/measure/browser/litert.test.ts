import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src/tfjs.js';
import { toTflite } from '../../../src/export/index.js';
import { BrowserLatencyMeasurer } from '../../../src/measure/browser/measurer.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH, openTestPage, predictInPage } from '../../export/browser.js';
import { everyOpArch, sampledArchs } from '../../export/fixtures.js';
import { referenceRun, swishModel, tfjsModel } from '../../export/onnx-fixtures.js';
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

describe.skipIf(CHROMIUM_MISSING !== undefined)('toTflite in LiteRT.js (Chromium)', () => {
  it('computes what tfjs computes for every op and skip, swish and 3 sampled architectures (max abs difference <= 1e-4)', async () => {
    const page = await openTestPage('litert');
    try {
      const models = [everyOpArch('relu6'), ...sampledArchs(3, 28, 1, [28, 28, 3])].map((arch, i) => () => tfjsModel(arch, 40 + i));
      for (const [i, make] of [...models, () => swishModel(45)].entries()) {
        const model = make();
        const { input, shape, expected } = referenceRun(model, 40 + i);
        const bytes = toTflite(model);
        model.dispose();
        const got = await predictInPage(page, 'litert', `m${i}.tflite`, bytes, input, shape);
        expect(got.length).toBe(expected.length);
        expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(1e-2);
        expect(Math.max(...got.map((g, k) => Math.abs(g - expected[k]!)))).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      await page.close();
    }
  }, 300_000);
});

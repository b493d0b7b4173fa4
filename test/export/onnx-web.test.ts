/**
 * Runs `toOnnx` files in onnxruntime-web (WebAssembly, in headless Chromium)
 * and checks they compute what the tfjs model computes, for the same weights
 * and input. A smaller set than in onnxruntime-node (see onnx-node.test.ts);
 * `MNAS_ONNX_FULL=1` adds 50 sampled architectures at 28 and 224.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/tfjs.js';
import { toOnnx } from '../../src/export/index.js';
import { mobilenetV2, mnasnetA1 } from '../../src/space/index.js';
import type { Architecture } from '../../src/space/types.js';
import { CHROMIUM_MISSING, type TestPage, openTestPage, predictInPage } from './browser.js';
import { everyOpArch, otherLayersModel, sampledArchs } from './fixtures.js';
import { type Agreement, referenceRun, swishModel, tfjsModel } from './onnx-fixtures.js';

const FULL = process.env['MNAS_ONNX_FULL'] === '1';

describe.skipIf(CHROMIUM_MISSING !== undefined)('toOnnx in onnxruntime-web (WebAssembly, Chromium)', () => {
  let page: TestPage;
  let tensorsBefore = 0;
  beforeAll(async () => {
    tensorsBefore = tf.memory().numTensors;
    page = await openTestPage('ort-wasm');
  }, 120_000);
  afterAll(async () => {
    await page?.close();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  /** Max abs difference between tfjs (Node) and onnxruntime-web (Chromium) outputs for `model` (disposed afterwards). */
  async function agreement(model: tf.LayersModel, seed: number): Promise<Agreement> {
    try {
      const { input, shape, expected } = referenceRun(model, seed);
      const got = await predictInPage(page, 'onnx', `m${seed}.onnx`, toOnnx(model), input, shape);
      expect(got.length).toBe(expected.length);
      return { diff: Math.max(...got.map((g, i) => Math.abs(g - expected[i]!))), scale: Math.max(...expected.map(Math.abs)) };
    } finally {
      model.dispose();
    }
  }

  async function expectAgrees(arch: Architecture, seed: number): Promise<void> {
    const { diff, scale } = await agreement(tfjsModel(arch, seed), seed);
    expect(scale).toBeGreaterThan(1e-2);
    expect(diff).toBeLessThanOrEqual(1e-4);
  }

  it('matches tfjs for every op and skip, ReLU6 and ReLU (max abs difference <= 1e-4)', async () => {
    await expectAgrees(everyOpArch('relu6'), 1);
    await expectAgrees(everyOpArch('relu'), 2);
  }, 120_000);

  it('matches tfjs for ZeroPadding2D, MaxPooling2D, Concatenate, Flatten and swish (max abs difference <= 1e-4)', async () => {
    for (const [model, seed] of [
      [otherLayersModel(4), 4],
      [swishModel(5), 5],
    ] as const) {
      const { diff, scale } = await agreement(model, seed);
      expect(scale).toBeGreaterThan(1e-2);
      expect(diff).toBeLessThanOrEqual(1e-4);
    }
  }, 120_000);

  it('matches tfjs for 10 architectures of the default space at 28 x 28 (max abs difference <= 1e-4)', async () => {
    for (const [i, arch] of sampledArchs(10, 28, 1, [28, 28, 3]).entries()) await expectAgrees(arch, 100 + i);
  }, 600_000);

  it('matches tfjs for MnasNet-A1 and MobileNetV2 at 224 x 224 (max abs difference <= 1e-4)', async () => {
    await expectAgrees(mnasnetA1({ inputShape: [224, 224, 3], numClasses: 1000 }), 200);
    await expectAgrees(mobilenetV2({ inputShape: [224, 224, 3], numClasses: 1000 }), 203);
  }, 600_000);

  it.skipIf(!FULL)(
    'matches tfjs for 50 architectures of the default space at 28 and at 224 (MNAS_ONNX_FULL=1)',
    async () => {
      for (const [i, arch] of sampledArchs(50, 28, 1, [28, 28, 3]).entries()) await expectAgrees(arch, 100 + i);
      for (const [i, arch] of sampledArchs(50, 224, 1, [224, 224, 3]).entries()) await expectAgrees(arch, 300 + i);
    },
    3_600_000,
  );
});

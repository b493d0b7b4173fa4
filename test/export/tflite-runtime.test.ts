/**
 * Runs exported `.tflite` files in a real TFLite runtime (@tensorflow/tfjs-tflite,
 * TFLite compiled to WebAssembly with XNNPACK, in headless Chromium) and checks
 * they compute what the tfjs model computes, for the same weights and input.
 */

import * as tf from '../../src/tfjs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/blocks/index.js';
import { toTflite } from '../../src/export/index.js';
import { mnasnetA1 } from '../../src/space/index.js';
import type { Architecture } from '../../src/space/types.js';
import { CHROMIUM_MISSING, type TestPage, openTestPage } from './browser.js';
import { everyOpArch, otherLayersModel, randomizeBatchNorms, sampledArchs } from './fixtures.js';

interface PageApi {
  mnas: { load(o: unknown): Promise<boolean>; predict(values: number[], shape: number[]): number[]; unload(): boolean };
}

describe.skipIf(CHROMIUM_MISSING !== undefined)('toTflite in the TFLite runtime (tfjs-tflite in Chromium)', () => {
  let page: TestPage;
  let tensorsBefore = 0;
  beforeAll(async () => {
    tensorsBefore = tf.memory().numTensors;
    page = await openTestPage('tflite');
  }, 120_000);
  afterAll(async () => {
    await page?.close();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  /** Max abs difference between tfjs (Node, CPU backend) and TFLite (Chromium) logits, and the logits' scale. */
  async function compare(arch: Architecture, seed: number): Promise<{ diff: number; scale: number }> {
    const model = buildModel(arch, { seed, output: 'logits' });
    randomizeBatchNorms(model, seed);
    return compareModel(model, seed);
  }

  /** As {@link compare}, for any single-input model (disposed afterwards). */
  async function compareModel(model: tf.LayersModel, seed: number): Promise<{ diff: number; scale: number }> {
    try {
      const shape = [1, ...(model.inputs[0]!.shape.slice(1) as number[])];
      const [input, expected] = tf.tidy(() => {
        const x = tf.randomUniform(shape, 0, 1, 'float32', seed);
        return [Array.from(x.dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync())];
      });
      const name = `m${seed}.tflite`;
      const url = page.server.put(name, toTflite(model));
      try {
        await page.session.page.evaluate((o) => (window as unknown as PageApi).mnas.load(o), {
          kind: 'tflite',
          url,
          shape,
          seed,
          threads: 1,
        });
        const got = await page.session.page.evaluate(([v, s]) => (window as unknown as PageApi).mnas.predict(v, s), [
          input!,
          shape,
        ] as const);
        expect(got.length).toBe(expected!.length);
        return {
          diff: Math.max(...got.map((g, i) => Math.abs(g - expected![i]!))),
          scale: Math.max(...expected!.map(Math.abs)),
        };
      } finally {
        page.server.remove(name);
        await page.session.page.evaluate(() => (window as unknown as PageApi).mnas.unload(), undefined);
      }
    } finally {
      model.dispose();
    }
  }

  it('matches tfjs for MnasNet-A1 at 64 x 64 (max abs difference <= 1e-4)', async () => {
    const { diff, scale } = await compare(mnasnetA1({ inputShape: [64, 64, 3], numClasses: 10 }), 1);
    expect(scale).toBeGreaterThan(1e-2);
    expect(diff).toBeLessThanOrEqual(1e-4);
  }, 120_000);

  it('matches tfjs for every op and skip with ReLU6 (max abs difference <= 1e-4)', async () => {
    const { diff, scale } = await compare(everyOpArch('relu6'), 2);
    expect(scale).toBeGreaterThan(1e-2);
    expect(diff).toBeLessThanOrEqual(1e-4);
  }, 120_000);

  it('matches tfjs for ZeroPadding2D, MaxPooling2D and Concatenate (max abs difference <= 1e-4)', async () => {
    const { diff, scale } = await compareModel(otherLayersModel(3), 3);
    expect(scale).toBeGreaterThan(1e-2);
    expect(diff).toBeLessThanOrEqual(1e-4);
  }, 120_000);

  it('matches tfjs for architectures sampled from the MnasNet space (max abs difference <= 1e-4)', async () => {
    for (const [i, arch] of sampledArchs(3, 5, 0.5).entries()) {
      const { diff, scale } = await compare(arch, 10 + i);
      expect(scale).toBeGreaterThan(1e-3);
      expect(diff).toBeLessThanOrEqual(1e-4);
    }
  }, 180_000);
});

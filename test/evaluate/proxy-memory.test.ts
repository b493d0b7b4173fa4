import * as tf from '../../src/tfjs.js';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { ProxyTrainer, checkProxyMemory, datasetFromArrays, proxyMemoryEstimate } from '../../src/evaluate/index.js';
import type { Architecture } from '../../src/space/types.js';
import { LIMITS } from '../../src/validate.js';
import { PROXY_ARCH } from './fixtures.js';

const at = (side: number, channels = 1): Architecture => ({ ...PROXY_ARCH, inputShape: [side, side, channels] });

/** `count` blank 8 x 8 images of 10 classes: small at their own resolution, large once adapted. */
function blank(count: number) {
  return datasetFromArrays({
    images: new Float32Array(count * 64),
    labels: Array.from({ length: count }, (_, i) => i % 10),
    imageShape: [8, 8, 1],
  });
}

describe('proxyMemoryEstimate', () => {
  it('counts the images at the input shape, a batch of activations and the weights', () => {
    const e = proxyMemoryEstimate({ inputShape: [28, 28, 1], trainSize: 100, validationSize: 20, batchSize: 10 });
    expect(e.images).toBe(120 * 28 * 28 * 4);
    expect(e.batch).toBe(10 * 28 * 28 * 4);
    expect(e.weights).toBe(0);
    const withNet = proxyMemoryEstimate({ inputShape: [16, 16, 3], trainSize: 100, validationSize: 20, batchSize: 10, arch: PROXY_ARCH });
    expect(withNet.batch).toBeGreaterThan(10 * 16 * 16 * 3 * 4);
    expect(withNet.weights).toBeGreaterThan(0);
    expect(withNet.total).toBe(withNet.images + withNet.batch + withNet.weights);
  });

  it('grows with every input (monotone in trainSize, validationSize, batchSize and side)', () => {
    const base = { inputShape: [32, 32, 1] as const, trainSize: 100, validationSize: 10, batchSize: 8, arch: at(32) };
    const t = proxyMemoryEstimate(base).total;
    expect(proxyMemoryEstimate({ ...base, trainSize: 101 }).total).toBeGreaterThan(t);
    expect(proxyMemoryEstimate({ ...base, validationSize: 11 }).total).toBeGreaterThan(t);
    expect(proxyMemoryEstimate({ ...base, batchSize: 9 }).total).toBeGreaterThan(t);
    expect(proxyMemoryEstimate({ ...base, inputShape: [33, 33, 1], arch: at(33) }).total).toBeGreaterThan(t);
  });
});

describe('checkProxyMemory', () => {
  it('refuses inputSize 1024 with trainSize 1500, naming trainSize', () => {
    const input = { inputShape: [1024, 1024, 1] as const, trainSize: 1500, validationSize: 500, batchSize: 32 };
    expect(() => checkProxyMemory(input, ['training'])).toThrow(InvalidOptionsError);
    expect(() => checkProxyMemory(input, ['training'])).toThrow(
      /^Invalid training\.trainSize: 1500 training and 500 validation images of 1024x1024x1 take 7\.8 GiB \(float32; 7\.9 GiB in all\), more than LIMITS\.memoryBytes \(4\.0 GiB\)/,
    );
  });

  it('names batchSize when one batch of activations holds most of it', () => {
    const input = { inputShape: [512, 512, 3] as const, trainSize: 8, validationSize: 2, batchSize: 4096, arch: at(512, 3) };
    try {
      checkProxyMemory(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ path: ['batchSize'], received: 4096 });
    }
  });

  it('passes the defaults of the MNIST search, and returns the estimate', () => {
    const e = checkProxyMemory({ inputShape: [28, 28, 1], trainSize: 2048, validationSize: 500, batchSize: 32, arch: at(28) });
    expect(e.total).toBeLessThan(LIMITS.memoryBytes);
  });
});

describe('ProxyTrainer and LIMITS.memoryBytes', () => {
  it('refuses trainSize 60000 at 224x224 with a typed error before adapting an image or building a tensor', async () => {
    const before = tf.memory().numTensors;
    const trainer = new ProxyTrainer({ dataset: blank(61_000), trainSize: 60_000, validationSize: 1000, steps: 1 });
    const refused = trainer.evaluate(at(224));
    await expect(refused).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(refused).rejects.toMatchObject({ path: ['trainSize'], received: 60_000 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel, registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { Rng } from '../../src/rng.js';
import type { Architecture } from '../../src/space/types.js';

/** Every op and skip of the space: MBConv + SE with pool and identity skips, conv, dwconv, head conv. */
const ARCH: Architecture = {
  inputShape: [8, 8, 3],
  numClasses: 3,
  activation: 'relu',
  stem: { filters: 8, kernel: 3, stride: 1 },
  blocks: [
    { op: 'mbconv', kernel: 3, expansion: 3, seRatio: 0.25, skip: 'pool', filters: 12, repeats: 1, stride: 2 },
    { op: 'mbconv', kernel: 5, expansion: 2, seRatio: 0.25, skip: 'identity', filters: 12, repeats: 2, stride: 1 },
    { op: 'conv', kernel: 3, expansion: 1, seRatio: 0, skip: 'pool', filters: 16, repeats: 1, stride: 1 },
    { op: 'dwconv', kernel: 3, expansion: 1, seRatio: 0.5, skip: 'pool', filters: 16, repeats: 1, stride: 2 },
  ],
  head: { filters: 16, dropout: 0 },
};

function batch(seed: string, n: number): { xs: Float32Array; labels: number[] } {
  const rng = new Rng(seed);
  const xs = new Float32Array(n * 8 * 8 * 3);
  for (let i = 0; i < xs.length; i++) xs[i] = rng.uniform(0, 1);
  return { xs, labels: Array.from({ length: n }, () => rng.int(3)) };
}

/** Loss and gradients of every trainable weight, on a backend, from the given weights. */
async function gradients(backend: string, weights: Float32Array[]): Promise<{ loss: number; grads: Float32Array[] }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const model = buildModel(ARCH, { seed: 1, output: 'logits' });
  const initial = model.getWeights().map((w, i) => tf.tensor(weights[i] as Float32Array, w.shape));
  model.setWeights(initial);
  tf.dispose(initial);
  const { xs, labels } = batch('grad', 4);
  const { value, grads } = tf.tidy(() => {
    const x = tf.tensor4d(xs, [4, 8, 8, 3]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
    return tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
  });
  const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
  const out = {
    loss: (await value.data())[0] as number,
    grads: await Promise.all(names.map(async (n) => (await (grads[n] as tf.Tensor).data()) as Float32Array)),
  };
  value.dispose();
  tf.dispose(grads);
  disposeModel(model);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

describe('training an MBConv + SE + pool-skip model on wasm', () => {
  it('gives the same loss and gradients as the cpu backend', async () => {
    await tf.setBackend('cpu');
    const reference = buildModel(ARCH, { seed: 1, output: 'logits' });
    const weights = await Promise.all(reference.getWeights().map(async (w) => (await w.data()) as Float32Array));
    disposeModel(reference);
    const cpu = await gradients('cpu', weights);
    const wasm = await gradients('wasm', weights);
    expect(Math.abs(cpu.loss - wasm.loss)).toBeLessThan(1e-4);
    expect(wasm.grads.length).toBe(cpu.grads.length);
    let worst = 0;
    cpu.grads.forEach((g, i) => {
      const h = wasm.grads[i] as Float32Array;
      let scale = 1e-3;
      for (let j = 0; j < g.length; j++) scale = Math.max(scale, Math.abs(g[j] as number));
      for (let j = 0; j < g.length; j++) worst = Math.max(worst, Math.abs((g[j] as number) - (h[j] as number)) / scale);
    });
    expect(worst).toBeLessThan(1e-3);
  });

  /** Builds, fits for two steps of 4 images, disposes; returns the epoch loss. */
  async function fitOnce(seed: number): Promise<number> {
    const model = buildModel(ARCH, { seed });
    // SGD: tfjs' MomentumOptimizer.dispose() forgets its learning-rate scalar.
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    const { xs, labels } = batch(`fit${seed}`, 8);
    const x = tf.tensor4d(xs, [8, 8, 8, 3]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 3));
    try {
      const history = await model.fit(x, y, { batchSize: 4, epochs: 1, shuffle: false, verbose: 0 });
      return (history.history.loss as number[])[0] as number;
    } finally {
      x.dispose();
      y.dispose();
      model.optimizer.dispose();
      disposeModel(model);
    }
  }

  it('runs model.fit for two steps, and repeated fits leak no tensors', async () => {
    await tf.setBackend('wasm');
    // The first fit lets tfjs-layers create its cached scalars.
    expect(Number.isFinite(await fitOnce(2))).toBe(true);
    const before = tf.memory().numTensors;
    const dataIds = tf.engine().backend.numDataIds();
    expect(Number.isFinite(await fitOnce(3))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
  });
});

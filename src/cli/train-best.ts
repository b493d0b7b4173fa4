/**
 * Trains an architecture on MNIST before export, so the exported model is
 * usable (a search scores architectures by proxy training but does not keep
 * the trained weights).
 *
 * @module
 */

import * as tf from '@tensorflow/tfjs';
import { Rng, adaptImages, buildModel, datasetBatch, disposeModel, learningRateAt, loadMnist, missingTrainingKernels, registerWasmTrainingKernels, splitDataset } from '../index.js';
import type { Architecture } from '../index.js';

/** Options of {@link trainOnMnist}. */
export interface TrainOnMnistOptions {
  readonly steps: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly trainSize: number;
  readonly validationSize: number;
  readonly seed: number;
}

/**
 * Builds `arch` with softmax output and trains it with Adam (cosine learning
 * rate) on a seeded MNIST split (images resized and channel-mapped to the input shape).
 * @returns the trained model (the caller disposes it) and its validation accuracy.
 */
export async function trainOnMnist(arch: Architecture, o: TrainOnMnistOptions): Promise<{ model: tf.LayersModel; accuracy: number }> {
  if (tf.getBackend() === 'wasm' && missingTrainingKernels('wasm').length > 0) registerWasmTrainingKernels();
  const { train, validation } = splitDataset(adaptImages(loadMnist(), arch.inputShape), { trainSize: o.trainSize, validationSize: o.validationSize, seed: o.seed });
  // BN moving statistics with momentum 0.9 (as ProxyTrainer): a short run must move them (tfjs' 0.99 barely does).
  const model = buildModel(arch, { seed: o.seed, output: 'softmax', bnMomentum: 0.9 });
  const optimizer = tf.train.adam(o.learningRate);
  const rng = new Rng(`${o.seed}:export`);
  const all = Array.from({ length: train.count }, (_, i) => i);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  try {
    let order: number[] = [];
    let cursor = 0;
    for (let step = 0; step < o.steps; step++) {
      if (cursor + o.batchSize > order.length) [order, cursor] = [rng.shuffle(all), 0];
      const { x, y } = datasetBatch(train, order.slice(cursor, cursor + o.batchSize), arch.numClasses);
      cursor += o.batchSize;
      (optimizer as unknown as { learningRate: number }).learningRate = learningRateAt('cosine', o.learningRate, step, o.steps);
      try {
        const loss = optimizer.minimize(() => tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor).mean() as tf.Scalar, true, vars);
        await loss?.data();
        loss?.dispose();
      } finally {
        x.dispose();
        y.dispose();
      }
    }
    let correct = 0;
    for (let start = 0; start < validation.count; start += 256) {
      const idx = Array.from({ length: Math.min(256, validation.count - start) }, (_, i) => start + i);
      const { x, y } = datasetBatch(validation, idx, arch.numClasses);
      const hits = tf.tidy(() => tf.equal(tf.argMax(model.predict(x) as tf.Tensor, -1), tf.argMax(y, -1)).sum());
      correct += (await hits.data())[0] as number;
      tf.dispose([x, y, hits]);
    }
    return { model, accuracy: correct / validation.count };
  } catch (error) {
    disposeModel(model);
    throw error;
  } finally {
    optimizer.dispose();
  }
}

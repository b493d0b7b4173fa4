/**
 * Training with the ground truth's recipe (RECIPE in bench/ground-truth-data.ts):
 * the data split, the trainer, the test accuracy, and one architecture's
 * trained figures. Shared by `bench/ground-truth.ts` (the sampled list) and
 * `bench/paper-front.ts` (a search's front and its baselines).
 */
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { disposeModel } from 'mnas-ts';
import { type ImageDataset, ProxyTrainer, datasetBatch, loadFashionMnist, splitDataset } from 'mnas-ts/evaluate';
import { type Architecture, countMacs, countParams } from 'mnas-ts/space';
import type { GroundTruthRecipe, TrainedFigures } from './ground-truth-data.js';

/** The CPU model and count, as the data files record the machine. */
export const machine = (): string => `${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}`;

/** Accuracy and mean cross-entropy of a logits model over a dataset, in inference mode. */
async function accuracyOn(model: LayersModel, ds: ImageDataset): Promise<{ accuracy: number; loss: number }> {
  let correct = 0;
  let lossSum = 0;
  for (let start = 0; start < ds.count; start += 500) {
    const indices = Array.from({ length: Math.min(500, ds.count - start) }, (_, k) => start + k);
    const { x, y } = datasetBatch(ds, indices, 10);
    const [hits, loss] = tf.tidy(() => {
      const logits = model.predict(x) as tf.Tensor;
      const hit = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32'));
      return [hit, tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.SUM)];
    });
    tf.dispose([x, y]);
    correct += (await hits.data())[0] as number;
    lossSum += (await loss.data())[0] as number;
    tf.dispose([hits, loss]);
  }
  return { accuracy: correct / ds.count, loss: lossSum / ds.count };
}

/** The recipe's training and validation split, and the t10k test set. */
export interface RecipeData {
  readonly train: ImageDataset;
  readonly validation: ImageDataset;
  readonly test: ImageDataset;
}

export function loadRecipeData(recipe: GroundTruthRecipe): RecipeData {
  const all = loadFashionMnist({ split: 'train' });
  const { train, validation } = splitDataset(all, {
    validationSize: recipe.validationSize,
    trainSize: recipe.trainSize,
    seed: recipe.splitSeed,
  });
  return { train, validation, test: loadFashionMnist({ split: 'test' }) };
}

/** The trainer of the recipe (one for the whole run: it splits and adapts the data once). */
export function recipeTrainer(recipe: GroundTruthRecipe, data: RecipeData): ProxyTrainer {
  return new ProxyTrainer({
    dataset: data.train,
    validation: data.validation,
    trainSize: recipe.trainSize,
    steps: recipe.steps,
    batchSize: recipe.batchSize,
    optimizer: recipe.optimizer,
    learningRate: recipe.learningRate,
    schedule: recipe.schedule,
    bnMomentum: recipe.bnMomentum,
    seed: recipe.trainSeed,
    backend: 'wasm',
  });
}

/**
 * A signal that aborts after `maxMinutes` (when finite) or on SIGINT/SIGTERM,
 * saying that the `what` in progress is not recorded.
 */
export function stopSignal(maxMinutes: number, what: string): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const stop = (why: string): void => {
    if (!controller.signal.aborted) console.log(`stopping (${why}); the ${what} in progress is not recorded`);
    controller.abort();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const timer = Number.isFinite(maxMinutes) ? setTimeout(() => stop(`--max-minutes ${maxMinutes}`), maxMinutes * 60_000) : undefined;
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Trains `arch` with the trainer's recipe and scores it on the test set. */
export async function trainWithRecipe(
  arch: Architecture,
  trainer: ProxyTrainer,
  data: RecipeData,
  signal: AbortSignal,
): Promise<TrainedFigures> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const { result, model } = await trainer.train(arch, { signal });
  try {
    const test = await accuracyOn(model, data.test);
    const cpu = process.cpuUsage(cpu0);
    return {
      params: countParams(arch),
      macs: countMacs(arch),
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      validationAccuracy: result.accuracy,
      validationLoss: result.loss ?? Number.NaN,
      trainLoss: Number(result.extra?.['trainLoss'] ?? Number.NaN),
      steps: result.steps ?? trainer.options.steps ?? 0,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      wallSeconds: (performance.now() - wall0) / 1000,
      machine: machine(),
      node: process.version,
      tfjs: tf.version_core,
      finishedAt: new Date().toISOString(),
    };
  } finally {
    disposeModel(model);
  }
}

/**
 * `ProxyTrainer`: accuracy of an architecture from a short training run on a
 * proxy dataset, as MnasNet scores each sampled model (Tan et al., CVPR 2019,
 * section 5: 5 epochs on a proxy task). Runs on whichever tfjs backend is
 * active; on `wasm` it needs the gradient kernels of
 * `registerWasmTrainingKernels` (registered on demand by default).
 *
 * @module
 */

import * as tf from '../tfjs.js';
import { buildModel } from '../blocks/build-model.js';
import { disposeModel } from '../blocks/dispose-model.js';
import { missingTrainingKernels, registerWasmTrainingKernels } from '../blocks/kernels/register-wasm-training-kernels.js';
import { dropWasmProcessHandlers } from '../blocks/wasm-process-handlers.js';
import { EvaluationError, InvalidOptionsError, MnasError, fieldMessage, throwIfAborted } from '../errors.js';
import { Rng } from '../rng.js';
import type { Architecture } from '../space/types.js';
import { assertArchitecture } from '../space/validate.js';
import { datasetBatch } from './dataset-batch.js';
import type { ImageDataset } from './image-dataset.js';
import { learningRateAt } from './lr-schedule.js';
import { checkProxyMemory } from './proxy-memory.js';
import { ProxyDataCache } from './proxy-data.js';
import { proxyScoreOf } from './proxy-score.js';
import { disposeOptimizer, makeOptimizer, setLearningRate } from './proxy-optimizer.js';
import {
  type ProxyTrainerOptions,
  type ResolvedProxyTrainerOptions,
  checkCheckpoints,
  resolveProxyTrainerOptions,
} from './proxy-trainer-options.js';
import { type ProxyTrainOptions, type TrainedModel, withSoftmax } from './trained-model.js';
import type { AccuracyEvaluator, EvaluateOptions, EvaluationResult } from './types.js';

const nextTick = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Trains `buildModel(arch)` for a budget of epochs or steps on a dataset
 * (MNIST by default, resized and channel-mapped to the architecture's input
 * shape) and returns the validation accuracy (or, with `score: 'loss'`, the
 * accuracy-like `exp(-loss)` of {@link proxyScoreOf}), the validation loss,
 * the steps and epochs done and the wall time. Deterministic for a seed on a given
 * backend: the split, the batch order and the initial weights are seeded,
 * and tfjs kernels are deterministic single-threaded (dropout, when the
 * architecture has it, is not seeded by tfjs). With the `checkpoints`
 * option it also reports the validation accuracy after those steps through
 * `onProgress`, without changing the training.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * await tf.setBackend('wasm');
 * const trainer = new ProxyTrainer({ dataset: 'mnist', steps: 200, batchSize: 32, seed: 1 });
 * const { accuracy } = await trainer.evaluate(arch, { onProgress: (p) => console.log(p.fraction) });
 */
export class ProxyTrainer implements AccuracyEvaluator<Architecture> {
  /** The resolved options. */
  readonly options: ResolvedProxyTrainerOptions;
  private readonly data: ProxyDataCache;

  /** @throws InvalidOptionsError on bad options. */
  constructor(options: ProxyTrainerOptions = {}) {
    this.options = resolveProxyTrainerOptions(options);
    this.data = new ProxyDataCache(this.options);
  }

  /**
   * Trains and validates one architecture, then disposes the model (see
   * {@link ProxyTrainer.train} to keep it). Between batches the event loop
   * runs, so `signal` can abort: the promise then rejects with AbortError
   * and every tensor of the run is disposed.
   *
   * @throws AbortError when aborted; EvaluationError when the backend, the
   * data or the training fails; InvalidArchitectureError when `arch` is not a valid architecture;
   * InvalidOptionsError naming `trainSize` or `batchSize` when the training's
   * estimated memory passes `LIMITS.memoryBytes` (checked before anything is allocated).
   */
  async evaluate(arch: Architecture, options: EvaluateOptions = {}): Promise<EvaluationResult> {
    const { result, model } = await this.train(arch, options);
    disposeModel(model);
    return result;
  }

  /**
   * Trains and validates one architecture as {@link ProxyTrainer.evaluate}
   * does (same options, progress, result and determinism) but hands back the
   * trained model, which the caller owns and frees with `disposeModel`. The
   * model outputs logits, or softmax probabilities with `output: 'softmax'`
   * (the same weights; the validation accuracy is the same either way). On
   * an error or an abort nothing is kept: the model, the optimizer and every
   * tensor of the run are disposed before the promise rejects.
   *
   * @param arch - the architecture to build and train.
   * @param options - `signal`, `onProgress` and `output` (see {@link ProxyTrainOptions}).
   * @returns the evaluation result and the trained model.
   * @throws AbortError when aborted; EvaluationError when the backend, the
   * data or the training fails; InvalidArchitectureError when `arch` is not a valid architecture;
   * InvalidOptionsError naming `trainSize` or `batchSize` when the training's
   * estimated memory passes `LIMITS.memoryBytes` (checked before anything is allocated).
   * @example
   * const trainer = new ProxyTrainer({ dataset: 'mnist', steps: 500, optimizer: 'adam', seed: 1 });
   * const { result, model } = await trainer.train(arch, { output: 'softmax' });
   * try {
   *   console.log(result.accuracy);
   *   await model.save(handler);
   * } finally {
   *   disposeModel(model);
   * }
   */
  async train(arch: Architecture, options: ProxyTrainOptions = {}): Promise<TrainedModel> {
    const start = performance.now();
    const o = this.options;
    throwIfAborted(options.signal);
    const output = options.output ?? 'logits';
    if (output !== 'logits' && output !== 'softmax') {
      throw new InvalidOptionsError(fieldMessage('option', ['output'], "'logits' or 'softmax'", output), { path: ['output'] });
    }
    assertArchitecture(arch);
    const backend = this.checkBackend();
    const counts = this.data.counts();
    // Before any image is adapted or any tensor built: the estimate against LIMITS.memoryBytes.
    checkProxyMemory({
      inputShape: arch.inputShape,
      trainSize: counts.train,
      validationSize: counts.validation,
      batchSize: Math.min(o.batchSize, counts.train),
      arch,
    });
    const data = this.data.get(arch.inputShape);
    if (arch.numClasses < data.train.numClasses) {
      throw new EvaluationError(
        `The architecture has ${arch.numClasses} classes but dataset ${data.train.name} has ${data.train.numClasses}`,
        {
          path: ['numClasses'],
        },
      );
    }
    const batchSize = Math.min(o.batchSize, data.train.count);
    const perEpoch = Math.floor(data.train.count / batchSize);
    const total = o.steps ?? Math.max(1, Math.round(o.epochs * perEpoch));
    checkCheckpoints(o.checkpoints, total);
    let model: tf.LayersModel | undefined;
    let optimizer: tf.Optimizer | undefined;
    try {
      model = buildModel(arch, { seed: o.seed, output: 'logits', bnMomentum: o.bnMomentum });
      optimizer = makeOptimizer(o);
      const trained = model;
      const checkpoint = async (): Promise<number> =>
        proxyScoreOf(o.score, await this.validate(trained, data.validation, arch.numClasses, options.signal));
      const trainLoss = await this.fit(model, optimizer, data.train, arch.numClasses, batchSize, total, options, checkpoint);
      const val = await this.validate(model, data.validation, arch.numClasses, options.signal);
      const score = proxyScoreOf(o.score, val);
      const last = o.checkpoints.at(-1) === total ? { accuracy: score } : {};
      options.onProgress?.({ fraction: 1, step: total, loss: trainLoss, ...last });
      const result: EvaluationResult = {
        accuracy: score,
        loss: val.loss,
        steps: total,
        epochs: (total * batchSize) / data.train.count,
        wallMs: performance.now() - start,
        extra: {
          trainLoss,
          backend,
          trainImages: data.train.count,
          validationImages: data.validation.count,
          dataset: data.train.name,
          score: o.score,
          validationAccuracy: val.accuracy,
        },
      };
      if (output === 'softmax') {
        const probabilities = withSoftmax(arch, model, o);
        disposeModel(model);
        model = probabilities;
      }
      return { result, model };
    } catch (error) {
      disposeModel(model);
      if (error instanceof MnasError) throw error;
      throw new EvaluationError(`Proxy training failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      disposeOptimizer(optimizer);
    }
  }

  /** Checks the active backend (and registers the wasm gradient kernels when allowed); returns its name. */
  private checkBackend(): string {
    const active = tf.getBackend();
    const wanted = this.options.backend;
    if (wanted !== undefined && active !== wanted) {
      throw new EvaluationError(
        `ProxyTrainer is set to train on the '${wanted}' backend but the active tfjs backend is '${active}': call \`await tf.setBackend('${wanted}')\` first`,
        { path: ['backend'] },
      );
    }
    if (active === 'wasm') {
      dropWasmProcessHandlers();
      const missing = missingTrainingKernels('wasm');
      if (missing.length > 0 && !this.options.registerKernels) {
        throw new EvaluationError(
          `The tfjs wasm backend cannot train: kernels ${missing.join(', ')} are not registered. Call registerWasmTrainingKernels() once, or leave the option registerKernels at true`,
          { path: ['registerKernels'] },
        );
      }
      if (missing.length > 0) registerWasmTrainingKernels();
    }
    return active;
  }

  /**
   * The optimizer steps; after each checkpoint step but the last (which the
   * final validation covers) reports `checkpoint()`'s validation accuracy
   * with the step's progress. Returns the mean training loss of the last
   * steps (up to 10).
   */
  private async fit(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    ds: ImageDataset,
    numClasses: number,
    batchSize: number,
    total: number,
    options: ProxyTrainOptions,
    checkpoint: () => Promise<number>,
  ): Promise<number> {
    const o = this.options;
    const checkpoints = new Set(o.checkpoints.filter((s) => s < total));
    const rng = new Rng(`${String(o.seed)}:batches`);
    const all = Array.from({ length: ds.count }, (_, i) => i);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    let order: number[] = [];
    let cursor = 0;
    const recent: number[] = [];
    for (let step = 0; step < total; step++) {
      await nextTick();
      throwIfAborted(options.signal);
      if (cursor + batchSize > order.length) {
        order = rng.shuffle(all);
        cursor = 0;
      }
      const { x, y } = datasetBatch(ds, order.slice(cursor, cursor + batchSize), numClasses);
      cursor += batchSize;
      setLearningRate(optimizer, learningRateAt(o.schedule, o.learningRate, step, total));
      let cost: tf.Scalar | null = null;
      let loss: number;
      try {
        cost = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          true,
          vars,
        );
        loss = ((await cost?.data()) ?? [Number.NaN])[0] as number;
      } finally {
        x.dispose();
        y.dispose();
        cost?.dispose();
      }
      recent.push(loss);
      if (recent.length > 10) recent.shift();
      const accuracy = checkpoints.has(step + 1) ? { accuracy: await checkpoint() } : {};
      options.onProgress?.({ fraction: (step + 1) / (total + 1), step: step + 1, loss, ...accuracy });
    }
    return recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length);
  }

  /** Accuracy and mean cross-entropy on the validation images, in inference mode. */
  private async validate(
    model: tf.LayersModel,
    ds: ImageDataset,
    numClasses: number,
    signal: AbortSignal | undefined,
  ): Promise<{ accuracy: number; loss: number }> {
    let correct = 0;
    let lossSum = 0;
    const step = this.options.evalBatchSize;
    for (let start = 0; start < ds.count; start += step) {
      await nextTick();
      throwIfAborted(signal);
      const indices = Array.from({ length: Math.min(step, ds.count - start) }, (_, i) => start + i);
      const { x, y } = datasetBatch(ds, indices, numClasses);
      const [hits, loss] = tf.tidy(() => {
        const logits = model.predict(x) as tf.Tensor;
        const hit = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32'));
        return [hit, tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.SUM)];
      });
      x.dispose();
      y.dispose();
      correct += (await hits.data())[0] as number;
      lossSum += (await loss.data())[0] as number;
      hits.dispose();
      loss.dispose();
    }
    return { accuracy: correct / ds.count, loss: lossSum / ds.count };
  }
}

/**
 * `SupernetEvaluator`: accuracy of a subnet from the weights it inherits
 * from a trained {@link Supernet}, after recalibrating its batch-norm statistics.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { EvaluationError, InvalidOptionsError, MnasError, throwIfAborted } from '../../errors.js';
import { Rng } from '../../rng.js';
import type { Architecture } from '../../space/types.js';
import { LIMITS, type Rule, check, checkKnownKeys, failWith, integer, isRecord, positiveInt } from '../../validate.js';
import { datasetBatch } from '../dataset-batch.js';
import type { ImageDataset } from '../image-dataset.js';
import { ProxyDataCache } from '../proxy-data.js';
import { type ProxyTrainerOptions, type ResolvedProxyTrainerOptions, resolveProxyTrainerOptions } from '../proxy-trainer-options.js';
import type { AccuracyEvaluator, EvaluateOptions, EvaluationResult } from '../types.js';
import { BnStatistics } from './bn-statistics.js';
import { Supernet } from './supernet.js';
import { checkSupernetBackend, nextTick } from './training-backend.js';

/**
 * Options of {@link SupernetEvaluator}. The data fields mean what they mean
 * for `ProxyTrainer` and `trainSupernet`; give the values the supernet was
 * trained with, so that the validation images are held out of its training.
 */
export type SupernetEvaluatorOptions = Pick<
  ProxyTrainerOptions,
  'dataset' | 'validation' | 'validationSize' | 'trainSize' | 'seed' | 'backend' | 'evalBatchSize'
> & {
  /** The trained supernet (the evaluator does not own it). */
  readonly supernet: Supernet;
  /** Training batches each subnet's batch-norm statistics are recalibrated on. @defaultValue 8 */
  readonly calibrationBatches?: number;
  /** Images per calibration batch. @defaultValue 64 */
  readonly calibrationBatchSize?: number;
};

/** {@link SupernetEvaluatorOptions} completed and validated. */
export interface ResolvedSupernetEvaluatorOptions {
  readonly supernet: Supernet;
  readonly calibrationBatches: number;
  readonly calibrationBatchSize: number;
  readonly data: ResolvedProxyTrainerOptions;
}

const KEYS = [
  'supernet',
  'dataset',
  'validation',
  'validationSize',
  'trainSize',
  'seed',
  'backend',
  'evalBatchSize',
  'calibrationBatches',
  'calibrationBatchSize',
];

const fail = failWith(InvalidOptionsError, 'SupernetEvaluator option');

const SUPERNET: Rule<Supernet> = { expected: 'a Supernet', test: (v): v is Supernet => v instanceof Supernet };

/**
 * Completes and validates {@link SupernetEvaluatorOptions}.
 *
 * @throws InvalidOptionsError naming the bad field (unknown keys included).
 */
export function resolveSupernetEvaluatorOptions(options: SupernetEvaluatorOptions): ResolvedSupernetEvaluatorOptions {
  if (!isRecord(options)) fail([], 'an object with a supernet', options);
  checkKnownKeys(options, KEYS, [], fail);
  const { supernet, calibrationBatches, calibrationBatchSize, ...data } = options;
  return {
    supernet: check(SUPERNET, supernet, ['supernet'], fail),
    calibrationBatches: check(positiveInt(), calibrationBatches ?? 8, ['calibrationBatches'], fail),
    calibrationBatchSize: check(integer(1, LIMITS.batchSize), calibrationBatchSize ?? 64, ['calibrationBatchSize'], fail),
    data: resolveProxyTrainerOptions(data),
  };
}

/**
 * Scores an architecture of the supernet's space without training it: the
 * subnet inherits the supernet's weights, its batch-norm statistics are
 * recalibrated on `calibrationBatches` training batches (the same seeded
 * images for every architecture), and its accuracy and mean cross-entropy
 * are measured on the validation images. Abortable between batches; every
 * tensor of an evaluation is freed when it resolves or rejects.
 *
 * @example
 * const supernet = await Supernet.load('supernet-fmnist');
 * const evaluator = new SupernetEvaluator({ supernet, dataset: 'fashion-mnist', trainSize: 55000, validationSize: 5000 });
 * const { accuracy } = await evaluator.evaluate(supernet.space.sample(new Rng(1)));
 */
export class SupernetEvaluator implements AccuracyEvaluator<Architecture> {
  /** The resolved options. */
  readonly options: ResolvedSupernetEvaluatorOptions;
  private readonly data: ProxyDataCache;
  /** The seeded order of the training images calibration takes its batches from, per image count. */
  private readonly calibrationOrders = new Map<number, number[]>();

  /** @throws InvalidOptionsError on bad options. */
  constructor(options: SupernetEvaluatorOptions) {
    this.options = resolveSupernetEvaluatorOptions(options);
    this.data = new ProxyDataCache(this.options.data);
  }

  /**
   * Recalibrates and validates subnet `arch`.
   *
   * @throws InvalidArchitectureError when `arch` is not in the supernet's space; AbortError when
   *   aborted; EvaluationError when the backend or the data fails.
   */
  async evaluate(arch: Architecture, options: EvaluateOptions = {}): Promise<EvaluationResult> {
    const start = performance.now();
    throwIfAborted(options.signal);
    const { supernet, calibrationBatches, calibrationBatchSize } = this.options;
    supernet.space.encode(arch);
    const backend = checkSupernetBackend('SupernetEvaluator', this.options.data.backend, false, false);
    const { train, validation } = this.data.get(arch.inputShape);
    const batchSize = Math.min(calibrationBatchSize, train.count);
    const order = this.calibrationOrder(train.count);
    const batches = Math.min(calibrationBatches, Math.floor(train.count / batchSize));
    const stats = new BnStatistics();
    try {
      for (let b = 0; b < batches; b++) {
        await nextTick();
        throwIfAborted(options.signal);
        const { x, y } = datasetBatch(train, order.slice(b * batchSize, (b + 1) * batchSize), arch.numClasses);
        try {
          supernet.calibrate(arch, [x], stats);
        } finally {
          tf.dispose([x, y]);
        }
        options.onProgress?.({ fraction: (b + 1) / (batches + 1) });
      }
      const val = await this.validate(arch, stats, validation, options.signal);
      options.onProgress?.({ fraction: 1 });
      return {
        accuracy: val.accuracy,
        loss: val.loss,
        steps: supernet.steps,
        wallMs: performance.now() - start,
        extra: {
          calibrationBatches: batches,
          calibrationImages: batches * batchSize,
          validationImages: validation.count,
          supernetSteps: supernet.steps,
          dataset: train.name,
          backend,
        },
      };
    } catch (error) {
      if (error instanceof MnasError) throw error;
      throw new EvaluationError(`Supernet evaluation failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      stats.dispose();
    }
  }

  private calibrationOrder(count: number): number[] {
    let order = this.calibrationOrders.get(count);
    if (order === undefined) {
      order = new Rng(`${String(this.options.data.seed)}:calibration`).shuffle(Array.from({ length: count }, (_, i) => i));
      this.calibrationOrders.set(count, order);
    }
    return order;
  }

  /** Accuracy and mean cross-entropy on the validation images with the recalibrated statistics. */
  private async validate(
    arch: Architecture,
    stats: BnStatistics,
    ds: ImageDataset,
    signal: AbortSignal | undefined,
  ): Promise<{ accuracy: number; loss: number }> {
    let correct = 0;
    let lossSum = 0;
    const step = this.options.data.evalBatchSize;
    for (let start = 0; start < ds.count; start += step) {
      await nextTick();
      throwIfAborted(signal);
      const indices = Array.from({ length: Math.min(step, ds.count - start) }, (_, i) => start + i);
      const { x, y } = datasetBatch(ds, indices, arch.numClasses);
      const sums = tf.tidy(() => {
        const logits = this.options.supernet.forward(x, arch, { statistics: stats });
        const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32'));
        return tf.stack([hits, tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.SUM)]);
      });
      tf.dispose([x, y]);
      const values = await sums.data();
      sums.dispose();
      correct += values[0] as number;
      lossSum += values[1] as number;
    }
    return { accuracy: correct / ds.count, loss: lossSum / ds.count };
  }
}

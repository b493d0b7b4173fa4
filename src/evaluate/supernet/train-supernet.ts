/**
 * `trainSupernet`: single-path one-shot training with uniform sampling
 * (SPOS, Guo et al., ECCV 2020): each step trains one subnet drawn
 * uniformly from the space on one batch.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { EvaluationError, InvalidOptionsError, MnasError, throwIfAborted } from '../../errors.js';
import { type Fail, checkKnownKeys, failWith, isRecord } from '../../validate.js';
import { Rng } from '../../rng.js';
import type { Architecture } from '../../space/types.js';
import { datasetBatch } from '../dataset-batch.js';
import { learningRateAt } from '../lr-schedule.js';
import { ProxyDataCache } from '../proxy-data.js';
import { type ProxyTrainerOptions, type ResolvedProxyTrainerOptions, resolveProxyTrainerOptions } from '../proxy-trainer-options.js';
import type { EvaluateOptions } from '../types.js';
import { SparseOptimizer } from './sparse-optimizer.js';
import type { Supernet } from './supernet.js';
import { checkSupernetBackend, nextTick } from './training-backend.js';

/**
 * Options of {@link trainSupernet}: the data and optimizer fields of
 * `ProxyTrainerOptions`, with the same meanings and defaults, except `steps`
 * (default 1000). Give `SupernetEvaluator` the same `dataset`, `trainSize`,
 * `validationSize` and `seed`, so that its validation images are ones the
 * supernet was not trained on.
 */
export type SupernetTrainOptions = Pick<
  ProxyTrainerOptions,
  | 'dataset'
  | 'trainSize'
  | 'validationSize'
  | 'batchSize'
  | 'optimizer'
  | 'learningRate'
  | 'momentum'
  | 'schedule'
  | 'seed'
  | 'backend'
  | 'registerKernels'
> & {
  /** Optimizer steps (one sampled subnet and one batch each). @defaultValue 1000 */
  readonly steps?: number;
};

/** What {@link trainSupernet} reports. */
export interface SupernetTrainResult {
  /** Steps of this run. */
  readonly steps: number;
  /** Mean training loss of the last steps (up to 10). */
  readonly loss: number;
  /** Wall time of the run, ms. */
  readonly wallMs: number;
  /** The active tfjs backend. */
  readonly backend: string;
}

const TRAIN_KEYS = [
  'dataset',
  'trainSize',
  'validationSize',
  'batchSize',
  'optimizer',
  'learningRate',
  'momentum',
  'schedule',
  'seed',
  'backend',
  'registerKernels',
  'steps',
];

/**
 * Completes and validates {@link SupernetTrainOptions} (as `ProxyTrainerOptions`).
 *
 * @throws InvalidOptionsError naming the bad field (unknown keys included).
 */
export function resolveSupernetTrainOptions(options: SupernetTrainOptions = {}): ResolvedProxyTrainerOptions & { readonly steps: number } {
  const fail: Fail = failWith(InvalidOptionsError, 'supernet training option');
  if (!isRecord(options)) fail([], 'an object', options);
  checkKnownKeys(options, TRAIN_KEYS, [], fail);
  const resolved = resolveProxyTrainerOptions({ ...options, steps: options.steps ?? 1000 });
  return { ...resolved, steps: resolved.steps as number };
}

/** The recipe recorded in the supernet's history. */
function recipeOf(
  o: ResolvedProxyTrainerOptions & { readonly steps: number },
  dataset: string,
  images: number,
): Record<string, string | number | boolean> {
  return {
    sampling: 'spos-uniform',
    plannedSteps: o.steps,
    dataset,
    trainImages: images,
    batchSize: o.batchSize,
    optimizer: o.optimizer,
    learningRate: o.learningRate,
    momentum: o.momentum,
    schedule: o.schedule,
    seed: o.seed,
  };
}

/** One batch of one sampled path. */
interface PathBatch {
  readonly x: tf.Tensor4D;
  readonly y: tf.Tensor2D;
  readonly arch: Architecture;
  readonly dropoutSeed: number;
}

/**
 * One single-path step: the loss of the subnet on the batch in training mode,
 * and one optimizer update of the variables it used. Returns the loss (the
 * caller disposes it).
 */
function sposStep(supernet: Supernet, optimizer: SparseOptimizer, b: PathBatch, lr: number): tf.Scalar {
  const variables = supernet.variables();
  const { value, grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(b.y, supernet.logits(b.x, b.arch, { kind: 'train' }, b.dropoutSeed)) as tf.Scalar,
    [...variables.values()],
  );
  try {
    const keyOf = new Map([...variables].map(([key, v]) => [v.name, key]));
    optimizer.apply(variables, new Map(Object.entries(grads).map(([name, g]) => [keyOf.get(name) as string, g])), lr);
    return value;
  } catch (error) {
    value.dispose();
    throw error;
  } finally {
    tf.dispose(grads);
  }
}

/**
 * Trains `supernet` in place for `options.steps` steps of single-path
 * uniform sampling: at each step a subnet is drawn uniformly from the
 * supernet's space (seeded), run in training mode (batch statistics) on the
 * next batch of a seeded shuffle, and the weights it uses take one optimizer
 * step (sgd, momentum or adam, state per variable, see `SparseOptimizer`),
 * the learning rate following the schedule over this run. The run is appended
 * to `supernet.history` with the steps it did (its recipe has the planned
 * steps). Deterministic for a seed on one backend. On `wasm` it needs the
 * gradient kernels of `registerWasmTrainingKernels` (registered on demand by
 * default). Abortable between steps: the weights keep the steps done, and
 * the history records them.
 *
 * @throws InvalidOptionsError on bad options; AbortError when aborted;
 *   EvaluationError when the backend, the data or a step fails.
 * @example
 * const supernet = Supernet.create({ space: defaultSpaceOptions(), seed: 1 });
 * const { loss } = await trainSupernet(supernet, { dataset: 'fashion-mnist', steps: 2000, trainSize: 55000, optimizer: 'adam', learningRate: 0.005 });
 * await supernet.save('supernet-fmnist');
 */
export async function trainSupernet(
  supernet: Supernet,
  options: SupernetTrainOptions = {},
  run: EvaluateOptions = {},
): Promise<SupernetTrainResult> {
  const start = performance.now();
  const o = resolveSupernetTrainOptions(options);
  throwIfAborted(run.signal);
  const backend = checkSupernetBackend('trainSupernet', o.backend, true, o.registerKernels);
  const { numClasses, inputShape } = supernet.options.resolvedSpace;
  const train = new ProxyDataCache(o).get(inputShape).train;
  if (numClasses < train.numClasses)
    throw new EvaluationError(`The supernet's space has ${numClasses} classes but dataset ${train.name} has ${train.numClasses}`, {
      path: ['numClasses'],
    });
  const batchSize = Math.min(o.batchSize, train.count);
  const paths = new Rng(`${String(o.seed)}:paths`);
  const batches = new Rng(`${String(o.seed)}:batches`);
  const all = Array.from({ length: train.count }, (_, i) => i);
  const optimizer = new SparseOptimizer({ kind: o.optimizer, momentum: o.momentum });
  const recent: number[] = [];
  let order: number[] = [];
  let cursor = 0;
  let done = 0;
  try {
    for (let step = 0; step < o.steps; step++) {
      await nextTick();
      throwIfAborted(run.signal);
      if (cursor + batchSize > order.length) {
        order = batches.shuffle(all);
        cursor = 0;
      }
      const arch = supernet.space.sample(paths);
      const dropoutSeed = paths.int(2 ** 31);
      const { x, y } = datasetBatch(train, order.slice(cursor, cursor + batchSize), numClasses);
      cursor += batchSize;
      let value: tf.Scalar | undefined;
      try {
        value = sposStep(supernet, optimizer, { x, y, arch, dropoutSeed }, learningRateAt(o.schedule, o.learningRate, step, o.steps));
        done += 1;
        const loss = (await value.data())[0] as number;
        recent.push(loss);
        if (recent.length > 10) recent.shift();
        run.onProgress?.({ fraction: (step + 1) / o.steps, step: step + 1, loss });
      } finally {
        tf.dispose([x, y]);
        value?.dispose();
      }
    }
  } catch (error) {
    if (error instanceof MnasError) throw error;
    throw new EvaluationError(`Supernet training failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    optimizer.dispose();
    if (done > 0) supernet.recordTraining({ steps: done, recipe: recipeOf(o, train.name, train.count) });
  }
  const loss = recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length);
  return { steps: o.steps, loss, wallMs: performance.now() - start, backend };
}

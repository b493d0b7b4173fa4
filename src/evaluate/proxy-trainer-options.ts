/**
 * Options of {@link ProxyTrainer}, resolved and validated in one place.
 *
 * @module
 */

import { InvalidOptionsError, fieldMessage } from '../errors.js';
import {
  BOOLEAN,
  type Fail,
  LIMITS,
  RNG_SEED,
  check,
  checkKnownKeys,
  failWith,
  finiteNumber,
  integer,
  isRecord,
  oneOf,
  positiveInt,
} from '../validate.js';
import type { ImageDataset } from './image-dataset.js';
import type { ProxyScore } from './proxy-score.js';

/** Optimizer of the proxy training. */
export type ProxyOptimizer = 'sgd' | 'momentum' | 'adam';
/** Learning-rate schedule: constant, or cosine decay to 0 over the budget (Loshchilov and Hutter, 2017). */
export type LearningRateSchedule = 'constant' | 'cosine';
/** A dataset by name (loaded on first use), or one built by the caller. */
export type DatasetSource = 'mnist' | 'fashion-mnist' | ImageDataset;

/** Options of {@link ProxyTrainer}. Every field is optional. */
export interface ProxyTrainerOptions {
  /** Training data. Names load MNIST (the 10,000 digits shipped in data/mnist/) or Fashion-MNIST (Debian files). @defaultValue `'mnist'` */
  readonly dataset?: DatasetSource;
  /** Validation data; when absent, `validationSize` images are held out of `dataset` with the seed. */
  readonly validation?: ImageDataset;
  /** Images held out for validation when `validation` is absent. @defaultValue 1000 */
  readonly validationSize?: number;
  /** Training images used (after the seeded shuffle). @defaultValue 4000 (fewer if the dataset is smaller) */
  readonly trainSize?: number;
  /** Passes over the training images; ignored when `steps` is set. @defaultValue 1 */
  readonly epochs?: number;
  /** Optimizer steps; overrides `epochs`. @defaultValue undefined */
  readonly steps?: number;
  /** Images per step. @defaultValue 32 */
  readonly batchSize?: number;
  /** @defaultValue `'momentum'` */
  readonly optimizer?: ProxyOptimizer;
  /** Peak learning rate. @defaultValue 0.05 for sgd and momentum, 0.002 for adam */
  readonly learningRate?: number;
  /** Momentum of the `momentum` optimizer, in [0, 1). @defaultValue 0.9 */
  readonly momentum?: number;
  /** @defaultValue `'cosine'` */
  readonly schedule?: LearningRateSchedule;
  /**
   * BatchNormalization momentum of the built model. Short proxy trainings
   * need a fast moving average, or validation (which uses the moving
   * statistics) sees barely-updated ones. @defaultValue 0.9
   */
  readonly bnMomentum?: number;
  /** Images per validation forward pass. @defaultValue 256 */
  readonly evalBatchSize?: number;
  /**
   * What the result's `accuracy` (and each checkpoint's) reports:
   * `'accuracy'`, the validation accuracy, or `'loss'`, `exp(-validation
   * loss)`, the geometric mean probability of the true class, in [0, 1] with
   * chance at 1/K like an accuracy, and a finer-grained ranking on few
   * validation images (see `proxyScoreOf`). Either way the result also
   * carries the validation `loss` and, in `extra.validationAccuracy`, the
   * accuracy. @defaultValue `'accuracy'`
   */
  readonly score?: ProxyScore;
  /** Seed of the split, the batch order and the weight initialization. @defaultValue 0 */
  readonly seed?: number | string;
  /** The tfjs backend that must be active (`tf.getBackend()`) when evaluating; undefined accepts any. @defaultValue undefined */
  readonly backend?: string;
  /**
   * On the `wasm` backend, register the missing gradient kernels
   * (`registerWasmTrainingKernels`) when they are absent; `false` makes a
   * missing kernel an EvaluationError instead. @defaultValue true
   */
  readonly registerKernels?: boolean;
  /**
   * Steps after which the validation accuracy is computed and reported
   * through `onProgress` (`{ step, accuracy }`), for pruners and learning
   * curves: strictly increasing positive integers, none above the step
   * budget. Each costs one validation pass; a checkpoint at the last step
   * reuses the final validation. @defaultValue `[]` (no checkpoints)
   */
  readonly checkpoints?: readonly number[];
}

/** {@link ProxyTrainerOptions} with every default filled in. */
export interface ResolvedProxyTrainerOptions {
  readonly dataset: DatasetSource;
  readonly validation: ImageDataset | undefined;
  readonly validationSize: number;
  readonly trainSize: number;
  readonly epochs: number;
  readonly steps: number | undefined;
  readonly batchSize: number;
  readonly optimizer: ProxyOptimizer;
  readonly learningRate: number;
  readonly momentum: number;
  readonly schedule: LearningRateSchedule;
  readonly bnMomentum: number;
  readonly evalBatchSize: number;
  readonly score: ProxyScore;
  readonly seed: number | string;
  readonly backend: string | undefined;
  readonly registerKernels: boolean;
  readonly checkpoints: readonly number[];
}

/** The keys of {@link ProxyTrainerOptions}. */
export const PROXY_TRAINER_KEYS: readonly string[] = [
  'dataset',
  'validation',
  'validationSize',
  'trainSize',
  'epochs',
  'steps',
  'batchSize',
  'optimizer',
  'learningRate',
  'momentum',
  'schedule',
  'bnMomentum',
  'evalBatchSize',
  'score',
  'seed',
  'backend',
  'registerKernels',
  'checkpoints',
];

const fail: Fail = failWith(InvalidOptionsError, 'option');

function bad(field: string, expected: string, value: unknown): never {
  return fail([field], expected, value);
}

function isDataset(value: unknown): value is ImageDataset {
  const d = value as Partial<ImageDataset> | null;
  return (
    d !== null &&
    typeof d === 'object' &&
    d.images instanceof Float32Array &&
    d.labels instanceof Int32Array &&
    Array.isArray(d.imageShape) &&
    typeof d.count === 'number' &&
    typeof d.numClasses === 'number'
  );
}

/** A positive integer option; batch sizes are bounded by `LIMITS.batchSize`. */
function posInt(options: ProxyTrainerOptions, field: keyof ProxyTrainerOptions, fallback: number): number {
  const rule = field === 'batchSize' || field === 'evalBatchSize' ? integer(1, LIMITS.batchSize) : positiveInt();
  return check(rule, options[field] ?? fallback, [field], fail);
}

function unit(options: ProxyTrainerOptions, field: 'momentum' | 'bnMomentum', fallback: number): number {
  return check(finiteNumber({ min: 0, max: 1, exclusiveMax: true }), options[field] ?? fallback, [field], fail);
}

/** Checks `checkpoints`: an array of strictly increasing positive integers, none above `steps` when it is set. */
function checkpointList(value: unknown, steps: number | undefined): readonly number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) bad('checkpoints', 'an array of step numbers', value);
  const list = value as readonly unknown[];
  list.forEach((step, i) => {
    const path = ['checkpoints', i];
    const previous = i === 0 ? 0 : (list[i - 1] as number);
    if (typeof step !== 'number' || !Number.isSafeInteger(step) || step <= previous) {
      const expected = i === 0 ? 'a positive integer' : `an integer greater than the previous checkpoint ${previous}`;
      throw new InvalidOptionsError(fieldMessage('option', path, expected, step), { path });
    }
    if (steps !== undefined && step > steps) {
      throw new InvalidOptionsError(fieldMessage('option', path, `a step no greater than steps (${steps})`, step), { path });
    }
  });
  return Object.freeze([...(list as number[])]);
}

/**
 * Completes and validates {@link ProxyTrainerOptions}.
 *
 * @throws InvalidOptionsError naming the first bad field (unknown keys included).
 */
export function resolveProxyTrainerOptions(options: ProxyTrainerOptions = {}): ResolvedProxyTrainerOptions {
  if (!isRecord(options)) fail([], 'an options object', options);
  checkKnownKeys(options, PROXY_TRAINER_KEYS, [], fail);
  const dataset = options.dataset ?? 'mnist';
  if (dataset !== 'mnist' && dataset !== 'fashion-mnist' && !isDataset(dataset)) {
    bad('dataset', "'mnist', 'fashion-mnist' or an ImageDataset", dataset);
  }
  if (options.validation !== undefined && !isDataset(options.validation)) bad('validation', 'an ImageDataset', options.validation);
  const optimizer = check(
    oneOf<ProxyOptimizer>(['sgd', 'momentum', 'adam'], "'sgd', 'momentum' or 'adam'"),
    options.optimizer ?? 'momentum',
    ['optimizer'],
    fail,
  );
  const schedule = check(oneOf<LearningRateSchedule>(['constant', 'cosine']), options.schedule ?? 'cosine', ['schedule'], fail);
  const positive = finiteNumber({ min: 0, exclusiveMin: true });
  const learningRate = check(positive, options.learningRate ?? (optimizer === 'adam' ? 0.002 : 0.05), ['learningRate'], fail);
  const epochs = check(positive, options.epochs ?? 1, ['epochs'], fail);
  const steps = options.steps === undefined ? undefined : posInt(options, 'steps', 1);
  const score = check(oneOf<ProxyScore>(['accuracy', 'loss']), options.score ?? 'accuracy', ['score'], fail);
  const seed = check(RNG_SEED, options.seed ?? 0, ['seed'], fail);
  if (options.backend !== undefined && (typeof options.backend !== 'string' || options.backend === ''))
    bad('backend', 'a backend name', options.backend);
  const registerKernels = check(BOOLEAN, options.registerKernels === undefined ? true : options.registerKernels, ['registerKernels'], fail);
  return {
    dataset,
    validation: options.validation,
    validationSize: posInt(options, 'validationSize', 1000),
    trainSize: posInt(options, 'trainSize', 4000),
    epochs,
    steps,
    batchSize: posInt(options, 'batchSize', 32),
    optimizer,
    learningRate,
    momentum: unit(options, 'momentum', 0.9),
    schedule,
    bnMomentum: unit(options, 'bnMomentum', 0.9),
    evalBatchSize: posInt(options, 'evalBatchSize', 256),
    score,
    seed,
    backend: options.backend,
    registerKernels,
    checkpoints: checkpointList(options.checkpoints, steps),
  };
}

/** Throws InvalidOptionsError when a checkpoint lies beyond the step budget (known only once the dataset is, when the budget is in epochs). */
export function checkCheckpoints(checkpoints: readonly number[], total: number): void {
  const i = checkpoints.findIndex((s) => s > total);
  if (i < 0) return;
  const path = ['checkpoints', i];
  throw new InvalidOptionsError(fieldMessage('option', path, `a step no greater than the ${total} steps of the training`, checkpoints[i]), {
    path,
  });
}

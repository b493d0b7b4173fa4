/**
 * The `search` command's config schema: a strict zod schema shared by config
 * files and flags (the controller and measurer names are those of the
 * `controllers` and `latencyMeasurers` registries), and the config with
 * every default filled in.
 *
 * @module
 */

import { z } from 'zod';
import { LIMITS, NB201_DATASETS, NB201_DEVICES, type ZeroCostProxy, controllers, latencyMeasurers } from '../index.js';
import { type AndroidConfig, type BrowserConfig, type OrtConfig, type WasmConfig, measurerSectionFields } from './measurer-config.js';
import { EVALUATOR_CHOICES, PRUNER_CHOICES, ZERO_COST_PROXY_CHOICES } from './registry-choices.js';

/** Most examples of a proxy-training or validation set (the MNIST and Fashion-MNIST files hold 70,000). */
export const MAX_EXAMPLES = 1_000_000;
/** Most proxy-training epochs and steps. */
export const MAX_EPOCHS = 10_000;
/** Most proxy-training steps: of `training.steps`, and of `mnas-ts export --train-steps`. */
export const MAX_STEPS = MAX_EPOCHS * MAX_EXAMPLES;
/** Most minutes of `wallTimeMinutes` (a year). */
export const MAX_WALL_TIME_MINUTES = 525_600;
/** Longest path in a config (`journal`, `out`). */
export const MAX_PATH_LENGTH = 4096;

/** Proxy-training settings of the default (MNIST) search. */
const trainingSchema = z.strictObject({
  epochs: z.number().positive().max(MAX_EPOCHS).optional(),
  steps: z.int().positive().max(MAX_STEPS).optional(),
  batchSize: z.int().positive().max(LIMITS.batchSize).optional(),
  trainSize: z.int().positive().max(MAX_EXAMPLES).optional(),
  validationSize: z.int().positive().max(MAX_EXAMPLES).optional(),
  learningRate: z.number().positive().max(1e6).optional(),
  optimizer: z.enum(['sgd', 'momentum', 'adam']).optional(),
});
const path = z.string().min(1).max(MAX_PATH_LENGTH);

/** Every key a config file may hold (unknown keys are rejected). */
export const searchConfigSchema = z.strictObject({
  benchmark: z.enum(['nas-bench-201', 'nas-bench-macro']).optional(),
  dataset: z.enum(NB201_DATASETS).optional(),
  device: z.enum(NB201_DEVICES).optional(),
  controller: z.enum(controllers.names() as [string, ...string[]]).optional(),
  measurer: z.enum(latencyMeasurers.names() as [string, ...string[]]).optional(),
  reward: z.enum(['soft', 'hard']).optional(),
  targetMs: z.number().positive().refine(Number.isFinite, 'expected a finite number').optional(),
  trials: z.int().positive().max(LIMITS.trials).optional(),
  wallTimeMinutes: z.number().positive().max(MAX_WALL_TIME_MINUTES).optional(),
  measureTimeoutMinutes: z.number().positive().max(35_000).optional(),
  evaluateTimeoutMinutes: z.number().positive().max(35_000).optional(),
  concurrency: z.int().positive().max(LIMITS.concurrency).optional(),
  seed: z.int().optional(),
  journal: path.optional(),
  out: path.optional(),
  inputSize: z.int().min(8).max(LIMITS.inputSide).optional(),
  /** `mnist`, `fashion-mnist` or a dataset folder (see `loadCliData`). */
  data: path.optional(),
  /** The fingerprint of the `data` folder, as a search records it (a worker and a resume check theirs against it). */
  dataFingerprint: z
    .string()
    .regex(/^sha256:[0-9a-f]{16}$/, 'expected sha256: and 16 hex digits')
    .optional(),
  evaluator: z.enum(EVALUATOR_CHOICES).optional(),
  pruner: z.enum(PRUNER_CHOICES).optional(),
  promotion: z.enum(['observed', 'model']).optional(),
  zeroCostProxy: z.enum(ZERO_COST_PROXY_CHOICES).optional(),
  supernet: path.optional(),
  training: trainingSchema.optional(),
  ...measurerSectionFields,
  /** `none`, a comma-separated list, or an array of baseline names. */
  baselines: z.union([z.string().max(1000), z.array(z.string().max(100)).max(100)]).optional(),
});

/** A config as written in a file or given by flags. */
export type SearchConfig = z.infer<typeof searchConfigSchema>;

/** Proxy-training settings with the defaults filled in (`steps`, when set, overrides `epochs`). */
export interface ResolvedTraining {
  readonly epochs: number;
  readonly steps: number | undefined;
  readonly batchSize: number;
  readonly trainSize: number;
  readonly validationSize: number;
  readonly learningRate: number;
  readonly optimizer: 'sgd' | 'momentum' | 'adam';
}

/** The config with every default filled in. */
export interface ResolvedSearchConfig {
  readonly benchmark: 'nas-bench-201' | 'nas-bench-macro' | undefined;
  readonly dataset: (typeof NB201_DATASETS)[number];
  readonly device: (typeof NB201_DEVICES)[number];
  /** A name of `controllers`. */
  readonly controller: string;
  /** A name of `latencyMeasurers`. */
  readonly measurer: string;
  readonly reward: 'soft' | 'hard';
  readonly targetMs: number;
  readonly trials: number;
  readonly wallTimeMinutes: number | undefined;
  /** A measurement that takes longer fails its trial (the library's default when undefined). */
  readonly measureTimeoutMinutes: number | undefined;
  /** An evaluation (training) that takes longer fails its trial (no limit when undefined). */
  readonly evaluateTimeoutMinutes: number | undefined;
  readonly concurrency: number;
  readonly seed: number;
  readonly journal: string;
  readonly out: string;
  readonly inputSize: number;
  /** The dataset of the default space's evaluator: `mnist`, `fashion-mnist` or a dataset folder. */
  readonly data: string;
  /** The fingerprint of the `data` folder (set by the search once the folder is read; undefined for a named set). */
  readonly dataFingerprint: string | undefined;
  /** How a candidate's accuracy is estimated (default space only): a name of the `evaluators` registry. */
  readonly evaluator: string;
  /** Early stopping of proxy training: a name of the `pruners` registry, or `none` (every trial trains its full steps). */
  readonly pruner: string;
  /**
   * How the pruner's rungs promote trials: by the observed values, or by the
   * surrogate's model (`model`, with `controller: 'surrogate'` only).
   * Undefined: by the model with `controller: 'surrogate'` and a pruner, by
   * the values otherwise; a resumed search keeps its journal's promotion.
   */
  readonly promotion: 'observed' | 'model' | undefined;
  /** The zero-cost proxy of `evaluator: 'zero-cost'`. */
  readonly zeroCostProxy: ZeroCostProxy;
  /** The folder of a saved supernet (`evaluator: 'supernet'`). */
  readonly supernet: string | undefined;
  readonly training: ResolvedTraining;
  /** Options of the android measurer (only with `measurer: 'android'`). */
  readonly android: AndroidConfig | undefined;
  /** Options of the browser measurer (only with `measurer: 'browser'`). */
  readonly browser: BrowserConfig | undefined;
  /** Options of the onnxruntime measurer (only with `measurer: 'ort'`). */
  readonly ort: OrtConfig | undefined;
  /**
   * Options of the wasm measurer (only with `measurer: 'wasm'`). A search
   * started with `reference: true` records the calibrated number here, so
   * that a resumed run keeps the scale (see `pinWasmSection`).
   */
  readonly wasm: WasmConfig | undefined;
  /** Names of the baselines scored beside the search (none for a tabular benchmark). */
  readonly baselines: readonly string[];
}

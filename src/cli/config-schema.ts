/**
 * The `search` command's config schema: a strict table of fields
 * (`validate-fields.ts`) shared by config files and flags (the controller
 * and measurer names are those of the `controllers` and `latencyMeasurers`
 * registries), and the config with every default filled in. The `training`
 * section is checked by the `proxy` entry of `evaluators`, the measurer
 * sections by their `latencyMeasurers` entries (`measurer-sections.ts`); the
 * CLI adds only its own bounds.
 *
 * @module
 */

import {
  LIMITS,
  NB201_DATASETS,
  NB201_DEVICES,
  type ProxyTrainerOptions,
  type ZeroCostProxy,
  controllers,
  evaluators,
  latencyMeasurers,
} from '../index.js';
import { type Rule, finiteNumber, integer, oneOf, positiveInt } from '../validate.js';
import { type FieldValue, anyOf, arrayOf, fields, text } from '../validate-fields.js';
import { BY_ENTRY, atMost, atSectionField, entrySection } from './entry-section.js';
import type { AndroidConfig, BrowserConfig, OrtConfig, WasmConfig } from './measurer-config.js';
import { measurerSectionFields } from './measurer-sections.js';
import { EVALUATOR_CHOICES, PRUNER_CHOICES, ZERO_COST_PROXY_CHOICES } from './registry-choices.js';

/** Most examples of a proxy-training or validation set (the MNIST and Fashion-MNIST files hold 70,000). */
export const MAX_EXAMPLES = 1_000_000;
/** Most proxy-training epochs and steps. */
export const MAX_EPOCHS = 10_000;
/** Most proxy-training steps: of `training.steps`, and of `mnas-ts export --train-steps`. */
export const MAX_STEPS = MAX_EPOCHS * MAX_EXAMPLES;
/** Largest proxy-training learning rate. */
export const MAX_LEARNING_RATE = 1e6;
/** Most minutes of `wallTimeMinutes` (a year). */
export const MAX_WALL_TIME_MINUTES = 525_600;
/** Most minutes of `measureTimeoutMinutes` and `evaluateTimeoutMinutes`: the longest timeout, in whole minutes. */
export const MAX_TIMEOUT_MINUTES = Math.floor(LIMITS.timeoutMs / 60_000);
/** Longest path in a config (`journal`, `out`). */
export const MAX_PATH_LENGTH = 4096;

/** The options of `ProxyTrainer` that the `training` section sets. */
type TrainingOption = 'epochs' | 'steps' | 'batchSize' | 'trainSize' | 'validationSize' | 'learningRate' | 'optimizer';

/** Proxy-training settings of the default (MNIST) search: options of the `proxy` evaluator, which checks them. */
const training = entrySection<{ readonly [K in TrainingOption]?: ProxyTrainerOptions[K] }>({
  fields: {
    epochs: atMost(MAX_EPOCHS),
    steps: atMost(MAX_STEPS),
    batchSize: BY_ENTRY,
    trainSize: atMost(MAX_EXAMPLES),
    validationSize: atMost(MAX_EXAMPLES),
    learningRate: atMost(MAX_LEARNING_RATE),
    optimizer: BY_ENTRY,
  },
  check: (section) => {
    try {
      evaluators.get('proxy').resolveOptions(section);
    } catch (error) {
      throw atSectionField(error, (path) => path);
    }
  },
});

const path = text({ minLength: 1, maxLength: MAX_PATH_LENGTH });
const timeoutMinutes = finiteNumber({ min: 0, exclusiveMin: true, max: MAX_TIMEOUT_MINUTES });
const seed: Rule<number> = { expected: 'a safe integer', test: (v): v is number => Number.isSafeInteger(v) };

/** Every key a config file may hold (unknown keys are rejected), and how each is checked. */
export const searchConfigSchema = fields({
  benchmark: oneOf(['nas-bench-201', 'nas-bench-macro'] as const),
  dataset: oneOf(NB201_DATASETS),
  device: oneOf(NB201_DEVICES),
  controller: oneOf(controllers.names()),
  measurer: oneOf(latencyMeasurers.names()),
  reward: oneOf(['soft', 'hard'] as const),
  targetMs: finiteNumber({ min: 0, exclusiveMin: true }),
  trials: positiveInt(LIMITS.trials),
  wallTimeMinutes: finiteNumber({ min: 0, exclusiveMin: true, max: MAX_WALL_TIME_MINUTES }),
  measureTimeoutMinutes: timeoutMinutes,
  evaluateTimeoutMinutes: timeoutMinutes,
  concurrency: positiveInt(LIMITS.concurrency),
  seed,
  journal: path,
  out: path,
  inputSize: integer(8, LIMITS.inputSide),
  /** `mnist`, `fashion-mnist` or a dataset folder (see `loadCliData`). */
  data: path,
  /** The fingerprint of the `data` folder, as a search records it (a worker and a resume check theirs against it). */
  dataFingerprint: text({ pattern: /^sha256:[0-9a-f]{16}$/ }, 'sha256: and 16 hex digits'),
  evaluator: oneOf(EVALUATOR_CHOICES),
  pruner: oneOf(PRUNER_CHOICES),
  promotion: oneOf(['observed', 'model'] as const),
  zeroCostProxy: oneOf(ZERO_COST_PROXY_CHOICES),
  supernet: path,
  training,
  ...measurerSectionFields,
  /** `none`, a comma-separated list, or an array of baseline names. */
  baselines: anyOf(text({ maxLength: 1000 }), arrayOf(text({ maxLength: 100 }), 100)),
});

/** A config as written in a file or given by flags. */
export type SearchConfig = FieldValue<typeof searchConfigSchema>;

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

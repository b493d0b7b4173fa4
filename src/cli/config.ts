/**
 * The `search` command's configuration: a strict zod schema shared by config
 * files and flags, defaults, and the cross-field checks. Every error is an
 * InvalidConfigError naming the flag or the config field.
 *
 * @module
 */

import { join } from 'node:path';
import { z } from 'zod';
import { InvalidConfigError, LIMITS, NB201_DATASETS, NB201_DEVICES, type ZeroCostProxy, describeValue } from '../index.js';
import { DEFAULT_BASELINES, parseBaselines } from './baselines.js';
import { DEFAULT_RUN } from './defaults.js';
import {
  type AndroidConfig,
  type BrowserConfig,
  type OrtConfig,
  type WasmConfig,
  androidConfigSchema,
  browserConfigSchema,
  ortConfigSchema,
  wasmConfigSchema,
} from './measurer-config.js';
import { MEASURER_FLAG_OF, flagNumber, measurerSectionsFromFlags } from './measurer-flags.js';
import { EVALUATOR_CHOICES, PRUNER_CHOICES, ZERO_COST_PROXY_CHOICES } from './registry-choices.js';
import { checkTrainingMemory } from './training-memory.js';

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
  controller: z.enum(['ppo', 'reinforce', 'evolution', 'random', 'nsga2', 'surrogate']).optional(),
  measurer: z.enum(['wasm', 'browser', 'ort', 'android', 'macs', 'table']).optional(),
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
  zeroCostProxy: z.enum(ZERO_COST_PROXY_CHOICES).optional(),
  supernet: path.optional(),
  training: trainingSchema.optional(),
  android: androidConfigSchema.optional(),
  browser: browserConfigSchema.optional(),
  ort: ortConfigSchema.optional(),
  wasm: wasmConfigSchema.optional(),
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
  readonly controller: 'ppo' | 'reinforce' | 'evolution' | 'random' | 'nsga2' | 'surrogate';
  readonly measurer: 'wasm' | 'browser' | 'ort' | 'android' | 'macs' | 'table';
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

/** Flag name of each config field (for messages). */
export const FLAG_OF: Readonly<Record<string, string>> = {
  benchmark: '--benchmark',
  dataset: '--dataset',
  device: '--device',
  controller: '--controller',
  measurer: '--measurer',
  reward: '--reward',
  targetMs: '--target-ms',
  trials: '--trials',
  wallTimeMinutes: '--wall-time-minutes',
  measureTimeoutMinutes: '--measure-timeout-minutes',
  evaluateTimeoutMinutes: '--evaluate-timeout-minutes',
  concurrency: '--concurrency',
  seed: '--seed',
  journal: '--journal',
  out: '--out',
  inputSize: '--input-size',
  data: '--data',
  evaluator: '--evaluator',
  pruner: '--pruner',
  zeroCostProxy: '--zero-cost-proxy',
  supernet: '--supernet',
  baselines: '--baselines',
  ...MEASURER_FLAG_OF,
};

const NUMERIC = new Set([
  'targetMs',
  'trials',
  'wallTimeMinutes',
  'measureTimeoutMinutes',
  'evaluateTimeoutMinutes',
  'concurrency',
  'seed',
  'inputSize',
]);

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** The keys of the (nested) object schema at `path` of the config schema. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = searchConfigSchema;
  for (const key of path) {
    const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
    if (!(inner instanceof z.ZodObject)) break;
    schema = (inner.shape as Record<PropertyKey, z.ZodType>)[key] ?? inner;
  }
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

/**
 * Validates `input` against the schema.
 * @param where - `'flags'` or the config file path, for messages.
 * @throws InvalidConfigError naming the flag or field.
 */
export function validateConfig(input: unknown, where: string): SearchConfig {
  const result = searchConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  let path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') path = [...path, ...(issue.keys as string[]).slice(0, 1)];
  const field = path.join('.');
  const name =
    where === 'flags'
      ? ((Object.hasOwn(FLAG_OF, field) ? FLAG_OF[field] : undefined) ?? `--${field}`)
      : `config field ${field || '(root)'} in ${where}`;
  const received = issue.code === 'unrecognized_keys' ? 'an unknown key' : `received ${describeValue(valueAt(input, path))}`;
  const hint = issue.code === 'unrecognized_keys' ? ` (known: ${knownKeys(issue.path).join(', ')})` : '';
  // zod's type errors end in ", received string": the value itself is more useful.
  const message = issue.message.replace(/, received \w+$/, '');
  throw new InvalidConfigError(`Invalid ${name}: ${message}, ${received}${hint}`, { path });
}

/**
 * Turns raw flag strings (commander's output) into config fields, converting
 * numbers. The measurer flags (`--serial`, `--chromium`, `--duet`...) fill the
 * `android`, `browser` or `wasm` section, as the measurer of the flags or else
 * of `base` says (without one, the default: `wasm`, or `table` for a benchmark).
 *
 * @param base - the config file's fields, if any (only its `measurer` is read).
 * @throws InvalidConfigError naming the bad flag.
 */
export function configFromFlags(flags: Readonly<Record<string, unknown>>, base: SearchConfig = {}): SearchConfig {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flags)) {
    if (!Object.hasOwn(FLAG_OF, key) || value === undefined) continue;
    out[key] = NUMERIC.has(key) ? flagNumber(FLAG_OF[key] as string, [key], value) : value;
  }
  const tabular = (out.benchmark ?? base.benchmark) !== undefined;
  Object.assign(
    out,
    measurerSectionsFromFlags(flags, (out.measurer as string | undefined) ?? base.measurer, tabular ? 'table' : DEFAULT_RUN.measurer),
  );
  return validateConfig(out, 'flags');
}

/** A config file's fields overridden by the flags' (field by field inside the `android`, `browser`, `wasm` and `training` sections). */
export function mergeConfigs(file: SearchConfig, flags: SearchConfig): SearchConfig {
  const merged: Record<string, unknown> = { ...file, ...flags };
  for (const key of ['training', 'android', 'browser', 'ort', 'wasm'] as const) {
    if (file[key] !== undefined && flags[key] !== undefined) merged[key] = { ...file[key], ...flags[key] };
  }
  return merged as SearchConfig;
}

function resolveTraining(t: z.infer<typeof trainingSchema>): ResolvedTraining {
  const d = DEFAULT_RUN.training;
  return {
    epochs: t.epochs ?? d.epochs,
    steps: t.steps,
    batchSize: t.batchSize ?? d.batchSize,
    trainSize: t.trainSize ?? d.trainSize,
    validationSize: t.validationSize ?? d.validationSize,
    learningRate: t.learningRate ?? d.learningRate,
    optimizer: t.optimizer ?? d.optimizer,
  };
}

function conflict(field: string, message: string): never {
  throw new InvalidConfigError(`Invalid ${(Object.hasOwn(FLAG_OF, field) ? FLAG_OF[field] : undefined) ?? field}: ${message}`, {
    path: [field],
  });
}

/**
 * Default latency target of a NAS-Bench-201 search per HW-NAS-Bench device, ms:
 * near the median latency of the device's cells, so that the target splits the
 * space (the cells span pixel3 3.3-19 ms, raspi4 8.0-47, fpga 2.4-5.3,
 * eyeriss 3.4-7.8, edgegpu 4.4-7.5, edgetpu 0.79-1.6 between the 10th and 90th percentiles).
 */
export const NB201_DEFAULT_TARGET_MS: Readonly<Record<string, number>> = {
  pixel3: 10,
  raspi4: 25,
  fpga: 3.7,
  eyeriss: 5,
  edgegpu: 6,
  edgetpu: 1.2,
};

/** Default FLOPs target of a NAS-Bench-Macro search, MFLOPs (its networks span 7.7-106, median 55). */
export const MACRO_DEFAULT_TARGET_MFLOPS = 60;

/**
 * Fills in the defaults (they depend on the benchmark) and checks fields that go together.
 * @throws InvalidConfigError naming the flag of the conflicting field.
 */
export function resolveConfig(config: SearchConfig): ResolvedSearchConfig {
  const benchmark = config.benchmark;
  const tabular = benchmark !== undefined;
  const measurer = config.measurer ?? (tabular ? 'table' : DEFAULT_RUN.measurer);
  if (tabular && measurer !== 'table')
    conflict('measurer', `a tabular benchmark has recorded costs; use --measurer table, received ${JSON.stringify(measurer)}`);
  if (!tabular && measurer === 'table') conflict('measurer', 'table needs --benchmark nas-bench-201 or nas-bench-macro');
  if (benchmark !== 'nas-bench-201' && config.device !== undefined) conflict('device', 'only applies to --benchmark nas-bench-201');
  if (benchmark !== 'nas-bench-201' && config.dataset !== undefined) conflict('dataset', 'only applies to --benchmark nas-bench-201');
  if (tabular && config.training !== undefined) conflict('training', 'proxy training does not apply to a tabular benchmark');
  if (tabular && config.inputSize !== undefined) conflict('inputSize', 'does not apply to a tabular benchmark');
  for (const key of ['data', 'dataFingerprint', 'evaluator', 'pruner', 'zeroCostProxy', 'supernet'] as const) {
    if (tabular && config[key] !== undefined) conflict(key, 'does not apply to a tabular benchmark (it has recorded accuracies)');
  }
  const evaluator = config.evaluator ?? (tabular ? 'proxy' : DEFAULT_RUN.evaluator);
  const pruner = config.pruner ?? (tabular || evaluator !== 'proxy' ? 'none' : DEFAULT_RUN.pruner);
  if (pruner !== 'none' && evaluator !== 'proxy')
    conflict('pruner', `stops proxy training early; it does not apply to --evaluator ${evaluator}`);
  if (config.zeroCostProxy !== undefined && evaluator !== 'zero-cost')
    conflict('zeroCostProxy', `only applies to --evaluator zero-cost, the evaluator is ${JSON.stringify(evaluator)}`);
  if (evaluator === 'supernet' && config.supernet === undefined)
    conflict('supernet', 'missing: --evaluator supernet needs the folder of a saved supernet (see docs/supernet.md)');
  if (config.supernet !== undefined && evaluator !== 'supernet')
    conflict('supernet', `only applies to --evaluator supernet, the evaluator is ${JSON.stringify(evaluator)}`);
  const baselines = config.baselines === undefined ? (tabular ? [] : [...DEFAULT_BASELINES]) : parseBaselines(config.baselines);
  if (tabular && baselines.length > 0)
    conflict('baselines', 'baselines are networks; a tabular benchmark has only its own cells (use none)');
  for (const section of ['android', 'browser', 'ort', 'wasm'] as const) {
    if (config[section] !== undefined && measurer !== section) {
      throw new InvalidConfigError(
        `Invalid config field ${section}: only applies to --measurer ${section}, the measurer is ${JSON.stringify(measurer)}`,
        { path: [section] },
      );
    }
  }
  const training = resolveTraining(config.training ?? {});
  const inputSize = config.inputSize ?? DEFAULT_RUN.inputSize;
  const data = config.data ?? DEFAULT_RUN.data;
  // A folder's images are counted when it is loaded (loadDataset bounds them); the named sets' counts are known.
  if (!tabular && (data === 'mnist' || data === 'fashion-mnist')) checkTrainingMemory(inputSize, data, training);
  const out = config.out ?? DEFAULT_RUN.out;
  const device = config.device ?? 'pixel3';
  const defaultTarget =
    benchmark === 'nas-bench-201'
      ? (NB201_DEFAULT_TARGET_MS[device] ?? 10)
      : benchmark === 'nas-bench-macro'
        ? MACRO_DEFAULT_TARGET_MFLOPS
        : DEFAULT_RUN.targetMs;
  return {
    benchmark,
    dataset: config.dataset ?? 'cifar10',
    device,
    controller: config.controller ?? 'ppo',
    measurer,
    reward: config.reward ?? 'soft',
    targetMs: config.targetMs ?? defaultTarget,
    trials: config.trials ?? (tabular ? 200 : DEFAULT_RUN.trials),
    wallTimeMinutes: config.wallTimeMinutes ?? (tabular ? undefined : DEFAULT_RUN.wallTimeMinutes),
    measureTimeoutMinutes: config.measureTimeoutMinutes,
    evaluateTimeoutMinutes: config.evaluateTimeoutMinutes,
    concurrency: config.concurrency ?? 1,
    seed: config.seed ?? 0,
    journal: config.journal ?? join(out, 'journal.jsonl'),
    out,
    inputSize,
    data,
    dataFingerprint: config.dataFingerprint,
    evaluator,
    pruner,
    zeroCostProxy: config.zeroCostProxy ?? 'naswot',
    supernet: config.supernet,
    training,
    android: config.android,
    browser: config.browser,
    ort: config.ort,
    wasm: config.wasm,
    baselines,
  };
}

/**
 * The `search` command's configuration: validation of a config file or the
 * flags against the schema (`config-schema.ts`), defaults, and the
 * cross-field checks. Every error is an InvalidConfigError naming the flag
 * or the config field.
 *
 * @module
 */

import { join } from 'node:path';
import { type ErrorPath, InvalidConfigError, describeValue } from '../index.js';
import type { Fail } from '../validate.js';
import { DEFAULT_BASELINES, parseBaselines } from './baselines.js';
import { type ResolvedSearchConfig, type ResolvedTraining, type SearchConfig, searchConfigSchema } from './config-schema.js';
import { DEFAULT_RUN } from './defaults.js';
import { SECTION_NAMES } from './measurer-config.js';
import { MEASURER_FLAG_OF, flagNumber, measurerSectionsFromFlags } from './measurer-flags.js';
import { checkTrainingMemory } from './training-memory.js';

export {
  MAX_EPOCHS,
  MAX_EXAMPLES,
  MAX_LEARNING_RATE,
  MAX_PATH_LENGTH,
  MAX_STEPS,
  MAX_WALL_TIME_MINUTES,
  type ResolvedSearchConfig,
  type ResolvedTraining,
  type SearchConfig,
  searchConfigSchema,
} from './config-schema.js';

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
  promotion: '--promotion',
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

/** The flag that sets the config field at `path` (the longest prefix that has one: `wasm.duetTolerance` is `--duet-tolerance`). */
function flagOf(path: ErrorPath): string {
  for (let n = path.length; n > 0; n--) {
    const field = path.slice(0, n).join('.');
    if (Object.hasOwn(FLAG_OF, field)) return FLAG_OF[field] as string;
  }
  return `--${path.join('.')}`;
}

/**
 * The `Fail` of a config from `where`: an InvalidConfigError naming the
 * flag (`Invalid --trials: ...`) or the config field and the file
 * (`Invalid config field training.steps in run.json: ...`).
 */
function configFail(where: string): Fail {
  return (path, expected, received) => {
    const name = where === 'flags' ? flagOf(path) : `config field ${path.join('.') || '(root)'} in ${where}`;
    throw new InvalidConfigError(`Invalid ${name}: expected ${expected}, received ${describeValue(received)}`, {
      path,
      expected,
      received,
    });
  };
}

/**
 * Validates `input` against the schema: unknown keys, wrong types and values
 * out of bounds are refused, the first one found named.
 * @param where - `'flags'` or the config file path, for messages.
 * @throws InvalidConfigError naming the flag or field, with `path`, `expected` and `received`.
 */
export function validateConfig(input: unknown, where: string): SearchConfig {
  return searchConfigSchema.parse(input, [], configFail(where));
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
  for (const key of ['training', ...SECTION_NAMES] as const) {
    if (file[key] !== undefined && flags[key] !== undefined) merged[key] = { ...file[key], ...flags[key] };
  }
  return merged as SearchConfig;
}

function resolveTraining(t: NonNullable<SearchConfig['training']>): ResolvedTraining {
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

/** `promotion` needs a pruner (it says how the pruner's rungs promote), and `model` the surrogate's model. */
function checkPromotion(promotion: SearchConfig['promotion'], pruner: string, controller: string): void {
  if (promotion !== undefined && pruner === 'none')
    conflict('promotion', `says how a pruner's rungs promote trials; give a --pruner other than none`);
  if (promotion === 'model' && controller !== 'surrogate')
    conflict(
      'promotion',
      `model ranks a rung by the surrogate's predictions; it needs --controller surrogate, the controller is ${JSON.stringify(controller)}`,
    );
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
  for (const key of ['data', 'dataFingerprint', 'evaluator', 'pruner', 'promotion', 'zeroCostProxy', 'supernet'] as const) {
    if (tabular && config[key] !== undefined) conflict(key, 'does not apply to a tabular benchmark (it has recorded accuracies)');
  }
  const evaluator = config.evaluator ?? (tabular ? 'proxy' : DEFAULT_RUN.evaluator);
  const pruner = config.pruner ?? (tabular || evaluator !== 'proxy' ? 'none' : DEFAULT_RUN.pruner);
  if (pruner !== 'none' && evaluator !== 'proxy')
    conflict('pruner', `stops proxy training early; it does not apply to --evaluator ${evaluator}`);
  checkPromotion(config.promotion, pruner, config.controller ?? 'ppo');
  if (config.zeroCostProxy !== undefined && evaluator !== 'zero-cost')
    conflict('zeroCostProxy', `only applies to --evaluator zero-cost, the evaluator is ${JSON.stringify(evaluator)}`);
  if (evaluator === 'supernet' && config.supernet === undefined)
    conflict('supernet', 'missing: --evaluator supernet needs the folder of a saved supernet (see docs/supernet.md)');
  if (config.supernet !== undefined && evaluator !== 'supernet')
    conflict('supernet', `only applies to --evaluator supernet, the evaluator is ${JSON.stringify(evaluator)}`);
  const baselines = config.baselines === undefined ? (tabular ? [] : [...DEFAULT_BASELINES]) : parseBaselines(config.baselines);
  if (tabular && baselines.length > 0)
    conflict('baselines', 'baselines are networks; a tabular benchmark has only its own cells (use none)');
  for (const section of SECTION_NAMES) {
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
    promotion: config.promotion,
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

/**
 * Builds the roles of a search (space, controller, evaluator, measurer,
 * reward) from a resolved CLI config, through the public API only.
 *
 * @module
 */

import * as tf from '../tfjs.js';
import * as api from '../index.js';
import type { AccuracyEvaluator, Architecture, Controller, HasDecisions, LatencyMeasurer, RewardFunction, SearchSpace } from '../index.js';
import type { ResolvedSearchConfig } from './config.js';
import { type CliData, loadRecordedData, trainerData } from './data.js';
import { mnistSpaceOptions } from './defaults.js';
import {
  type MeasurerSections,
  androidMeasurerOptions,
  browserMeasurerOptions,
  ortMeasurerOptions,
  wasmMeasurerOptions,
} from './measurer-config.js';

/** The roles of one search, plus how to release them. */
export interface SearchRoles<T> {
  readonly space: SearchSpace<T>;
  readonly controller: Controller;
  readonly evaluator: AccuracyEvaluator<T>;
  readonly measurer: LatencyMeasurer<T>;
  readonly reward: RewardFunction;
  /** What the cost axis is (`latency ms`, `MFLOPs`...). */
  readonly costLabel: string;
  /** The pruner of `--pruner`, when not `none`. */
  readonly pruner?: api.Pruner;
  close(): Promise<void>;
}

/**
 * A controller by its CLI name, seeded. `features` are the free features of
 * a candidate (analytic cost, a table's latency) that `surrogate` reads.
 */
export function makeController(
  name: ResolvedSearchConfig['controller'],
  space: HasDecisions,
  seed: number,
  features?: (tokens: readonly number[]) => readonly number[],
): Controller {
  switch (name) {
    case 'surrogate':
      return new api.SurrogateController(space, { seed, ...(features === undefined ? {} : { features }) });
    case 'ppo':
      return new api.PpoController(space, { seed });
    case 'reinforce':
      return new api.ReinforceController(space, { seed });
    case 'evolution':
      return new api.EvolutionController(space, { seed });
    case 'random':
      return new api.RandomController(space, { seed });
    case 'nsga2':
      return new api.NsgaIIController(space, { seed, directions: ['maximize', 'minimize'] });
  }
}

/**
 * A measurer of architectures by its CLI name. `android`, `browser`, `ort`
 * and `wasm` take their options from the config sections of the same names;
 * without them the defaults (`android`: adb on the PATH, the only connected
 * device; `browser`: Debian's Chromium, tfjs WASM in the page; `ort`:
 * onnxruntime-node on the CPU, one thread; `wasm`: CPU clock, raw times).
 *
 * A section's `repeats` above 1 wraps the measurer in `repeatedMeasurer`:
 * each measurement the median of that many fresh measurers. (Pin a
 * calibrated duet reference first, `pinDuetReferenceAhead`, or each fresh
 * measurer calibrates its own.)
 *
 * @throws InvalidOptionsError when a section holds a value the measurer rejects.
 */
export function makeMeasurer(name: ResolvedSearchConfig['measurer'], seed = 0, sections: MeasurerSections = {}): LatencyMeasurer {
  switch (name) {
    case 'wasm':
      return repeated(sections.wasm?.repeats, () => new api.WasmLatencyMeasurer(wasmMeasurerOptions(sections.wasm, seed)));
    case 'macs':
      return api.macsProxy();
    case 'browser':
      return repeated(sections.browser?.repeats, () => new api.BrowserLatencyMeasurer(browserMeasurerOptions(sections.browser, seed)));
    case 'ort':
      return repeated(sections.ort?.repeats, () => new api.OrtLatencyMeasurer(ortMeasurerOptions(sections.ort, seed)));
    case 'android':
      return new api.AndroidLatencyMeasurer(androidMeasurerOptions(sections.android, seed));
    case 'table':
      throw new api.InvalidConfigError('Invalid --measurer: table needs a tabular benchmark (--benchmark)', { path: ['measurer'] });
  }
}

/** `create()`, or for `repeats` above 1 a `repeatedMeasurer` of fresh ones. */
function repeated(repeats: number | undefined, create: () => LatencyMeasurer): LatencyMeasurer {
  return repeats === undefined || repeats === 1 ? create() : api.repeatedMeasurer(create, { repeats });
}

function makeReward(config: ResolvedSearchConfig): RewardFunction {
  const exponents = config.reward === 'hard' ? api.HARD_CONSTRAINT : api.SOFT_CONSTRAINT;
  const targetMs = config.targetMs;
  const fn: RewardFunction = (m) => api.mnasReward({ accuracy: m.accuracy, latencyMs: m.latencyMs as number }, { targetMs, ...exponents });
  Object.defineProperty(fn, 'name', { value: `mnas-${config.reward}(targetMs=${targetMs})` });
  return fn;
}

/** True when the run's wasm measurer uses duet timing: its latencies are on the reference's scale, and the report says so. */
function duetTiming(config: ResolvedSearchConfig): boolean {
  const reference = config.measurer === 'wasm' ? config.wasm?.reference : undefined;
  return reference !== undefined && reference !== false;
}

/** Makes the tfjs WASM backend the active one (training and export run on it). */
export async function useWasmBackend(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend failed to initialize');
}

/**
 * The ProxyTrainer options of the default run's evaluator (the data of
 * `--data`, on the tfjs WASM backend); the export after a search trains with
 * them too, for more steps.
 */
export function proxyTrainerOptions(config: ResolvedSearchConfig, data: CliData): api.ProxyTrainerOptions {
  const t = config.training;
  return {
    ...trainerData(data),
    trainSize: t.trainSize,
    validationSize: t.validationSize,
    ...(t.steps === undefined ? { epochs: t.epochs } : { steps: t.steps }),
    batchSize: t.batchSize,
    learningRate: t.learningRate,
    optimizer: t.optimizer,
    seed: config.seed,
    backend: 'wasm',
  };
}

/** Steps of a pruned proxy training when `training.steps` is not given: the most a surviving trial trains. */
export const PRUNED_TRAINING_STEPS = 256;

/**
 * The pruner of `--pruner`: rungs from an eighth of the trial's steps,
 * halving at each (reduction factor 2), so the checkpoints the trainer
 * reports and the rungs agree.
 */
export function makePruner(config: ResolvedSearchConfig): { pruner: api.Pruner; steps: number } | undefined {
  if (config.pruner === 'none') return undefined;
  const steps = config.training.steps ?? PRUNED_TRAINING_STEPS;
  const options = { minResource: Math.max(1, Math.floor(steps / 8)), reductionFactor: 2, maxResource: steps };
  const pruner = config.pruner === 'asha' ? new api.SuccessiveHalvingPruner(options) : new api.HyperbandPruner(options);
  return { pruner, steps };
}

/**
 * How the pruner of `--pruner` promotes trials: by the surrogate's model with
 * `--controller surrogate` (`promotion: 'model'`), by the observed values
 * otherwise. A resumed journal keeps the promotion it was started with
 * (journals from before promotion by the model promote by the values).
 */
export function prunerPromotion(config: ResolvedSearchConfig, journaled?: api.JournalHeader): 'observed' | 'model' {
  if (journaled !== undefined) return journaled.pruner?.promotion === 'model' ? 'model' : 'observed';
  return config.controller === 'surrogate' && config.pruner !== 'none' ? 'model' : 'observed';
}

/** The evaluator of `--evaluator` on the default space (proxy training, a zero-cost proxy or a supernet), on the tfjs WASM backend. */
async function makeEvaluator(
  config: ResolvedSearchConfig,
  pruned: ReturnType<typeof makePruner>,
  data: CliData,
): Promise<AccuracyEvaluator<Architecture>> {
  await useWasmBackend();
  if (config.evaluator === 'zero-cost') {
    // A batch of 64 images, or all the training images of a smaller folder.
    const dataset = data.source.dataset;
    const batchSize = typeof dataset === 'object' ? Math.min(64, dataset.count) : 64;
    return new api.ZeroCostEvaluator({ proxy: config.zeroCostProxy, dataset, batchSize, seed: config.seed });
  }
  if (config.evaluator === 'supernet') {
    const dir = config.supernet as string;
    let supernet: api.Supernet;
    try {
      supernet = await api.Supernet.load(dir, { space: defaultSpace(data) });
    } catch (cause) {
      throw new api.InvalidConfigError(
        `Invalid --supernet ${JSON.stringify(dir)}: ${cause instanceof Error ? cause.message : String(cause)} (it must be a folder saved by Supernet.save for this space: input ${data.inputShape.join(' x ')}, ${data.classNames.length} classes)`,
        { path: ['supernet'], cause },
      );
    }
    const t = config.training;
    return new api.SupernetEvaluator({
      supernet,
      ...trainerData(data),
      trainSize: t.trainSize,
      validationSize: t.validationSize,
      seed: config.seed,
    });
  }
  const options = proxyTrainerOptions(config, data);
  if (pruned === undefined) return new api.ProxyTrainer(options);
  const { epochs: _epochs, ...rest } = options as api.ProxyTrainerOptions & { epochs?: number };
  return new api.ProxyTrainer({ ...rest, steps: pruned.steps, checkpoints: pruned.pruner.rungSteps(pruned.steps) });
}

/**
 * The evaluator of the search `config` describes, and a validator of the
 * values it takes (a distributed worker checks each job's value with it):
 * a benchmark's cells, or any valid Architecture (baselines are outside the space).
 */
export async function buildEvaluatorRoles(
  config: ResolvedSearchConfig,
): Promise<{ evaluator: AccuracyEvaluator<unknown>; validate: (value: unknown) => unknown }> {
  const inSpace =
    <T>(space: SearchSpace<T>) =>
    (value: unknown): T =>
      space.decode(space.encode(value as T));
  if (config.benchmark === 'nas-bench-201') {
    const bench = api.loadNasBench201();
    return { evaluator: bench.evaluator({ dataset: config.dataset }) as AccuracyEvaluator<unknown>, validate: inSpace(bench.space) };
  }
  if (config.benchmark === 'nas-bench-macro') {
    const bench = api.loadNasBenchMacro();
    return { evaluator: bench.evaluator() as AccuracyEvaluator<unknown>, validate: inSpace(bench.space as SearchSpace<unknown>) };
  }
  const validate = (value: unknown): Architecture => {
    api.assertArchitecture(value);
    return value;
  };
  const data = loadRecordedData(config, config.dataFingerprint, "the search's recipe names");
  return { evaluator: (await makeEvaluator(config, undefined, data)) as AccuracyEvaluator<unknown>, validate };
}

/**
 * The objectives of the search `config` describes: with `--controller nsga2`,
 * accuracy (maximized) and the cost (minimized), and under the hard reward the
 * target as a constraint (violation: how far above it, relative); none otherwise.
 */
export function searchObjectives(config: ResolvedSearchConfig): Pick<api.SearchOptions<unknown>, 'objectives' | 'constraint'> {
  // The surrogate under the hard reward learns from the violation which candidates break the target.
  if (config.controller !== 'nsga2' && !(config.controller === 'surrogate' && config.reward === 'hard')) return {};
  const target = config.targetMs;
  return {
    objectives: [
      { name: 'accuracy', direction: 'maximize' },
      { name: 'latencyMs', direction: 'minimize' },
    ],
    ...(config.reward === 'hard' ? { constraint: (m: api.TrialMetrics) => Math.max(0, (m.latencyMs as number) / target - 1) } : {}),
  };
}

/** The default space for the data: its input shape (`--input-size`, the data's channels) and classes. */
export function defaultSpace(data: CliData): api.FactorizedSpaceOptions {
  return mnistSpaceOptions(data.inputShape[0], data.inputShape[2], data.classNames.length);
}

/**
 * Builds every role of the search `config` describes.
 * @param data - the data of `--data` (`loadCliData`); unused by a tabular benchmark.
 */
export async function buildRoles(config: ResolvedSearchConfig, data: CliData): Promise<SearchRoles<unknown>> {
  const reward = makeReward(config);
  if (config.benchmark === 'nas-bench-201') {
    const bench = api.loadNasBench201();
    return {
      space: bench.space,
      controller: makeController(config.controller, bench.space, config.seed, (t) => {
        const ms = bench.latencyMs(bench.space.decode(t), config.device);
        return ms === undefined ? [0, 0] : [Math.log(ms), 1];
      }),
      evaluator: bench.evaluator({ dataset: config.dataset }),
      measurer: api.benchmarkLatency(bench, config.device),
      reward,
      costLabel: `${config.device} latency (ms)`,
      close: async () => undefined,
    } as SearchRoles<unknown>;
  }
  if (config.benchmark === 'nas-bench-macro') {
    const bench = api.loadNasBenchMacro();
    const space = bench.space;
    return {
      space,
      controller: makeController(config.controller, space, config.seed, (t) => [Math.log(bench.flops(space.decode(t)))]),
      evaluator: bench.evaluator(),
      measurer: api.tableLatency({
        platform: { name: 'nas-bench-macro-flops', backend: 'table' },
        latencyMs: (v: never) => bench.flops(v) / 1e6,
      }),
      reward,
      costLabel: 'MFLOPs',
      close: async () => undefined,
    } as SearchRoles<unknown>;
  }
  const space: SearchSpace<Architecture> = api.factorizedSpace(defaultSpace(data));
  const measurer = makeMeasurer(config.measurer, config.seed, config);
  const pruned = makePruner(config);
  return {
    space,
    controller: makeController(config.controller, space, config.seed, api.analyticFeatures(space)),
    evaluator: await makeEvaluator(config, pruned, data),
    ...(pruned === undefined ? {} : { pruner: pruned.pruner }),
    measurer,
    reward,
    costLabel: config.measurer === 'macs' ? 'MMACs' : `${config.measurer} latency (ms${duetTiming(config) ? ', duet timing' : ''})`,
    close: async () => {
      await measurer.close?.();
    },
  } as SearchRoles<unknown>;
}

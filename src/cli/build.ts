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
import { makePruner, proxyTrainerOptions } from './proxy-training.js';
import { type MeasurerSections, measurerOptions, sectionRepeats } from './measurer-config.js';

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
 * A controller by its CLI name (an entry of `controllers`), seeded.
 * `features` are the free features of a candidate (analytic cost, a
 * table's latency) that `surrogate` reads; a multi-objective controller
 * (`nsga2`) ranks accuracy (maximized) against the cost (minimized).
 */
export function makeController(
  name: string,
  space: HasDecisions,
  seed: number,
  features?: (tokens: readonly number[]) => readonly number[],
): Controller {
  const entry = api.controllers.get(name);
  return entry.create(entry.resolveOptions({}), {
    space,
    seed,
    directions: ['maximize', 'minimize'],
    ...(features === undefined ? {} : { features }),
  });
}

/**
 * A measurer of architectures by its CLI name (an entry of
 * `latencyMeasurers`). A measurer with a config section (`android`,
 * `browser`, `ort`, `wasm`) takes its options from it; without one, its
 * defaults (`android`: adb on the PATH, the only connected device;
 * `browser`: Debian's Chromium, tfjs WASM in the page; `ort`:
 * onnxruntime-node on the CPU, one thread; `wasm`: CPU clock, raw times).
 * `table` reads `recorded` (a tabular benchmark's latencies).
 *
 * A section's `repeats` above 1 wraps the measurer in `repeatedMeasurer`:
 * each measurement the median of that many fresh measurers. (Pin a
 * calibrated duet reference first, `pinDuetReferenceAhead`, or each fresh
 * measurer calibrates its own.)
 *
 * @throws InvalidOptionsError when a section holds a value the measurer
 *   rejects; InvalidConfigError for `table` without recorded latencies.
 */
export function makeMeasurer(
  name: string,
  seed = 0,
  sections: MeasurerSections = {},
  recorded?: api.TableLatencyOptions<unknown>,
): LatencyMeasurer {
  const entry = api.latencyMeasurers.get(name);
  if (entry.source === 'recorded' && recorded === undefined)
    throw new api.InvalidConfigError(`Invalid --measurer: ${name} needs a tabular benchmark (--benchmark)`, { path: ['measurer'] });
  const options = entry.resolveOptions(measurerOptions(name, sections, seed));
  const create = (): LatencyMeasurer => entry.create(options, { seed, ...(recorded === undefined ? {} : { recorded }) });
  const repeats = sectionRepeats(name, sections);
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
 * How the pruner of `--pruner` promotes trials: as `--promotion` says, or by
 * default by the surrogate's model with `--controller surrogate`
 * (`promotion: 'model'`) and by the observed values otherwise. A resumed
 * journal keeps the promotion it was started with (journals from before
 * promotion by the model promote by the values).
 * @throws InvalidConfigError naming `--promotion` when it differs from the resumed journal's.
 */
export function prunerPromotion(config: ResolvedSearchConfig, journaled?: api.JournalHeader): 'observed' | 'model' {
  if (journaled === undefined)
    return config.promotion ?? (config.controller === 'surrogate' && config.pruner !== 'none' ? 'model' : 'observed');
  const kept = journaled.pruner?.promotion === 'model' ? 'model' : 'observed';
  if (config.promotion !== undefined && config.promotion !== kept) {
    throw new api.InvalidConfigError(
      `Invalid --promotion: ${JSON.stringify(config.promotion)} differs from ${JSON.stringify(kept)} in the journal being resumed`,
      {
        path: ['promotion'],
      },
    );
  }
  return kept;
}

/**
 * The options of each `--evaluator` (an entry of the `evaluators` registry)
 * taken from the config and the data: what the CLI's flags mean to it.
 */
export const EVALUATOR_OPTIONS: Readonly<
  Record<string, (config: ResolvedSearchConfig, pruned: ReturnType<typeof makePruner>, data: CliData) => Promise<unknown>>
> = {
  proxy: async (config, pruned, data) => {
    const options = proxyTrainerOptions(config, data);
    if (pruned === undefined) return options;
    const { epochs: _epochs, ...rest } = options as api.ProxyTrainerOptions & { epochs?: number };
    return { ...rest, steps: pruned.steps, checkpoints: pruned.pruner.rungSteps(pruned.steps) };
  },
  'zero-cost': async (config, _pruned, data) => {
    // A batch of 64 images, or all the training images of a smaller folder.
    const dataset = data.source.dataset;
    const batchSize = typeof dataset === 'object' ? Math.min(64, dataset.count) : 64;
    return { proxy: config.zeroCostProxy, dataset, batchSize, seed: config.seed };
  },
  supernet: async (config, _pruned, data) => {
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
    return { supernet, ...trainerData(data), trainSize: t.trainSize, validationSize: t.validationSize, seed: config.seed };
  },
};

/** The evaluator of `--evaluator` on the default space (an entry of `evaluators`: proxy training, a zero-cost proxy, a supernet), on the tfjs WASM backend. */
async function makeEvaluator(
  config: ResolvedSearchConfig,
  pruned: ReturnType<typeof makePruner>,
  data: CliData,
): Promise<AccuracyEvaluator<Architecture>> {
  await useWasmBackend();
  const entry = api.evaluators.get(config.evaluator);
  const options = EVALUATOR_OPTIONS[entry.name];
  if (options === undefined)
    throw new api.InvalidConfigError(`Invalid --evaluator: ${entry.name} cannot be configured from the command line`, {
      path: ['evaluator'],
    });
  return entry.create(entry.resolveOptions(await options(config, pruned, data)), undefined);
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
  return api.defaultSpaceOptions({
    inputSize: data.inputShape[0],
    channels: data.inputShape[2] as 1 | 3,
    numClasses: data.classNames.length,
  });
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
      measurer: makeMeasurer(
        config.measurer,
        config.seed,
        {},
        {
          platform: config.device,
          latencyMs: (v) => bench.latencyMs(v as never, config.device),
        },
      ),
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
      measurer: makeMeasurer(
        config.measurer,
        config.seed,
        {},
        {
          platform: { name: 'nas-bench-macro-flops', backend: 'table' },
          latencyMs: (v) => bench.flops(v as never) / 1e6,
        },
      ),
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

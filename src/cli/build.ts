/**
 * Builds the roles of a search (space, controller, evaluator, measurer,
 * reward) from a resolved CLI config, through the public API only.
 *
 * @module
 */

import * as tf from '@tensorflow/tfjs';
import * as api from '../index.js';
import type { AccuracyEvaluator, Architecture, Controller, HasDecisions, LatencyMeasurer, RewardFunction, SearchSpace } from '../index.js';
import type { ResolvedSearchConfig } from './config.js';
import { mnistSpaceOptions } from './defaults.js';

/** The roles of one search, plus how to release them. */
export interface SearchRoles<T> {
  readonly space: SearchSpace<T>;
  readonly controller: Controller;
  readonly evaluator: AccuracyEvaluator<T>;
  readonly measurer: LatencyMeasurer<T>;
  readonly reward: RewardFunction;
  /** What the cost axis is (`latency ms`, `MFLOPs`...). */
  readonly costLabel: string;
  close(): Promise<void>;
}

type Ctor<A extends unknown[], R> = new (...args: A) => R;

/** A public export that may not exist in this build (optional platforms). */
function optionalExport<C>(name: string, what: string): C {
  const value = (api as Record<string, unknown>)[name];
  if (value === undefined) throw new api.InvalidConfigError(`${what} is not available in this build of mnas-ts (no ${name} export)`, { path: [name] });
  return value as C;
}

/** A controller by its CLI name, seeded. */
export function makeController(name: ResolvedSearchConfig['controller'], space: HasDecisions, seed: number): Controller {
  const classes = { ppo: 'PpoController', reinforce: 'ReinforceController', evolution: 'EvolutionController', random: 'RandomController' } as const;
  const C = optionalExport<Ctor<[HasDecisions, { seed: number }], Controller>>(classes[name], `--controller ${name}`);
  return new C(space, { seed });
}

/** A measurer of architectures by its CLI name. */
export function makeMeasurer(name: ResolvedSearchConfig['measurer'], seed = 0): LatencyMeasurer {
  switch (name) {
    case 'wasm':
      return new api.WasmLatencyMeasurer({ seed });
    case 'macs':
      return api.macsProxy();
    case 'browser':
      return new (optionalExport<Ctor<[object], LatencyMeasurer>>('BrowserLatencyMeasurer', '--measurer browser'))({});
    case 'android':
      return new (optionalExport<Ctor<[object], LatencyMeasurer>>('AndroidLatencyMeasurer', '--measurer android'))({});
    case 'table':
      throw new api.InvalidConfigError('Invalid --measurer: table needs a tabular benchmark (--benchmark)', { path: ['measurer'] });
  }
}

function makeReward(config: ResolvedSearchConfig): RewardFunction {
  const exponents = config.reward === 'hard' ? api.HARD_CONSTRAINT : api.SOFT_CONSTRAINT;
  const targetMs = config.targetMs;
  const fn: RewardFunction = (m) => api.mnasReward({ accuracy: m.accuracy, latencyMs: m.latencyMs as number }, { targetMs, ...exponents });
  Object.defineProperty(fn, 'name', { value: `mnas-${config.reward}(targetMs=${targetMs})` });
  return fn;
}

/** Makes the tfjs WASM backend the active one (training and export run on it). */
export async function useWasmBackend(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend failed to initialize');
}

/** The evaluator of the default run: proxy training on MNIST, on the tfjs WASM backend. */
async function makeProxyEvaluator(config: ResolvedSearchConfig): Promise<AccuracyEvaluator> {
  await useWasmBackend();
  const t = config.training;
  return new api.ProxyTrainer({
    dataset: 'mnist',
    trainSize: t.trainSize,
    validationSize: t.validationSize,
    ...(t.steps === undefined ? { epochs: t.epochs } : { steps: t.steps }),
    batchSize: t.batchSize,
    learningRate: t.learningRate,
    optimizer: t.optimizer,
    seed: config.seed,
    backend: 'wasm',
  });
}

/** Builds every role of the search `config` describes. */
export async function buildRoles(config: ResolvedSearchConfig): Promise<SearchRoles<unknown>> {
  const reward = makeReward(config);
  if (config.benchmark === 'nas-bench-201') {
    const bench = api.loadNasBench201();
    return {
      space: bench.space,
      controller: makeController(config.controller, bench.space, config.seed),
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
      controller: makeController(config.controller, space, config.seed),
      evaluator: bench.evaluator(),
      measurer: api.tableLatency({ platform: { name: 'nas-bench-macro-flops', backend: 'table' }, latencyMs: (v: never) => bench.flops(v) / 1e6 }),
      reward,
      costLabel: 'MFLOPs',
      close: async () => undefined,
    } as SearchRoles<unknown>;
  }
  const space: SearchSpace<Architecture> = api.factorizedSpace(mnistSpaceOptions(config.inputSize));
  const measurer = makeMeasurer(config.measurer, config.seed);
  return {
    space,
    controller: makeController(config.controller, space, config.seed),
    evaluator: await makeProxyEvaluator(config),
    measurer,
    reward,
    costLabel: config.measurer === 'macs' ? 'MMACs' : `${config.measurer} latency (ms)`,
    close: async () => {
      await measurer.close?.();
    },
  } as SearchRoles<unknown>;
}

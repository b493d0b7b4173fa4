/**
 * The accuracy evaluators of architectures by name: what `--evaluator` of
 * `mnas-ts search` offers. The contract suite
 * (`test/evaluate/evaluator-contract.ts`) runs over every entry.
 *
 * @module
 */

import { type ReadonlyRegistry, type RegistryEntry, readonlyRegistry } from '../registry.js';
import type { Architecture } from '../space/types.js';
import { ProxyTrainer } from './proxy-trainer.js';
import { type ProxyTrainerOptions, resolveProxyTrainerOptions } from './proxy-trainer-options.js';
import { SupernetEvaluator, type SupernetEvaluatorOptions, resolveSupernetEvaluatorOptions } from './supernet/supernet-evaluator.js';
import type { AccuracyEvaluator } from './types.js';
import { ZeroCostEvaluator } from './zero-cost/zero-cost-evaluator.js';
import { type ZeroCostOptions, resolveZeroCostOptions } from './zero-cost/zero-cost-options.js';

/**
 * One evaluator of architectures, as the registry holds it: `resolveOptions`
 * takes the options of its class (`ProxyTrainerOptions`,
 * `ZeroCostOptions`, `SupernetEvaluatorOptions`) and `create` takes what
 * `resolveOptions` returned.
 */
export type EvaluatorEntry = RegistryEntry<unknown, AccuracyEvaluator<Architecture>>;

/** An entry typed by its resolved options, seen through {@link EvaluatorEntry}. */
function evaluator<Resolved>(entry: RegistryEntry<Resolved, AccuracyEvaluator<Architecture>>): EvaluatorEntry {
  return { ...entry, create: (options) => entry.create(options as Resolved, undefined) };
}

const BUILT_IN: readonly EvaluatorEntry[] = [
  evaluator({
    name: 'proxy',
    description: 'trains the network briefly (MNIST, Fashion-MNIST or your images) and reports its validation accuracy (ProxyTrainer)',
    resolveOptions: (options) => resolveProxyTrainerOptions(options as ProxyTrainerOptions),
    // The resolved options are valid options: the trainer resolves them to themselves.
    create: (options) => new ProxyTrainer(options as ProxyTrainerOptions),
  }),
  evaluator({
    name: 'zero-cost',
    description:
      'scores the untrained network with a zero-cost proxy in a fraction of a second; accuracy is the squashed score (ZeroCostEvaluator)',
    resolveOptions: (options) => resolveZeroCostOptions(options as ZeroCostOptions),
    create: (options) => new ZeroCostEvaluator(options),
  }),
  evaluator({
    name: 'supernet',
    description:
      'validation accuracy of the subnet with the weights it inherits from a trained weight-sharing supernet (SupernetEvaluator)',
    resolveOptions: (options) => resolveSupernetEvaluatorOptions(options as SupernetEvaluatorOptions),
    create: ({ supernet, calibrationBatches, calibrationBatchSize, data }) =>
      new SupernetEvaluator({
        supernet,
        calibrationBatches,
        calibrationBatchSize,
        dataset: data.dataset,
        validationSize: data.validationSize,
        trainSize: data.trainSize,
        seed: data.seed,
        evalBatchSize: data.evalBatchSize,
        ...(data.validation === undefined ? {} : { validation: data.validation }),
        ...(data.backend === undefined ? {} : { backend: data.backend }),
      }),
  }),
];

/**
 * The built-in evaluators of architectures: `proxy` (training), `zero-cost`
 * and `supernet`. Tabular benchmarks score their own cells with their
 * `evaluator()` (`loadNasBench201().evaluator({ dataset })`).
 *
 * @example
 * const entry = evaluators.get('zero-cost');
 * const evaluator = entry.create(entry.resolveOptions({ proxy: 'snip', seed: 1 }), undefined);
 * const { accuracy } = await evaluator.evaluate(arch);
 */
export const evaluators: ReadonlyRegistry<EvaluatorEntry> = readonlyRegistry('evaluator', BUILT_IN);

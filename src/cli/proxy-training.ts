/**
 * The default run's proxy training as the CLI configures it: the trainer's
 * options from the config and the data, and the pruner of `--pruner`.
 *
 * @module
 */

import type * as api from '../index.js';
import { pruners } from '../index.js';
import type { ResolvedSearchConfig } from './config.js';
import { type CliData, trainerData } from './data.js';

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
  const entry = pruners.get(config.pruner);
  const pruner = entry.create(entry.resolveOptions(options), undefined);
  return { pruner, steps };
}

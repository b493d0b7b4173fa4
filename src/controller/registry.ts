/**
 * The controllers mnas-ts ships, by name (`controllers`), and the controller
 * wrappers (`controllerWrappers`): what the CLI's `--controller` offers, and
 * what the controller contract suite runs over.
 *
 * @module
 */

import { type ReadonlyRegistry, type RegistryEntry, optionsObject, readonlyRegistry } from '../registry.js';
import type { Direction } from '../reward/types.js';
import { type BaseControllerOptions, resolveBaseControllerOptions } from './base-controller.js';
import { EvolutionController, type EvolutionControllerOptions, resolveEvolutionOptions } from './evolution-controller.js';
import { NsgaIIController, type NsgaIIControllerOptions, resolveNsgaIIOptions } from './nsga2-controller.js';
import { PpoController, type PpoControllerOptions, resolvePpoOptions } from './ppo-controller.js';
import { PrefilterController, resolvePrefilterOptions } from './prefilter-controller.js';
import { RandomController, type RandomControllerOptions, checkRandomOptions } from './random-controller.js';
import { ReinforceController, type ReinforceControllerOptions, resolveReinforceOptions } from './reinforce-controller.js';
import { SurrogateController, type SurrogateControllerOptions } from './surrogate-controller.js';
import { resolveSurrogateOptions } from './surrogate/options.js';
import type { Controller, HasDecisions } from './types.js';

/** What a search gives a controller beside its options. */
export interface ControllerContext {
  /** The decisions the controller proposes tokens for. */
  readonly space: HasDecisions;
  /** Seed of the controller's RNG, unless its options give one. @defaultValue `0` */
  readonly seed?: number | string;
  /** Free features of a candidate, such as `analyticFeatures(space)` (the surrogate reads them). */
  readonly features?: (tokens: readonly number[]) => readonly number[];
  /** Directions of the search's objectives, when it has several (NSGA-II ranks by them). */
  readonly directions?: readonly Direction[];
}

/**
 * A registered controller: `resolveOptions` runs the controller's own checks
 * (those its constructor runs) and returns the options as given; `create`
 * builds it on the context's space, seeded with the context's seed unless
 * the options hold one.
 */
export type ControllerEntry = RegistryEntry<object, Controller, ControllerContext>;

/** What a controller wrapper is given beside its options: the controller it wraps and the cheap score of a token list. */
export interface ControllerWrapperContext {
  readonly controller: Controller;
  readonly score: (tokens: readonly number[]) => number;
}

/** A registered controller wrapper (a controller made of another one). */
export type ControllerWrapperEntry = RegistryEntry<object, Controller, ControllerWrapperContext>;

/** An entry of a controller of options `O`, built by `make`, checked by the base checks and `check`. */
function controller<O extends BaseControllerOptions>(
  name: string,
  description: string,
  check: (options: O) => unknown,
  make: (space: HasDecisions, options: O, context: ControllerContext) => Controller,
): ControllerEntry {
  return {
    name,
    description,
    resolveOptions: (value) => {
      const options = optionsObject(value, `${name} controller`) as O;
      resolveBaseControllerOptions(options);
      check(options);
      return options;
    },
    create: (options, context) =>
      make(context.space, { ...(context.seed === undefined ? {} : { seed: context.seed }), ...(options as O) }, context),
  };
}

/** The controllers mnas-ts ships, in the order the CLI lists them. Read-only. */
export const controllers: ReadonlyRegistry<ControllerEntry> = readonlyRegistry<ControllerEntry>('controller', [
  controller<PpoControllerOptions>(
    'ppo',
    'an LSTM policy trained with PPO, as in MnasNet',
    resolvePpoOptions,
    (space, options) => new PpoController(space, options),
  ),
  controller<ReinforceControllerOptions>(
    'reinforce',
    'an LSTM policy trained with REINFORCE, as in NASNet',
    resolveReinforceOptions,
    (space, options) => new ReinforceController(space, options),
  ),
  controller<EvolutionControllerOptions>(
    'evolution',
    'regularized (aging) evolution',
    resolveEvolutionOptions,
    (space, options) => new EvolutionController(space, options),
  ),
  controller<RandomControllerOptions>(
    'random',
    'uniform random search',
    checkRandomOptions,
    (space, options) => new RandomController(space, options),
  ),
  controller<NsgaIIControllerOptions>(
    'nsga2',
    'multi-objective, the Pareto front of accuracy and cost',
    resolveNsgaIIOptions,
    (space, options, { directions }) => new NsgaIIController(space, { ...(directions === undefined ? {} : { directions }), ...options }),
  ),
  controller<SurrogateControllerOptions>(
    'surrogate',
    'a model of the reward fitted on every trial',
    resolveSurrogateOptions,
    (space, options, { features }) => new SurrogateController(space, { ...(features === undefined ? {} : { features }), ...options }),
  ),
]);

/** The controller wrappers mnas-ts ships. Read-only. */
export const controllerWrappers: ReadonlyRegistry<ControllerWrapperEntry> = readonlyRegistry<ControllerWrapperEntry>('controller wrapper', [
  {
    name: 'prefilter',
    description: 'draws several proposals of the wrapped controller and passes on the best by a cheap score',
    resolveOptions: (value) => {
      const options = optionsObject(value, 'prefilter controller wrapper');
      resolvePrefilterOptions(options);
      return options;
    },
    create: (options, { controller, score }) => new PrefilterController(controller, { ...options, score }),
  },
]);

/**
 * `mnas-ts/controller`: Controllers, browser-safe: the ask/tell contract and the built-in strategies (the LSTM policy is plain JavaScript with a WebAssembly kernel, no tfjs). No Node built-ins.
 *
 * @module mnas-ts/controller
 */

// Controllers: the ask/tell contract and the built-in strategies (and what their subclasses see).
export {
  BaseController,
  EvolutionController,
  LstmPolicy,
  PolicyController,
  PpoController,
  RandomController,
  ReinforceController,
  type BaseControllerOptions,
  type BatchCache,
  type Controller,
  type EvolutionControllerOptions,
  type FinishedTrial,
  type HasDecisions,
  type LstmPolicyShape,
  type Outcome,
  type PolicyBatch,
  type PolicyControllerOptions,
  type PolicyGradients,
  type PolicyLoss,
  type PolicyRecipe,
  type PpoControllerOptions,
  type Proposal,
  type RandomControllerOptions,
  type ReinforceControllerOptions,
  type ResolvedPolicyOptions,
  type SampleRecord,
} from '../controller/index.js';
export { NsgaIIController, type NsgaIIControllerOptions, type OutcomeVector } from '../controller/index.js';
export { PrefilterController, type PrefilterOptions } from '../controller/index.js';
export { SurrogateController, type SurrogateControllerOptions, type SurrogateOptions } from '../controller/index.js';
// The registries: every controller and controller wrapper by name (what the CLI offers and the contract suite runs).
export {
  controllerWrappers,
  controllers,
  type ControllerContext,
  type ControllerEntry,
  type ControllerWrapperContext,
  type ControllerWrapperEntry,
} from '../controller/index.js';

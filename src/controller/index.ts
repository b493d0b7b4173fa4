// Public surface of src/controller/. Re-export by name.
export type { Controller, HasDecisions, Outcome, Proposal } from './types.js';
export { BaseController, type BaseControllerOptions } from './base-controller.js';
export type { OutcomeVector } from './outcome-vector.js';
export { RandomController, type RandomControllerOptions } from './random-controller.js';
export { EvolutionController, type EvolutionControllerOptions } from './evolution-controller.js';
export { NsgaIIController, type NsgaIIControllerOptions } from './nsga2-controller.js';
export { PolicyController } from './policy-controller.js';
export { resolvePolicyOptions, type PolicyControllerOptions, type PolicyRecipe, type ResolvedPolicyOptions } from './policy-options.js';
export type { FinishedTrial, SampleRecord } from './policy-state.js';
export { ReinforceController, type ReinforceControllerOptions } from './reinforce-controller.js';
export { PpoController, type PpoControllerOptions } from './ppo-controller.js';
export {
  LstmPolicy,
  PARAM_NAMES,
  type BatchCache,
  type LstmPolicyShape,
  type PolicyBatch,
  type PolicyGradients,
  type PolicyLoss,
} from './policy/index.js';
export { PrefilterController, type PrefilterOptions } from './prefilter-controller.js';
export { SurrogateController, type SurrogateControllerOptions } from './surrogate-controller.js';
export type { SurrogateOptions } from './surrogate/options.js';
export {
  controllerWrappers,
  controllers,
  type ControllerContext,
  type ControllerEntry,
  type ControllerWrapperContext,
  type ControllerWrapperEntry,
} from './registry.js';

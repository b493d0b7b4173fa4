// Public surface of src/controller/. Re-export by name.
export type { Controller, HasDecisions, Outcome, Proposal } from './types.js';
export { BaseController, type BaseControllerOptions } from './baseController.js';
export { RandomController, type RandomControllerOptions } from './randomController.js';
export { EvolutionController, type EvolutionControllerOptions } from './evolutionController.js';
export { PolicyController, resolvePolicyOptions, type FinishedTrial, type PolicyControllerOptions, type ResolvedPolicyOptions } from './policyController.js';
export { ReinforceController, type ReinforceControllerOptions } from './reinforceController.js';
export { PpoController, type PpoControllerOptions } from './ppoController.js';
export { LstmPolicy, PARAM_NAMES, type LstmPolicyShape } from './lstmPolicy.js';
export { policyGradients, tfStepLogProbs, type PolicyBatch, type PolicyLoss } from './policyGraph.js';
export { forwardBatch, jsPolicyGradients, mergeCaches, type BatchCache, type ChooseToken } from './lstmBackprop.js';

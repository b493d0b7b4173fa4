// Public surface of src/evaluate/supernet/. Re-export by name.
export type { WeightFamily, WeightSlot } from './allocation.js';
export type { BnMoments } from './bn-statistics.js';
export { BnStatistics } from './bn-statistics.js';
export type { ResolvedSupernetOptions, SupernetOptions } from './supernet-options.js';
export { resolveSupernetOptions } from './supernet-options.js';
export type { LoadSupernetOptions, SupernetManifest, SupernetState, SupernetTrainingRecord } from './supernet-io.js';
export { SUPERNET_MANIFEST, SUPERNET_WEIGHTS } from './supernet-io.js';
export type { SupernetForwardOptions, SupernetToModelOptions } from './supernet.js';
export { Supernet } from './supernet.js';
export type { SupernetTrainOptions, SupernetTrainResult } from './train-supernet.js';
export { resolveSupernetTrainOptions, trainSupernet } from './train-supernet.js';
export type { ResolvedSupernetEvaluatorOptions, SupernetEvaluatorOptions } from './supernet-evaluator.js';
export { SupernetEvaluator, resolveSupernetEvaluatorOptions } from './supernet-evaluator.js';

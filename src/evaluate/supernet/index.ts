// Public surface of src/evaluate/supernet/. Re-export by name.
export type { WeightFamily, WeightSlot } from './allocation.js';
export { allocateWeights } from './allocation.js';
export type { BnMoments } from './bn-statistics.js';
export { BnStatistics } from './bn-statistics.js';
export type { ResolvedSupernetOptions, SupernetOptions } from './supernet-options.js';
export { resolveSupernetOptions } from './supernet-options.js';
export type { SupernetForwardOptions, SupernetToModelOptions, SupernetTrainingRecord } from './supernet.js';
export { Supernet } from './supernet.js';

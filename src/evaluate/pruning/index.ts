// Public surface of src/evaluate/pruning/. Re-export by name.
export type { CurvePoint, PruneDecision, PruneDirection, Pruner, PrunerSnapshot, RungEntry, RungRanker } from './types.js';
export type { ResolvedSuccessiveHalvingPrunerOptions, SuccessiveHalvingPrunerOptions } from './successive-halving-options.js';
export { resolveSuccessiveHalvingPrunerOptions } from './successive-halving-options.js';
export { SuccessiveHalvingPruner } from './successive-halving-pruner.js';
export type { CurveRecord } from './replay-curves.js';
export { replayCurves } from './replay-curves.js';
export type { PrunedEvaluateOptions, PrunedEvaluationResult, PrunedEvaluator, PrunedEvaluatorOptions } from './pruned-evaluator.js';
export { prunedEvaluator } from './pruned-evaluator.js';
export type { HyperbandPrunerOptions, ResolvedHyperbandPrunerOptions } from './hyperband-pruner.js';
export { HyperbandPruner, resolveHyperbandPrunerOptions } from './hyperband-pruner.js';

// Public surface of src/evaluate/zero-cost/. Re-export by name.
export { scoredWeights } from './scored-weights.js';
export { synflowScore } from './synflow.js';
export { logAbsDeterminant, naswotFromCodes, naswotScore } from './naswot.js';
export { gradNormScore } from './grad-norm.js';
export { snipScore } from './snip.js';
export type { ResolvedZeroCostOptions, ZeroCostOptions } from './zero-cost-options.js';
export type {
  ResolvedZeroCostProxyOptions,
  ZeroCostProxy,
  ZeroCostProxyEntry,
  ZeroCostProxyOptions,
  ZeroCostScorer,
} from './zero-cost-proxies.js';
export { resolveZeroCostProxyOptions, zeroCostProxies } from './zero-cost-proxies.js';
export { withScoringBatch, withUntrainedModel } from './untrained-network.js';
export { ZERO_COST_PROXIES, resolveZeroCostOptions } from './zero-cost-options.js';
export { zeroCostScore } from './zero-cost-score.js';
export { ZeroCostEvaluator, squashScore } from './zero-cost-evaluator.js';

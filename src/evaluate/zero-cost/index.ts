// Public surface of src/evaluate/zero-cost/. Re-export by name.
export { scoredWeights } from './scored-weights.js';
export { synflowScore } from './synflow.js';
export { logAbsDeterminant, naswotFromCodes, naswotScore } from './naswot.js';
export { gradNormScore } from './grad-norm.js';
export { snipScore } from './snip.js';
export type { ResolvedZeroCostOptions, ZeroCostOptions, ZeroCostProxy } from './zero-cost-options.js';
export { ZERO_COST_PROXIES, resolveZeroCostOptions } from './zero-cost-options.js';
export { zeroCostScore } from './zero-cost-score.js';
export { ZeroCostEvaluator, squashScore } from './zero-cost-evaluator.js';

// Public surface of src/evaluate/. Re-export by name.
export type { AccuracyEvaluator, EvaluateOptions, EvaluationProgress, EvaluationResult } from './types.js';
export * from './tabular/index.js';

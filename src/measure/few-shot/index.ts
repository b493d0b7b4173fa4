// Few-shot latency: predictors fitted on other runtimes, adapted to a new one from a few measurements.
export {
  fitLinearLatencyModel,
  predictLinearLatency,
  type LinearLatencyModel,
  type LinearLatencyModelOptions,
} from './linear-model.js';
export { fitFewShotLatency, predictFewShotLatency, type FewShotLatencyModel, type FewShotLatencyOptions } from './few-shot.js';

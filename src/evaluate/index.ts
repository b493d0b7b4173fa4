// Public surface of src/evaluate/. Re-export by name.
export type { AccuracyEvaluator, EvaluateOptions, EvaluationProgress, EvaluationResult } from './types.js';
export * from './tabular/index.js';
export type { DatasetArrays, ImageDataset } from './image-dataset.js';
export { datasetBatch } from './dataset-batch.js';
export { datasetFromArrays, datasetFromTensors, subsetDataset } from './image-dataset.js';
export { loadMnist, type MnistOptions } from './mnist.js';
export type { FashionMnistOptions } from './fashion-mnist.js';
export { FASHION_MNIST_DEBIAN_DIR, loadFashionMnist } from './fashion-mnist.js';
export type { DatasetLayout } from './dataset-files.js';
export { datasetFingerprint, datasetLayout } from './dataset-files.js';
export type { DecodedImage } from './decode-image.js';
export { decodeImage } from './decode-image.js';
export type { LoadDatasetOptions, LoadedDataset } from './load-dataset.js';
export { loadDataset, loadImageFolder } from './load-dataset.js';
export type { NpyArray } from './npy.js';
export { encodeNpy, parseNpy } from './npy.js';
export type { SplitOptions } from './split-dataset.js';
export { splitDataset } from './split-dataset.js';
export { adaptImages, resizeBilinear } from './adapt-images.js';
export { learningRateAt } from './lr-schedule.js';
export type {
  DatasetSource,
  LearningRateSchedule,
  ProxyOptimizer,
  ProxyTrainerOptions,
  ResolvedProxyTrainerOptions,
} from './proxy-trainer-options.js';
export { resolveProxyTrainerOptions } from './proxy-trainer-options.js';
export { type ProxyScore, proxyScoreOf } from './proxy-score.js';
export type { ProxyTrainOptions, TrainedModel } from './trained-model.js';
export { ProxyTrainer } from './proxy-trainer.js';
export { type ProxyMemoryEstimate, type ProxyMemoryInput, checkProxyMemory, proxyMemoryEstimate } from './proxy-memory.js';
export * from './pruning/index.js';
export type {
  BnMoments,
  LoadSupernetOptions,
  ResolvedSupernetEvaluatorOptions,
  ResolvedSupernetOptions,
  SupernetEvaluatorOptions,
  SupernetForwardOptions,
  SupernetManifest,
  SupernetOptions,
  SupernetState,
  SupernetToModelOptions,
  SupernetTrainingRecord,
  SupernetTrainOptions,
  SupernetTrainResult,
  WeightFamily,
  WeightSlot,
} from './supernet/index.js';
export {
  BnStatistics,
  SUPERNET_MANIFEST,
  SUPERNET_WEIGHTS,
  Supernet,
  SupernetEvaluator,
  resolveSupernetEvaluatorOptions,
  resolveSupernetOptions,
  resolveSupernetTrainOptions,
  trainSupernet,
} from './supernet/index.js';
export * from './zero-cost/index.js';
export { type EvaluatorEntry, evaluators } from './evaluators.js';
export { type PrunerEntry, pruners } from './pruners.js';

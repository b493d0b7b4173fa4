/**
 * `mnas-ts/evaluate`: Accuracy evaluators (Node; tfjs and dataset files).
 *
 * @module mnas-ts/evaluate
 */

// Accuracy: the evaluator contract, proxy training and its datasets.
export {
  FASHION_MNIST_DEBIAN_DIR,
  ProxyTrainer,
  checkProxyMemory,
  datasetBatch,
  proxyMemoryEstimate,
  datasetFromArrays,
  datasetFromTensors,
  loadFashionMnist,
  loadMnist,
  proxyScoreOf,
  splitDataset,
  subsetDataset,
  type AccuracyEvaluator,
  type DatasetArrays,
  type DatasetSource,
  type EvaluateOptions,
  type EvaluationProgress,
  type EvaluationResult,
  type FashionMnistOptions,
  type ImageDataset,
  type MnistOptions,
  type LearningRateSchedule,
  type ProxyMemoryEstimate,
  type ProxyMemoryInput,
  type ProxyOptimizer,
  type ProxyScore,
  type ProxyTrainOptions,
  type ProxyTrainerOptions,
  type ResolvedProxyTrainerOptions,
  type SplitOptions,
  type TrainedModel,
} from '../evaluate/index.js';

// Your own data: image folders (PNG, JPEG), `.npy` pairs and IDX files, checked, resized, split by class, fingerprinted.
export {
  datasetFingerprint,
  datasetLayout,
  decodeImage,
  encodeNpy,
  loadDataset,
  loadImageFolder,
  parseNpy,
  type DatasetLayout,
  type DecodedImage,
  type LoadDatasetOptions,
  type LoadedDataset,
  type NpyArray,
} from '../evaluate/index.js';

// The evaluators of architectures by name (the CLI's --evaluator), each with its options check and factory.
export { evaluators, type EvaluatorEntry } from '../evaluate/index.js';

// Zero-cost proxies: scores of untrained networks, an evaluator and a pre-filter built on them; the registry of proxies.
export {
  ZERO_COST_PROXIES,
  ZeroCostEvaluator,
  zeroCostProxies,
  type ResolvedZeroCostProxyOptions,
  type ZeroCostProxyEntry,
  type ZeroCostProxyOptions,
  type ZeroCostScorer,
  gradNormScore,
  naswotScore,
  snipScore,
  synflowScore,
  zeroCostScore,
  type ResolvedZeroCostOptions,
  type ZeroCostOptions,
  type ZeroCostProxy,
} from '../evaluate/index.js';

// Weight sharing: one supernet trained once (SPOS), subnets scored from inherited weights.
export {
  BnStatistics,
  Supernet,
  SupernetEvaluator,
  trainSupernet,
  type LoadSupernetOptions,
  type ResolvedSupernetEvaluatorOptions,
  type ResolvedSupernetOptions,
  type SupernetEvaluatorOptions,
  type SupernetManifest,
  type SupernetOptions,
  type SupernetToModelOptions,
  type SupernetTrainOptions,
  type SupernetTrainResult,
  type SupernetTrainingRecord,
} from '../evaluate/index.js';

// Multi-fidelity: pruners that stop weak trials at checkpoints of their training, and their registry.
export {
  HyperbandPruner,
  pruners,
  type PrunerEntry,
  SuccessiveHalvingPruner,
  prunedEvaluator,
  replayCurves,
  type CurvePoint,
  type CurveRecord,
  type HyperbandPrunerOptions,
  type PruneDecision,
  type PruneDirection,
  type PrunedEvaluateOptions,
  type PrunedEvaluationResult,
  type PrunedEvaluator,
  type PrunedEvaluatorOptions,
  type Pruner,
  type PrunerSnapshot,
  type ResolvedHyperbandPrunerOptions,
  type ResolvedSuccessiveHalvingPrunerOptions,
  type RungEntry,
  type RungRanker,
  type SuccessiveHalvingPrunerOptions,
} from '../evaluate/index.js';

// Tabular benchmarks: NAS-Bench-201 (with HW-NAS-Bench latencies) and NAS-Bench-Macro.
export {
  MACRO_OPS,
  NB201_DATASETS,
  NB201_DEVICES,
  NB201_EDGES,
  NB201_OPS,
  NasBench201,
  NasBenchMacro,
  loadNasBench201,
  loadNasBenchMacro,
  nasBench201FromJson,
  nasBenchMacroFromJson,
  type MacroArch,
  type MacroOp,
  type Nb201Cell,
  type Nb201Dataset,
  type Nb201Device,
  type Nb201Op,
} from '../evaluate/index.js';

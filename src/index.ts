/**
 * mnas-ts: platform-aware neural architecture search (MnasNet, Tan et al., CVPR 2019).
 *
 * The public surface, listed by name and grouped by role. Helpers that the
 * library uses internally, test oracles and benchmark networks are not
 * exported here; `test/space/exports.test.ts` pins this list.
 *
 * @packageDocumentation
 */

// Errors: every failure is an MnasError with a `code` and the `path` of the bad field.
export {
  AbortError,
  ControllerStateError,
  EvaluationError,
  ExportError,
  InvalidArchitectureError,
  InvalidBlockStringError,
  InvalidConfigError,
  InvalidOptionsError,
  InvalidSpaceError,
  InvalidTokensError,
  JournalError,
  MeasurementError,
  MnasError,
  RewardInputError,
  describeValue,
  throwIfAborted,
  type ErrorPath,
  type MnasErrorCode,
  type MnasErrorOptions,
} from './errors.js';

// Randomness: the seeded RNG whose state controllers save in snapshots.
export { Rng, type RngState } from './rng.js';

// Limits: the bounds every input from outside is checked against, before any allocation.
export { LIMITS, type LimitName } from './validate.js';

// Architectures: plain JSON networks, their validation, block strings, channel rounding, cost.
export {
  applyDepthMultiplier,
  applyWidthMultiplier,
  assertArchitecture,
  canonicalArchitectureKey,
  costBreakdown,
  countMacs,
  countParams,
  formatBlock,
  formatBlocks,
  hashArchitecture,
  isArchitecture,
  parseBlock,
  parseBlocks,
  resolveNetwork,
  roundFilters,
  validateArchitecture,
  type Activation,
  type Architecture,
  type ArchitectureIssue,
  type ArchitectureValidation,
  type BlockSpec,
  type BlockStringStyle,
  type ConvOp,
  type Cost,
  type CostBreakdown,
  type FormatBlockOptions,
  type HeadPlan,
  type HeadSpec,
  type LayerPlan,
  type LayerShortcut,
  type NetworkPlan,
  type ParsedBlock,
  type RoundFiltersOptions,
  type SkipOp,
  type StemPlan,
  type StemSpec,
  type WidthMultiplierOptions,
} from './space/index.js';

// Presets: published networks as Architectures.
export {
  mnasnetA1,
  mnasnetB1,
  mnasnetSmall,
  mobilenetV2,
  resolvePresetOptions,
  type PresetOptions,
  type ResolvedPresetOptions,
} from './space/index.js';

// Search spaces: decisions <-> tokens <-> Architecture, composable.
export {
  BLOCK_DECISIONS,
  MNASNET_OPS,
  MOBILENET_V2_SKELETON,
  defineSpace,
  factorizedSpace,
  mnasnetSpace,
  resolveFactorizedSpaceOptions,
  sampleTokens,
  spaceSize,
  validateTokens,
  type BlockChoices,
  type Decision,
  type FactorizedSpaceOptions,
  type FixedBlock,
  type MnasnetSpaceOptions,
  type OpChoice,
  type ResolvedBlock,
  type ResolvedFactorizedSpaceOptions,
  type ResolvedSearchBlock,
  type SearchSpace,
  type SkeletonBlock,
  type SpaceDefinition,
} from './space/index.js';

// Building: Architecture -> tf.LayersModel, and the gradient kernels the tfjs WASM backend lacks.
export {
  buildModel,
  disposeModel,
  missingTrainingKernels,
  registerWasmTrainingKernels,
  resolveBuildModelOptions,
  type BuildModelOptions,
  type ModelOutput,
  type ResolvedBuildModelOptions,
} from './blocks/index.js';

// Rewards: pure multi-objective rewards and Pareto tools.
export {
  HARD_CONSTRAINT,
  SOFT_CONSTRAINT,
  crowdingDistance,
  dominates,
  fbnetLoss,
  hardFilterReward,
  hypervolume,
  logLatencyReward,
  mnasMultiReward,
  mnasReward,
  nonDominatedSort,
  paretoFront,
  weightedSumReward,
  type ConstraintExponents,
  type Direction,
  type FbnetLossMetrics,
  type FbnetLossOptions,
  type HardFilterRewardOptions,
  type LogLatencyRewardMetrics,
  type LogLatencyRewardOptions,
  type MetricBound,
  type MetricConstraint,
  type MnasMultiRewardOptions,
  type MnasRewardMetrics,
  type MnasRewardOptions,
  type MultiObjectiveMetrics,
  type ObjectivePoint,
  type WeightedObjective,
  type WeightedSumRewardOptions,
} from './reward/index.js';

// Controllers: the ask/tell contract and the built-in strategies (and what their subclasses see).
export {
  BaseController,
  EvolutionController,
  NsgaIIController,
  LstmPolicy,
  PolicyController,
  PpoController,
  RandomController,
  ReinforceController,
  resolvePolicyOptions,
  type BaseControllerOptions,
  type BatchCache,
  type Controller,
  type EvolutionControllerOptions,
  type NsgaIIControllerOptions,
  type FinishedTrial,
  type HasDecisions,
  type LstmPolicyShape,
  type Outcome,
  type OutcomeVector,
  type PolicyBatch,
  type PolicyControllerOptions,
  type PolicyGradients,
  type PolicyLoss,
  type PpoControllerOptions,
  type Proposal,
  type RandomControllerOptions,
  type ReinforceControllerOptions,
  type ResolvedPolicyOptions,
  type SampleRecord,
} from './controller/index.js';

// Latency: the measurer contract, the platforms (WASM in Node, Chromium, Android), the timing protocol.
export {
  AndroidLatencyMeasurer,
  BrowserLatencyMeasurer,
  DEFAULT_TIMING_PROTOCOL,
  WasmLatencyMeasurer,
  makeLatencyReport,
  pinDuet,
  referenceArchitecture,
  resolveAndroidLatencyMeasurerOptions,
  resolveBrowserLatencyMeasurerOptions,
  resolveTimingProtocolOptions,
  resolveWasmLatencyMeasurerOptions,
  runTimingProtocol,
  type AndroidLatencyMeasurerOptions,
  type BrowserBackend,
  type BrowserLatencyMeasurerOptions,
  type DuetOptions,
  type DuetPlatformInfo,
  type LatencyMeasurer,
  type LatencyReport,
  type MeasureOptions,
  type PinnedDuetOptions,
  type PlatformInfo,
  type ResolvedAndroidLatencyMeasurerOptions,
  type ResolvedBrowserLatencyMeasurerOptions,
  type ResolvedDuetOptions,
  type ResolvedTimingProtocolOptions,
  type ResolvedWasmLatencyMeasurerOptions,
  type TimingProtocolOptions,
  type TimingProtocolResult,
  type WasmLatencyMeasurerOptions,
  type WasmMeasurementDetails,
} from './measure/index.js';

// Latency without a device: analytic proxies, recorded tables, the lookup-table predictor.
export {
  LookupTablePredictor,
  benchmarkLatency,
  macsProxy,
  paramsProxy,
  tableLatency,
  type DeviceLatencyBenchmark,
  type LookupTableData,
  type LookupTablePredictorOptions,
  type LutBuildProgress,
  type LutBuildResult,
  type LutEntry,
  type LutEntryKind,
  type LutFit,
  type LutFitMode,
  type LutPrediction,
  type LutPredictionPart,
  type ProxyOptions,
  type TableLatencyOptions,
} from './measure/index.js';

// Latency plumbing: caching, stores, repeats, and rank agreement between measurers.
export {
  JsonFileLatencyStore,
  MemoryLatencyStore,
  cachedMeasurer,
  canonicalJson,
  kendallTau,
  repeatedMeasurer,
  spearmanRho,
  type CachedLatencyMeasurer,
  type CachedMeasurerOptions,
  type LatencyStore,
  type RepeatedMeasurerOptions,
} from './measure/index.js';

// Accuracy: the evaluator contract, proxy training and its datasets.
export {
  FASHION_MNIST_DEBIAN_DIR,
  ProxyTrainer,
  datasetFromArrays,
  datasetFromTensors,
  loadFashionMnist,
  loadMnist,
  resolveProxyTrainerOptions,
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
  type LearningRateSchedule,
  type ProxyOptimizer,
  type ProxyTrainOptions,
  type ProxyTrainerOptions,
  type ResolvedProxyTrainerOptions,
  type SplitOptions,
  type TrainedModel,
} from './evaluate/index.js';

// Zero-cost proxies: scores of untrained networks, an evaluator and a pre-filter built on them.
export { PrefilterController, type PrefilterOptions } from './controller/index.js';
export {
  ZERO_COST_PROXIES,
  ZeroCostEvaluator,
  gradNormScore,
  naswotScore,
  resolveZeroCostOptions,
  snipScore,
  synflowScore,
  zeroCostScore,
  type ResolvedZeroCostOptions,
  type ZeroCostOptions,
  type ZeroCostProxy,
} from './evaluate/index.js';

// Weight sharing: one supernet trained once (SPOS), subnets scored from inherited weights.
export {
  BnStatistics,
  Supernet,
  SupernetEvaluator,
  resolveSupernetEvaluatorOptions,
  resolveSupernetOptions,
  resolveSupernetTrainOptions,
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
} from './evaluate/index.js';

// Multi-fidelity: pruners that stop weak trials at checkpoints of their training.
export {
  HyperbandPruner,
  SuccessiveHalvingPruner,
  prunedEvaluator,
  replayCurves,
  resolveHyperbandPrunerOptions,
  resolveSuccessiveHalvingPrunerOptions,
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
  type SuccessiveHalvingPrunerOptions,
} from './evaluate/index.js';

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
} from './evaluate/index.js';

// Export: TFLite flatbuffers.
export { resolveToTfliteOptions, toTflite, type ResolvedToTfliteOptions, type ToTfliteOptions } from './export/index.js';

// Search: the loop joining controller, space, evaluator and measurer; its journal and results.
export {
  MeasurementLock,
  bestTrial,
  dominatedBaselines,
  mnasSoftReward,
  paretoTrials,
  readJournal,
  resolveSearchOptions,
  search,
  snapshotPath,
  type Baseline,
  type BaselineResult,
  type JournalContents,
  type JournalHeader,
  type ResolvedSearchOptions,
  type RewardFunction,
  type SearchBudget,
  type SearchOptions,
  type SearchProgress,
  type SearchResult,
  type StopReason,
  type Trial,
  type TrialMetrics,
} from './search/index.js';
export { JournalLock, JournalLockError, journalLockPath, type JournalLockHolder } from './search/journal-lock.js';

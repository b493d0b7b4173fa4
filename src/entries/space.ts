/**
 * `mnas-ts/space`: The search space, browser-safe: errors, the seeded RNG, limits, architectures, presets and the model registry, search spaces. No tfjs, no Node built-ins.
 *
 * @module mnas-ts/space
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
  InvalidDatasetError,
  InvalidOptionsError,
  InvalidSpaceError,
  InvalidTokensError,
  JournalError,
  MeasurementError,
  MissingDependencyError,
  MnasError,
  RewardInputError,
  RuntimeUnavailableError,
  describeValue,
  throwIfAborted,
  type DatasetProblem,
  type ErrorPath,
  type MnasErrorCode,
  type MnasErrorOptions,
} from '../errors.js';

// Registries: the shared shape of the extension points' sets (controllers, measurers, evaluators, zero-cost proxies, baselines).
export { Registry, readonlyRegistry, type ReadonlyRegistry, type RegistryEntry } from '../registry.js';

// Randomness: the seeded RNG whose state controllers save in snapshots.
export { Rng, type RngState } from '../rng.js';

// Limits: the bounds every input from outside is checked against, before any allocation.
export { LIMITS, type LimitName } from '../validate.js';

// Architectures: plain JSON networks, their validation, block strings, channel rounding, cost.
export {
  applyDepthMultiplier,
  applyWidthMultiplier,
  assertArchitecture,
  canonicalArchitectureKey,
  costBreakdown,
  analyticFeatures,
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
} from '../space/index.js';

// Presets: published networks as Architectures, also by name (timm's create_model / list_models), and the
// baselines registry they are read from (the reference networks of `mnas-ts search --baselines`).
export {
  baselineNames,
  baselines,
  createBaseline,
  createModel,
  listModels,
  type BaselineEntry,
  type BaselineOptions,
  type ResolvedBaselineOptions,
  adaptStrides,
  lastFeatureSide,
  mnasnetA1,
  mnasnetB1,
  mnasnetSmall,
  mobilenetV2,
  type PresetOptions,
} from '../space/index.js';

// Search spaces: decisions <-> tokens <-> Architecture, composable.
export {
  BLOCK_DECISIONS,
  MNASNET_OPS,
  MOBILENET_V2_SKELETON,
  defaultSpaceOptions,
  defaultTotalStride,
  defineSpace,
  factorizedSpace,
  mnasnetSpace,
  sampleTokens,
  spaceSize,
  validateTokens,
  type BlockChoices,
  type Decision,
  type DefaultSpaceOptions,
  type FactorizedSpaceOptions,
  type FixedBlock,
  type MnasnetSpaceOptions,
  type OpChoice,
  type ResolvedBlock,
  type ResolvedSearchBlock,
  type SearchSpace,
  type SkeletonBlock,
  type SpaceDefinition,
} from '../space/index.js';

// Public surface of src/space/. Re-export by name.
export type {
  Activation,
  Architecture,
  BlockSpec,
  ConvOp,
  Decision,
  HeadSpec,
  SearchSpace,
  SkipOp,
  StemSpec,
} from './types.js';
export type { ArchitectureIssue, ArchitectureValidation } from './validate.js';
export { assertArchitecture, isArchitecture, validateArchitecture } from './validate.js';
export type { RoundFiltersOptions, WidthMultiplierOptions } from './channels.js';
export { applyDepthMultiplier, applyWidthMultiplier, roundFilters } from './channels.js';
export type { HeadPlan, LayerPlan, LayerShortcut, NetworkPlan, StemPlan } from './layers.js';
export { resolveNetwork, sameOutputSize, seReducedWidth } from './layers.js';
export type { Cost, CostBreakdown } from './cost.js';
export { costBreakdown, countMacs, countParams, layerCost } from './cost.js';
export { analyticFeatures } from './cost-features.js';
export { adaptStrides, lastFeatureSide } from './adapt-strides.js';
export type { PresetOptions, ResolvedPresetOptions } from './presets.js';
export { mnasnetA1, mnasnetB1, mnasnetSmall, mobilenetV2, resolvePresetOptions } from './presets.js';
export { createModel, listModels } from './registry.js';
export type { BaselineEntry, BaselineOptions, ResolvedBaselineOptions } from './baselines.js';
export { baselineNames, baselines, createBaseline, resolveBaselineOptions } from './baselines.js';
export type { BlockStringStyle, FormatBlockOptions, ParsedBlock } from './block-string.js';
export { formatBlock, formatBlocks, parseBlock, parseBlocks } from './block-string.js';
export { sampleTokens, spaceSize, validateTokens } from './tokens.js';
export type { SpaceDefinition } from './define-space.js';
export { defineSpace } from './define-space.js';
export type {
  BlockChoices,
  FactorizedSpaceOptions,
  FixedBlock,
  OpChoice,
  ResolvedBlock,
  ResolvedFactorizedSpaceOptions,
  ResolvedSearchBlock,
  SkeletonBlock,
} from './factorized-options.js';
export { MNASNET_OPS, resolveFactorizedSpaceOptions } from './factorized-options.js';
export { BLOCK_DECISIONS, factorizedSpace } from './factorized-space.js';
export type { DefaultSpaceOptions } from './default-space.js';
export { defaultSpaceOptions, defaultTotalStride } from './default-space.js';
export type { MnasnetSpaceOptions } from './mnasnet-space.js';
export { MOBILENET_V2_SKELETON, mnasnetSpace } from './mnasnet-space.js';
export { canonicalArchitectureKey, fnv1a64, hashArchitecture, stableStringify } from './hash.js';

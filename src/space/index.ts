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
export type { PresetOptions, ResolvedPresetOptions } from './presets.js';
export { mnasnetA1, mnasnetB1, mnasnetSmall, mobilenetV2, resolvePresetOptions } from './presets.js';
export type { BlockStringStyle, FormatBlockOptions, ParsedBlock } from './block-string.js';
export { formatBlock, formatBlocks, parseBlock, parseBlocks } from './block-string.js';

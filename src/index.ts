/**
 * mnas-ts: platform-aware neural architecture search (MnasNet, Tan et al., CVPR 2019).
 *
 * @packageDocumentation
 */
export * from './errors.js';
export { Rng, type RngState } from './rng.js';
export { LIMITS, type LimitName } from './validate.js';
export * from './space/index.js';
export * from './blocks/index.js';
export * from './reward/index.js';
export * from './controller/index.js';
export * from './measure/index.js';
export * from './evaluate/index.js';
export * from './export/index.js';
export {
  search,
  readJournal,
  MeasurementLock,
  mnasSoftReward,
  paretoTrials,
  bestTrial,
  resolveSearchOptions,
  type RewardFunction,
  type SearchBudget,
  type SearchOptions,
  type SearchProgress,
  type SearchResult,
  type StopReason,
  type Trial,
  type TrialMetrics,
  type JournalContents,
  type JournalHeader,
  type ResolvedSearchOptions,
} from './search.js';

/**
 * `mnas-ts/search`: The search loop and its journal (Node; files and locks).
 *
 * @module mnas-ts/search
 */

// Search: the loop joining controller, space, evaluator and measurer; its journal and results.
export {
  MeasurementLock,
  bestTrial,
  mnasSoftReward,
  paretoTrials,
  readJournal,
  search,
  snapshotPath,
  type Execution,
  type ExecutionFailure,
  type ExecutionRequest,
  type JournalContents,
  type JournalHeader,
  type RewardFunction,
  type SearchBudget,
  type SearchOptions,
  type SearchProgress,
  type SearchResult,
  type SearchObjective,
  type StopReason,
  type Trial,
  type TrialExecutor,
  type TrialMetrics,
} from '../search/index.js';
export { JournalLock, JournalLockError, journalLockPath, type JournalLockHolder } from '../search/journal-lock.js';
export { deleteJournal } from '../search/journal-kind.js';
export { dominatedBaselines, type Baseline, type BaselineResult, type CandidateResult } from '../search/index.js';

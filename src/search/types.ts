/**
 * Types of the search loop: trials, metrics, rewards, options, results.
 *
 * @module
 */

import type { Architecture } from '../space/types.js';
import type { BaselineResult, Trial } from './trial-types.js';

export type { JournalHeader } from './journal-header.js';
export type { SearchBudget, SearchOptions, SearchProgress } from './search-options.js';
export type { RewardFunction, SearchObjective, TrialMetrics } from './trial-metrics.js';
export type { Baseline, BaselineResult, CandidateResult, Trial } from './trial-types.js';

/** Why a search returned. */
export type StopReason = 'trials' | 'wall-time';

/** The result of {@link search}. */
export interface SearchResult<T = Architecture> {
  /** Every finished trial, in proposal order (resumed ones included). */
  readonly trials: readonly Trial<T>[];
  /** The `ok` trial with the highest reward (the first one on ties). */
  readonly best: Trial<T> | undefined;
  /**
   * `ok` trials not dominated on (accuracy: max, latency: min), or on the
   * search's `objectives` (trials that meet its `constraint`), in proposal order.
   */
  readonly paretoFront: readonly Trial<T>[];
  /** Which budget ended the search. */
  readonly stopReason: StopReason;
  /** Trials loaded from the journal when resuming. */
  readonly resumedTrials: number;
  /** The scored baselines, in the order of the `baselines` option (journaled ones included). */
  readonly baselines: readonly BaselineResult<T>[];
}

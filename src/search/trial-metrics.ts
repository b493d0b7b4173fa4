/**
 * What a reward function and a search objective see of one candidate.
 *
 * @module
 */

import type { EvaluationResult } from '../evaluate/types.js';
import type { LatencyReport } from '../measure/types.js';

/** What a reward function sees about one candidate. */
export interface TrialMetrics {
  /** Accuracy in [0, 1] from the evaluator. */
  readonly accuracy: number;
  /** Median latency in ms from the measurer; absent when the search has no measurer. */
  readonly latencyMs?: number;
  /** Everything the evaluator reported. */
  readonly evaluation: EvaluationResult;
  /** Everything the measurer reported, when there is a measurer. */
  readonly latency?: LatencyReport;
}

/**
 * Turns a candidate's metrics into the scalar the controller maximizes.
 * Must return a finite number; a throw or a non-finite result fails the trial.
 */
export type RewardFunction = (metrics: TrialMetrics) => number;

/**
 * One objective of a multi-objective search. `accuracy` and `latencyMs` are
 * read from the trial's metrics; any other name needs `value`.
 */
export interface SearchObjective {
  /** Names the objective in the journal and the report: `accuracy`, `latencyMs`, `params`... */
  readonly name: string;
  readonly direction: 'maximize' | 'minimize';
  /**
   * The objective's value for a trial; must be finite (else the trial fails).
   * @defaultValue `metrics.accuracy` for `accuracy`, `metrics.latencyMs` for `latencyMs`
   */
  readonly value?: (metrics: TrialMetrics) => number;
}

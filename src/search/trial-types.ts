/**
 * The records of a search: trials, baselines and the scored result they share.
 *
 * @module
 */

import type { EvaluationResult } from '../evaluate/types.js';
import type { LatencyReport } from '../measure/types.js';
import type { Architecture } from '../space/types.js';

/**
 * What measuring, evaluating and rewarding one candidate gave: the fields a
 * {@link Trial} and a {@link BaselineResult} share. Plain JSON.
 */
export interface CandidateResult<T = Architecture> {
  /** The decoded value (an Architecture, or a benchmark key). */
  readonly value: T;
  /** `ok`, `pruned` (trials only: stopped early by the search's pruner), or `failed` when decoding, measuring, evaluating or the reward threw. */
  readonly status: 'ok' | 'pruned' | 'failed';
  /** The reward (`ok` only); told to the controller for a trial, for reference only for a baseline. */
  readonly reward?: number;
  /** Accuracy in [0, 1] (when the evaluation succeeded). */
  readonly accuracy?: number;
  /** Median latency in ms (when the measurement succeeded). */
  readonly latencyMs?: number;
  /** The values of the search's `objectives`, in their order (multi-objective searches, `ok` and `pruned` results). */
  readonly objectives?: readonly number[];
  /** How far the result is from meeting the search's `constraint` (0: met), when it has one. */
  readonly violation?: number;
  /** Why it failed, prefixed with the stage: `measure: ...`, `evaluate: ...`, `reward: ...`, `objectives: ...`. */
  readonly error?: string;
  /** The evaluator's full result. */
  readonly evaluation?: EvaluationResult;
  /** The measurer's full report. */
  readonly latency?: LatencyReport;
  /** ISO time the candidate started. */
  readonly startedAt: string;
  /** Wall time, ms (measurement, evaluation and waiting for the measurement lock). */
  readonly durationMs: number;
}

/** One finished trial: a proposal, what it scored, and when. Plain JSON, one journal line. */
export interface Trial<T = Architecture> extends CandidateResult<T> {
  /** 0-based position in the order the controller proposed the candidates. */
  readonly index: number;
  /** The controller's proposal id. */
  readonly id: string;
  /** One token per decision of the space. */
  readonly tokens: readonly number[];
  /**
   * Index of the earlier trial whose decoded value equals this one's: this
   * trial was not evaluated, it copies that trial's outcome (see
   * {@link SearchOptions.reevaluateRepeats}).
   */
  readonly repeatOf?: number /**
   * The share of the full training budget the accuracy was obtained at, in
   * (0, 1): a pruned trial's step over the pruner's `maxResource`; told to the
   * controller with the reward. Absent: the full budget (or a pruner without `maxResource`).
   */;
  readonly fidelity?: number;
}

/** A hand-designed reference network scored beside a search. */
export interface Baseline<T = Architecture> {
  /** Unique label, e.g. `mobilenet-v2-0.5`; the journal marks its line with it. */
  readonly name: string;
  /** The network, already adapted to the search's input shape and classes. */
  readonly value: T;
}

/**
 * A scored baseline: measured and evaluated exactly as a trial, with the
 * reward it would get, but never told to the controller, never counted
 * against the trial budget and never eligible as `best` or for the front.
 */
export interface BaselineResult<T = Architecture> extends CandidateResult<T> {
  /** The baseline's name (the journal line's marker). */
  readonly baseline: string;
  /** `ok`, or `failed` when measuring, evaluating or the reward threw (a baseline is never pruned). */
  readonly status: 'ok' | 'failed';
}

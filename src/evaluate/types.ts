/**
 * The AccuracyEvaluator contract.
 *
 * @module
 */

import type { Architecture } from '../space/types.js';

/** Progress reported by an evaluator during an evaluation. */
export interface EvaluationProgress {
  /** Fraction done, in [0, 1]. */
  readonly fraction: number;
  /** Steps (optimizer updates) done so far. */
  readonly step?: number;
  /** Latest training loss. */
  readonly loss?: number;
  /**
   * Validation accuracy in [0, 1] at a checkpoint, measured after `step`
   * optimizer steps (the same score as the result's `accuracy`, e.g.
   * `exp(-loss)` under `ProxyTrainer`'s `score: 'loss'`); present only on
   * checkpoint reports (see the `checkpoints` option of `ProxyTrainer`).
   * Pruners read it.
   */
  readonly accuracy?: number;
}

/** Options of one evaluation. */
export interface EvaluateOptions {
  /** Cancels the evaluation; the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** Called as the evaluation progresses. */
  readonly onProgress?: (progress: EvaluationProgress) => void;
}

/** What an evaluator found out about an architecture. */
export interface EvaluationResult {
  /**
   * Accuracy in [0, 1] (validation accuracy for proxy training, or its
   * accuracy-like loss score under `score: 'loss'`; benchmark accuracy for tabular data).
   */
  readonly accuracy: number;
  /** Final validation loss, when known. */
  readonly loss?: number;
  /** Optimizer steps taken, when known. */
  readonly steps?: number;
  /** Epochs trained, when known. */
  readonly epochs?: number;
  /** Wall time of the evaluation, ms. */
  readonly wallMs?: number;
  /** Anything else the evaluator knows (params, FLOPs, benchmark latency...). */
  readonly extra?: Readonly<Record<string, number | string | boolean>>;
}

/**
 * Scores how good a value is. `T` is an {@link Architecture} for proxy
 * training; tabular benchmarks evaluate their own keys.
 */
export interface AccuracyEvaluator<T = Architecture> {
  /** @throws EvaluationError when the evaluation fails; AbortError when aborted. */
  evaluate(value: T, options?: EvaluateOptions): Promise<EvaluationResult>;
}

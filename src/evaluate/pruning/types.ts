/**
 * The Pruner contract: decides, at a trial's intermediate checkpoints,
 * whether it goes on training or stops early (multi-fidelity search).
 * Pure logic on numbers: no tfjs, no Node built-ins.
 *
 * @module
 */

/** What a pruner answers at a checkpoint. */
export type PruneDecision = 'continue' | 'prune';

/** One point of a learning curve: the validation accuracy after `step` optimizer steps. */
export interface CurvePoint {
  /** Optimizer steps done (the resource spent), a positive integer. */
  readonly step: number;
  /** Validation accuracy in [0, 1] at that step. */
  readonly accuracy: number;
}

/** One value a rung holds: the trial's key and the value it reported on reaching the rung. */
export interface RungEntry {
  readonly trialKey: string;
  readonly value: number;
}

/**
 * Scores the values a rung holds for promotion: one score per entry, in the
 * units and direction of the reported values (for example each trial's value
 * predicted at the full budget). A trial passes the rung when its score is
 * among the best `1/eta` of the rung's scores. It is called at each decision
 * with every value the rung holds, so the scores may follow a model that
 * learns as trials finish.
 */
export type RungRanker = (entries: readonly RungEntry[], step: number) => readonly number[];

/** Whether a higher or a lower reported value is better. */
export type PruneDirection = 'maximize' | 'minimize';

/**
 * Stops weak trials early from their intermediate values. A trial is named
 * by a string key (the search uses its trial index), reports values at
 * increasing steps, and is ended by {@link Pruner.complete} (it finished or
 * was pruned) or {@link Pruner.forget} (it failed or was aborted: its values
 * are dropped, as a resumed search never sees them).
 *
 * The state is plain JSON: {@link Pruner.snapshot} / {@link Pruner.restore}
 * carry it, or a resumed search rebuilds it by replaying the journaled
 * learning curves (`replayCurves`).
 */
export interface Pruner {
  /**
   * Records `value` at `step` for a trial and decides whether it goes on.
   * Once a trial was told `'prune'`, further reports record their values and
   * answer `'prune'` again.
   *
   * @throws EvaluationError when the key is empty, the step is not a positive
   * integer above the trial's previous one, the value is not finite, or the
   * trial was completed.
   */
  report(trialKey: string, step: number, value: number): PruneDecision;
  /** Ends a trial (finished or pruned): its values stay; a later report throws. Idempotent. */
  complete(trialKey: string): void;
  /** Drops a trial that failed or was aborted, with every value it reported. Unknown keys are ignored. */
  forget(trialKey: string): void;
  /**
   * The steps below `maxStep` at which this pruner decides for `trialKey`
   * (its rungs): the checkpoints an evaluator with a budget of `maxStep`
   * steps should report. A report at another step counts for every rung it
   * reached.
   */
  rungSteps(maxStep: number, trialKey?: string): number[];
  /**
   * Ranks each rung's values with `ranker` from now on instead of by the
   * values themselves (`undefined`: by the values). The ranker is not part
   * of the snapshot: give the same one after a restore.
   */
  rankWith?(ranker: RungRanker | undefined): void;
  /** The whole state as plain JSON, options included. */
  snapshot(): PrunerSnapshot;
  /**
   * Replaces the state with a snapshot taken from a pruner of the same kind
   * and options.
   * @throws InvalidOptionsError naming the bad field of a malformed or mismatched snapshot.
   */
  restore(snapshot: PrunerSnapshot): void;
}

/** A pruner's state as plain JSON; `kind` names the pruner that wrote it. */
export interface PrunerSnapshot {
  readonly kind: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

/**
 * The options of {@link search}, its budget and the progress it reports.
 *
 * @module
 */

import type { Pruner } from '../evaluate/pruning/types.js';
import type { Controller } from '../controller/types.js';
import type { AccuracyEvaluator } from '../evaluate/types.js';
import type { LatencyMeasurer } from '../measure/types.js';
import type { Architecture, SearchSpace } from '../space/types.js';
import type { TrialExecutor } from './executor.js';
import type { RewardFunction, SearchObjective, TrialMetrics } from './trial-metrics.js';
import type { Baseline, BaselineResult, Trial } from './trial-types.js';

/** Budget of a search; the search stops asking for new candidates when any limit is reached. */
export interface SearchBudget {
  /**
   * Total number of trials, counting those already in a resumed journal.
   * @defaultValue `100` when neither `trials` nor `wallTimeMs` is given
   */
  readonly trials?: number;
  /**
   * Wall time of the trials in ms, from the first trial (baselines are scored
   * before it and not counted); no new trial starts after it, running trials finish.
   * @defaultValue unlimited
   */
  readonly wallTimeMs?: number;
}

/** Progress passed to {@link SearchOptions.onTrial}. */
export interface SearchProgress<T = Architecture> {
  /** Trials finished, counting resumed ones. */
  readonly done: number;
  /** The trial budget, when there is one. */
  readonly total: number | undefined;
  /** The best trial so far. */
  readonly best: Trial<T> | undefined;
  /** ms since this call started. */
  readonly elapsedMs: number;
}

/** Options of {@link search}. */
export interface SearchOptions<T = Architecture> {
  /** The search space: decisions, and tokens to values. */
  readonly space: SearchSpace<T>;
  /** The strategy (constructed by the caller with its own seed). */
  readonly controller: Controller;
  /** Scores accuracy. Required unless an `executor` is given. */
  readonly evaluator?: AccuracyEvaluator<T>;
  /**
   * Where candidates are measured and evaluated, instead of `evaluator` and
   * `measurer` in this process: for example `queueExecutor` of
   * `mnas-ts/distributed`, which hands them to workers on other machines.
   * The search still owns the controller, the reward and the journal. Not
   * with `evaluator`, `measurer` or `pruner` (the executor's workers have
   * their own), and `exclusiveMeasurement` applies only to this process.
   * @defaultValue measure then evaluate in this process, with `evaluator` and `measurer`
   */
  readonly executor?: TrialExecutor<T>;
  /**
   * Stops weak trials early (multi-fidelity): the evaluator is wrapped with
   * `prunedEvaluator(evaluator, pruner)` and reports its checkpoints (for
   * `ProxyTrainer`, `checkpoints: pruner.rungSteps(steps)`) under the trial's
   * index. A stopped trial is journaled with `status: 'pruned'`, its learning
   * curve and the reward of its last checkpoint, which the controller is
   * told with the trial's `fidelity`; it counts against the trial budget but is never the best trial or
   * on the Pareto front. On resume the pruner's rungs are rebuilt from the
   * journaled curves; the journal records the pruner, and resuming with
   * another is refused. See docs/pruning.md.
   */
  readonly pruner?: Pruner;
  /**
   * Which trials a `pruner` promotes to the next rung. `'observed'`: the best
   * `1/eta` of the values reported at the rung. `'model'`: the best `1/eta`
   * by the value the controller's model expects at the full budget (the
   * observed value times the model's predicted gain from the rung's
   * fidelity to the full one; see docs/controllers.md, "Multi-fidelity").
   * Needs a pruner with a ranker (`rankWith`) and a controller with
   * `predict(tokens, fidelity)`, as `SurrogateController` has. The journal
   * records it with the pruner.
   * @defaultValue `'observed'`
   */
  readonly promotion?: 'observed' | 'model';
  /** Measures latency. Required with the default reward. @defaultValue none */
  readonly measurer?: LatencyMeasurer<T>;
  /**
   * Reward of a trial.
   * @defaultValue the MnasNet soft reward `ACC * (LAT / targetMs) ** -0.07`
   */
  readonly reward?: RewardFunction;
  /** Latency target of the default reward, ms (> 0). Required when neither `reward` nor `objectives` is given. */
  readonly targetMs?: number;
  /**
   * A multi-objective search: each trial's values of these objectives are
   * journaled (`Trial.objectives`) and told to the controller beside the
   * reward (`{ reward, objectives, violation }`, as `NsgaIIController` takes
   * them), and `paretoFront` is the front over them. The journal records
   * them, and resuming with others is refused. Without `reward` and
   * `targetMs`, the reward is the first objective (negated when minimized).
   * @example objectives: [{ name: 'accuracy', direction: 'maximize' }, { name: 'latencyMs', direction: 'minimize' }]
   * @defaultValue none: the front is over accuracy and latency, nothing else is told
   */
  readonly objectives?: readonly SearchObjective[];
  /**
   * How far a trial is from meeting the search's constraints: 0 when it
   * meets them, more the further it is (Deb's constrained domination).
   * Journaled and told as `violation`; a trial with a violation is never on
   * the Pareto front. Needs `objectives`.
   * @example constraint: (m) => Math.max(0, (m.latencyMs ?? 0) / 20 - 1) // at most 20 ms
   * @defaultValue none
   */
  readonly constraint?: (metrics: TrialMetrics) => number;
  /** @defaultValue `{ trials: 100 }` */
  readonly budget?: SearchBudget;
  /**
   * Trials evaluated at once. Tells still happen in proposal order, so the
   * result does not depend on which evaluation finishes first.
   * @defaultValue `1`
   */
  readonly concurrency?: number;
  /**
   * Measurements run alone: never overlapping another measurement, any
   * evaluation (training) or a controller update, so their timings are not polluted.
   * @defaultValue `true`
   */
  readonly exclusiveMeasurement?: boolean;
  /**
   * A measurement that has not settled this many ms after it started (the
   * wait for the measurement lock not counted) fails its trial, which is
   * told to the controller as failed, and releases the measurement lock; its
   * `AbortSignal` is aborted. A measurer that ignores the signal goes on in
   * the background and its result is dropped. `Infinity` waits forever.
   * @defaultValue `600_000` (10 minutes)
   */
  readonly measureTimeoutMs?: number;
  /**
   * As {@link SearchOptions.measureTimeoutMs}, for an evaluation (training).
   * @defaultValue `Infinity`
   */
  readonly evaluateTimeoutMs?: number;
  /**
   * Evaluate a candidate again when its decoded value equals an earlier
   * trial's (noisy evaluators, to see the noise). By default such a repeat is
   * not evaluated: it copies the earlier trial's outcome (read from the
   * journal after a resume) and is marked with `repeatOf`. The built-in
   * controllers propose no token list twice until the space is exhausted
   * (their `duplicateRetries`), but distinct token lists can decode to the
   * same network.
   * @defaultValue `false`
   */
  readonly reevaluateRepeats?: boolean;
  /** Path of the JSONL journal; the controller snapshot goes to `<journal>.snapshot.json`. @defaultValue no journal */
  readonly journal?: string;
  /** Continue the search recorded in `journal`. @defaultValue `false` */
  readonly resume?: boolean;
  /**
   * Write the controller snapshot after every this many tells; `'auto'`
   * writes after a tell unless the last write was recent (it keeps the time
   * spent writing snapshots under about 10% of the search). Resume is exact
   * either way: trials journaled after the snapshot are told again.
   * @defaultValue `'auto'`
   */
  readonly snapshotEvery?: number | 'auto';
  /** Extra JSON recorded in the journal header (the CLI stores its resolved config here). */
  readonly meta?: Readonly<Record<string, unknown>>;
  /**
   * Stops the search: running trials are aborted, finished ones are kept;
   * rejects with AbortError at once, without waiting for a measurer or
   * evaluator that ignores its own signal.
   */
  readonly signal?: AbortSignal;
  /**
   * Hand-designed reference networks, each measured and evaluated once (before
   * the first trial) by the same measurer and evaluator, journaled as a
   * `baseline` line (a resumed search does not run a journaled one again). They
   * are never told to the controller, do not count against `budget.trials`
   * (nor is their time counted in `budget.wallTimeMs`) and are never `best`
   * nor on the Pareto front; they come back in {@link SearchResult.baselines}.
   * Names must be unique.
   * @defaultValue none
   */
  readonly baselines?: readonly Baseline<T>[];
  /** Called after each baseline is scored (not for those read back from the journal). */
  readonly onBaseline?: (baseline: BaselineResult<T>) => void;
  /** Called after each trial is told to the controller, in proposal order. */
  readonly onTrial?: (trial: Trial<T>, progress: SearchProgress<T>) => void;
  /** Called with notices, e.g. a half-written journal line dropped on resume. */
  readonly onWarning?: (message: string) => void;
}

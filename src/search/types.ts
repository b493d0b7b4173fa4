/**
 * Types of the search loop: trials, metrics, rewards, results.
 *
 * @module
 */

import type { Pruner } from '../evaluate/pruning/types.js';
import type { Controller } from '../controller/types.js';
import type { AccuracyEvaluator, EvaluationResult } from '../evaluate/types.js';
import type { LatencyMeasurer, LatencyReport } from '../measure/types.js';
import type { Architecture, SearchSpace } from '../space/types.js';
import type { TrialExecutor } from './executor.js';

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

/** One finished trial: a proposal, what it scored, and when. Plain JSON, one journal line. */
export interface Trial<T = Architecture> {
  /** 0-based position in the order the controller proposed the candidates. */
  readonly index: number;
  /** The controller's proposal id. */
  readonly id: string;
  /** One token per decision of the space. */
  readonly tokens: readonly number[];
  /** The decoded value (an Architecture, or a benchmark key). */
  readonly value: T;
  /** `ok`, or `failed` when decoding, measuring, evaluating or the reward threw. */
  readonly status: 'ok' | 'pruned' | 'failed';
  /** The reward told to the controller (`ok` trials only). */
  readonly reward?: number;
  /** Accuracy in [0, 1] (when the evaluation succeeded). */
  readonly accuracy?: number;
  /** Median latency in ms (when the measurement succeeded). */
  readonly latencyMs?: number;
  /** The values of the search's `objectives`, in their order (multi-objective searches, `ok` and `pruned` trials). */
  readonly objectives?: readonly number[];
  /**
   * The share of the full training budget the accuracy was obtained at, in
   * (0, 1): a pruned trial's step over the pruner's `maxResource`; told to the
   * controller with the reward. Absent: the full budget (or a pruner without `maxResource`).
   */
  readonly fidelity?: number;
  /** How far the trial is from meeting the search's `constraint` (0: met), when it has one. */
  readonly violation?: number;
  /** Why the trial failed, prefixed with the stage: `measure: ...`, `evaluate: ...`, `reward: ...`, `objectives: ...`. */
  readonly error?: string;
  /** The evaluator's full result. */
  readonly evaluation?: EvaluationResult;
  /** The measurer's full report. */
  readonly latency?: LatencyReport;
  /**
   * Index of the earlier trial whose decoded value equals this one's: this
   * trial was not evaluated, it copies that trial's outcome (see
   * {@link SearchOptions.reevaluateRepeats}).
   */
  readonly repeatOf?: number;
  /** ISO time the trial started. */
  readonly startedAt: string;
  /** Wall time of the trial, ms (measurement, evaluation and waiting for the measurement lock). */
  readonly durationMs: number;
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
export interface BaselineResult<T = Architecture> {
  /** The baseline's name (the journal line's marker). */
  readonly baseline: string;
  readonly value: T;
  /** `ok`, or `failed` when measuring, evaluating or the reward threw. */
  readonly status: 'ok' | 'failed';
  /** The reward it would get (`ok` only); for reference, never told. */
  readonly reward?: number;
  readonly accuracy?: number;
  readonly latencyMs?: number;
  /** Its values of the search's objectives, as a trial's. */
  readonly objectives?: readonly number[];
  /** Its violation of the search's constraint, as a trial's. */
  readonly violation?: number;
  /** Why it failed, prefixed with the stage. */
  readonly error?: string;
  readonly evaluation?: EvaluationResult;
  readonly latency?: LatencyReport;
  readonly startedAt: string;
  readonly durationMs: number;
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
  /**
   * A label recorded in the journal header and checked on resume. It seeds
   * nothing: the controller, the evaluator and the measurer take their own seeds.
   * @deprecated Give seeds to the controller and the evaluator, and record run
   *   labels in `meta`. Still recorded and checked on resume; to be removed in
   *   the next major version.
   * @defaultValue none
   */
  readonly seed?: number | string;
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

/** The first line of a journal: what the search was run with. */
export interface JournalHeader {
  readonly type: 'header';
  readonly version: number;
  /** ISO time the search started. */
  readonly createdAt: string;
  /**
   * A random id drawn when the journal was created, so that two searches
   * started alike at the same moment still have distinct run ids (the
   * header's fingerprint). Absent from journals written before 0.2.
   */
  readonly id?: string;
  /** Fingerprint of the space's decisions, and their number. */
  readonly space: { readonly fingerprint: string; readonly decisions: number };
  /** Fingerprint of the controller's snapshot before its first ask. */
  readonly controllerFingerprint: string;
  /** Trials evaluated at once (the order of asks and tells depends on it). */
  readonly concurrency: number;
  /** Trial budget of the first run (`null`: none). */
  readonly trials: number | null;
  /** Name of the reward function. */
  readonly reward: string;
  /** The search's `seed` option, when given. */
  readonly seed?: number | string;
  /** The search's `meta` option, when given. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** The search's objectives (name and direction), when given. */
  readonly objectives?: readonly { readonly name: string; readonly direction: 'maximize' | 'minimize' }[];
  /** The search has a constraint. */
  readonly constrained?: boolean;
  /** The search's pruner (`kind` and `options` of its snapshot), when given. */
  readonly pruner?: {
    readonly kind: string;
    readonly options: Readonly<Record<string, unknown>>;
    /** `'model'` when the search promoted by the controller's model (absent: by the observed values). */
    readonly promotion?: 'model';
  };
}

/**
 * The options of {@link startWorker}, the worker it returns, and what it reports.
 *
 * @module
 */

import type { AccuracyEvaluator } from '../evaluate/types.js';
import type { LatencyMeasurer } from '../measure/types.js';
import type { Architecture } from '../space/types.js';
import type { JobKind } from './jobs.js';

/** An evaluator built from a recipe, and how its jobs' values are checked. */
export interface RecipeEvaluator<T> {
  readonly evaluator: AccuracyEvaluator<T>;
  /** Checks a job's value for this evaluator. @defaultValue the worker's `validate` */
  readonly validate?: (value: unknown) => T;
}

/**
 * Builds an evaluator from a coordinator's recipe (see `queueExecutor`'s
 * `recipe`); throws when the recipe is invalid (the job then fails at once).
 */
export type EvaluatorFactory<T> = (recipe: unknown) => RecipeEvaluator<T> | Promise<RecipeEvaluator<T>>;

/** What a worker reports as it goes. */
export interface WorkerEvent {
  readonly type: 'started' | 'finished' | 'failed';
  readonly kind: JobKind;
  /** The job's id. */
  readonly job: string;
  /** The job's key within its run (`trial-<index>`...), when its data was readable. */
  readonly key?: string;
  /** Why the job failed (`failed`). */
  readonly error?: string;
  /** The job will not be tried again (`failed`): its candidate or data is invalid, or it timed out. */
  readonly final?: boolean;
}

/** Options of {@link startWorker}. */
export interface StartWorkerOptions<T = Architecture> {
  /** Redis URL, as for `queueExecutor`. @defaultValue `redis://127.0.0.1:6379` */
  readonly connection?: string;
  /** Prefix of the Redis keys; as the coordinator's. @defaultValue `mnas-ts` */
  readonly prefix?: string;
  /**
   * Evaluates the jobs of `pool`: an evaluator, or a factory that builds one
   * (and its validator) from each job's recipe (called once per distinct
   * recipe; the last four are kept).
   * @defaultValue this worker does not evaluate
   */
  readonly evaluator?: AccuracyEvaluator<T> | EvaluatorFactory<T>;
  /** Pool whose evaluation jobs this worker takes. @defaultValue `default` */
  readonly pool?: string;
  /** Evaluations at once. @defaultValue `1` */
  readonly concurrency?: number;
  /** Measures the jobs of `platform`, one at a time, never during an evaluation of this worker. @defaultValue none */
  readonly measurer?: LatencyMeasurer<T>;
  /** The platform this worker owns (required with `measurer`): `pixel-7`, `wasm-lab3`... */
  readonly platform?: string;
  /**
   * Turns a job's value into a candidate, throwing when it is not one; a job
   * whose value it rejects fails at once, without retries.
   * @defaultValue `assertArchitecture`: values must be valid Architectures
   */
  readonly validate?: (value: unknown) => T;
  /**
   * A job whose worker stops renewing its lock (killed, or cut off) for this
   * long is taken again by another worker.
   * @defaultValue `30_000`
   */
  readonly lockMs?: number;
  /** How often this worker looks for such stalled jobs, ms. @defaultValue `lockMs` */
  readonly stalledIntervalMs?: number;
  /** Stalls a job survives before it fails. @defaultValue `2` */
  readonly maxStalls?: number;
  /** Called as jobs start, finish and fail. */
  readonly onEvent?: (event: WorkerEvent) => void;
  /**
   * Called with what is wrong with the connection to Redis, in one line
   * naming it (`Redis at 10.0.0.5:6379: connection refused ...`), once per
   * distinct problem; the worker keeps trying.
   */
  readonly onWarning?: (message: string) => void;
  /** Aborts connecting: `startWorker` then rejects with AbortError, its connections closed. @defaultValue none */
  readonly signal?: AbortSignal;
}

/** A running worker. */
export interface DistributedWorker {
  /** `host/pid`, recorded in each result. */
  readonly name: string;
  /** Jobs finished by this worker, by kind. */
  readonly finished: { readonly evaluate: number; readonly measure: number };
  /**
   * Stops taking jobs. By default waits for the jobs in hand to finish and
   * hands in their results; with `force`, aborts them: each counts as a
   * failed attempt and is retried (by another worker) after the backoff.
   */
  close(options?: { readonly force?: boolean }): Promise<void>;
}

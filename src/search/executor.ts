/**
 * The executor seam of `search()`: where a candidate is measured and
 * evaluated. The search keeps the controller, the reward and the journal;
 * an executor only turns a value into a latency report and an evaluation.
 * The default runs both in this process under the measurement lock;
 * `queueExecutor` (`mnas-ts/distributed`) hands them to workers.
 *
 * @module
 */

import { EvaluationError, MeasurementError, describeValue } from '../errors.js';
import type { PrunedEvaluator } from '../evaluate/pruning/index.js';
import type { AccuracyEvaluator, EvaluationResult } from '../evaluate/types.js';
import type { LatencyMeasurer, LatencyReport } from '../measure/types.js';
import { withDeadline } from './deadline.js';
import type { MeasurementLock } from './scheduler.js';

/** One value to measure and evaluate. */
export interface ExecutionRequest<T> {
  /**
   * The search's run id: the fingerprint of its journal header, or a random
   * id when the search has no journal. The same on every resume of a search.
   */
  readonly run: string;
  /** Names the work within the run, the same on every resume: `trial-<index>` or `baseline-<name>`. */
  readonly key: string;
  /** The trial's index; absent for a baseline. */
  readonly index?: number;
  /** The decoded candidate. */
  readonly value: T;
  /** Fail a measurement that has not settled this many ms after it started (`Infinity`: never). */
  readonly measureTimeoutMs: number;
  /** As `measureTimeoutMs`, for an evaluation. */
  readonly evaluateTimeoutMs: number;
}

/** Which stage of an execution failed, and why. */
export interface ExecutionFailure {
  readonly stage: 'measure' | 'evaluate';
  /** The error, as `Name: message`. */
  readonly message: string;
}

/**
 * What an executor found about one value. On a failure, what was found
 * before it (a latency when the evaluation failed) is kept.
 */
export interface Execution {
  readonly latency?: LatencyReport;
  readonly evaluation?: EvaluationResult;
  readonly failure?: ExecutionFailure;
}

/**
 * Measures and evaluates candidates for a search, wherever that happens.
 * `execute` resolves with a failure rather than rejecting when a stage
 * fails; it rejects only when `signal` aborts.
 */
export interface TrialExecutor<T> {
  /** Executions carry a latency report (the default reward needs one). */
  readonly measures: boolean;
  execute(request: ExecutionRequest<T>, options: { readonly signal: AbortSignal }): Promise<Execution>;
  /** Releases connections; the search does not call it (the executor's owner does). */
  close?(): Promise<void>;
}

/** `Name: message` of an error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** `value` and its type, for messages: `"0.9" (a string)`. */
function typed(value: unknown): string {
  const type = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  const article = type === 'null' || type === 'undefined' || type.startsWith('an ') ? '' : /^[aeiou]/.test(type) ? 'an ' : 'a ';
  return value === null || value === undefined ? String(value) : `${describeValue(value)} (${article}${type})`;
}

/**
 * The report's median when it is a finite number > 0.
 * @throws MeasurementError naming what the measurer returned and its type.
 */
export function checkLatency(report: unknown): LatencyReport {
  const median = (report as { medianMs?: unknown } | null | undefined)?.medianMs;
  if (typeof median !== 'number' || !Number.isFinite(median) || median <= 0) {
    throw new MeasurementError(`the measurer returned medianMs ${typed(median)}, expected a finite number > 0`, {
      path: ['medianMs'],
      expected: 'a finite number > 0',
      received: median,
    });
  }
  return report as LatencyReport;
}

/**
 * The evaluation when its accuracy is a number in [0, 1].
 * @throws EvaluationError naming what the evaluator returned and its type.
 */
export function checkEvaluation(evaluation: unknown): EvaluationResult {
  const accuracy = (evaluation as { accuracy?: unknown } | null | undefined)?.accuracy;
  if (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1)) {
    throw new EvaluationError(`the evaluator returned accuracy ${typed(accuracy)}, expected a number in [0, 1]`, {
      path: ['accuracy'],
      expected: 'a number in [0, 1]',
      received: accuracy,
    });
  }
  return evaluation as EvaluationResult;
}

/**
 * `result` when it is a promise (or any thenable).
 * @throws `error(what)` naming what `who` returned instead.
 */
function promised<R>(result: R | Promise<R>, who: string, error: (message: string) => Error): Promise<R> {
  const then = (result as { then?: unknown } | null | undefined)?.then;
  if (typeof then !== 'function') throw error(`${who} returned ${typed(result)}, expected a Promise`);
  return result as Promise<R>;
}

/** Options of {@link measureValue} and {@link evaluateValue}. */
export interface StageOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Run under this lock: a measurement on its exclusive side (alone), an evaluation on its shared side (never during a measurement). */
  readonly lock?: MeasurementLock | undefined;
}

/** What tells a measurement and an evaluation apart in {@link stagedValue}. */
interface Stage<R> {
  /** The method called: the path of the error when it returns no promise. */
  readonly call: 'measure' | 'evaluate';
  /** `the measurer`, `The measurement`: who is called, and the stage, for messages. */
  readonly names: readonly [who: string, what: string];
  readonly error: new (message: string, options: { readonly path: string[] }) => Error;
  readonly timeoutField: 'measureTimeoutMs' | 'evaluateTimeoutMs';
  readonly lockSide: 'exclusive' | 'shared';
  readonly check: (result: unknown) => R;
}

const MEASURE: Stage<LatencyReport> = {
  call: 'measure',
  names: ['the measurer', 'The measurement'],
  error: MeasurementError,
  timeoutField: 'measureTimeoutMs',
  lockSide: 'exclusive',
  check: checkLatency,
};

const EVALUATE: Stage<EvaluationResult> = {
  call: 'evaluate',
  names: ['the evaluator', 'The evaluation'],
  error: EvaluationError,
  timeoutField: 'evaluateTimeoutMs',
  lockSide: 'shared',
  check: checkEvaluation,
};

/** Runs one stage under its side of the lock and a timeout, and checks its result. */
async function stagedValue<R>(run: (signal: AbortSignal) => Promise<R>, stage: Stage<R>, o: StageOptions): Promise<R> {
  const { call, names, error: StageError, timeoutField } = stage;
  const attempt = (): Promise<R> =>
    withDeadline((signal) => promised(run(signal), `${names[0]}'s ${call}()`, (m) => new StageError(m, { path: [call] })), {
      signal: o.signal,
      timeoutMs: o.timeoutMs,
      timeoutError: () => new StageError(`${names[1]} did not settle within ${timeoutField} = ${o.timeoutMs} ms`, { path: [timeoutField] }),
    });
  return stage.check(o.lock === undefined ? await attempt() : await o.lock[stage.lockSide](attempt, o.signal));
}

/**
 * Measures `value` with `measurer` under the lock's exclusive side and a
 * timeout, and checks the report.
 * @throws MeasurementError on a timeout, a measure() that returns no promise or a report without a finite median > 0;
 *   AbortError when `signal` aborts.
 */
export function measureValue<T>(measurer: LatencyMeasurer<T>, value: T, o: StageOptions): Promise<LatencyReport> {
  return stagedValue((signal) => measurer.measure(value, { signal }), MEASURE, o);
}

/**
 * Evaluates `value` under the lock's shared side and a timeout, and checks the accuracy.
 * @throws EvaluationError on a timeout, an evaluate() that returns no promise or an accuracy that is not a number in [0, 1];
 *   AbortError when `signal` aborts.
 */
export function evaluateValue<T>(
  evaluate: (value: T, signal: AbortSignal) => Promise<EvaluationResult>,
  value: T,
  o: StageOptions,
): Promise<EvaluationResult> {
  return stagedValue((signal) => evaluate(value, signal), EVALUATE, o);
}

/** @internal What the in-process executor runs with. */
export interface InProcessRoles<T> {
  readonly evaluator: AccuracyEvaluator<T>;
  readonly measurer?: LatencyMeasurer<T> | undefined;
  /** The evaluator wrapped with the search's pruner: trials (requests with an index) go through it. */
  readonly pruned?: PrunedEvaluator<T> | undefined;
  /** The lock measurements and evaluations take, or none (`exclusiveMeasurement: false`). */
  readonly lock?: MeasurementLock | undefined;
}

/**
 * @internal The default executor: measures (alone, under the lock) then
 * evaluates (beside other evaluations) in this process.
 */
export function inProcessExecutor<T>(roles: InProcessRoles<T>): TrialExecutor<T> {
  const { evaluator, measurer, pruned, lock } = roles;
  return {
    measures: measurer !== undefined,
    async execute(request, { signal }): Promise<Execution> {
      const { value } = request;
      let latency: LatencyReport | undefined;
      if (measurer !== undefined) {
        try {
          latency = await measureValue(measurer, value, { signal, timeoutMs: request.measureTimeoutMs, lock });
        } catch (error) {
          if (signal.aborted) throw error;
          return { failure: { stage: 'measure', message: errorMessage(error) } };
        }
      }
      const latencyPart = latency === undefined ? {} : { latency };
      const trialKey = request.index === undefined ? undefined : String(request.index);
      try {
        const evaluation = await evaluateValue(
          (v, stage) =>
            pruned === undefined || trialKey === undefined
              ? evaluator.evaluate(v, { signal: stage })
              : pruned.evaluate(v, { signal: stage, trialKey }),
          value,
          { signal, timeoutMs: request.evaluateTimeoutMs, lock },
        );
        return { ...latencyPart, evaluation };
      } catch (error) {
        if (signal.aborted) throw error;
        return { ...latencyPart, failure: { stage: 'evaluate', message: errorMessage(error) } };
      }
    },
  };
}

/**
 * Runs one trial: decode, measure and evaluate (through the search's
 * executor), reward. Any failure but an abort becomes a failed trial.
 *
 * @module
 */

import { AbortError } from '../errors.js';
import type { Proposal } from '../controller/types.js';
import type { EvaluationResult } from '../evaluate/types.js';
import { type Execution, type ExecutionRequest, type TrialExecutor, checkEvaluation, checkLatency, errorMessage } from './executor.js';
import { trialFidelity } from './promotion.js';
import { isPrunedEvaluation } from './pruning.js';
import type { ResolvedSearchOptions } from './options.js';
import type { CandidateResult, Trial, TrialMetrics } from './types.js';

/** @internal */
export interface TrialContext<T> {
  readonly options: ResolvedSearchOptions<T>;
  /** Measures and evaluates. */
  readonly executor: TrialExecutor<T>;
  /** The search's run id (see {@link ExecutionRequest.run}). */
  readonly run: string;
  readonly signal: AbortSignal;
  /** Called with a finished trial's evaluation (the search warns once about a pruner without checkpoints). */
  readonly onEvaluated?: ((evaluation: EvaluationResult) => void) | undefined;
}

/**
 * Runs the trial at `index` for `proposal`.
 * @throws AbortError when the search was aborted meanwhile (the trial is not recorded).
 */
export async function runTrial<T>(ctx: TrialContext<T>, index: number, proposal: Proposal): Promise<Trial<T>> {
  const { options, signal } = ctx;
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const base = { index, id: proposal.id, tokens: [...proposal.tokens], startedAt };
  const failed = (stage: string, error: unknown, extra: Partial<Trial<T>> = {}): Trial<T> => {
    if (signal.aborted) throw new AbortError('The search was aborted', { cause: signal.reason });
    return {
      ...base,
      value: null as T,
      ...extra,
      status: 'failed',
      error: `${stage}: ${errorMessage(error)}`,
      durationMs: performance.now() - t0,
    };
  };

  let value: T;
  try {
    value = options.space.decode(proposal.tokens);
  } catch (error) {
    return failed('decode', error);
  }
  return { ...base, ...(await scoreValue(ctx, value, t0, `trial-${index}`, index)) } as Trial<T>;
}

/** What {@link scoreValue} finds about one value: a trial's or a baseline's result without its start time. */
export type Scored<T> = Omit<CandidateResult<T>, 'startedAt'>;

/**
 * Measures and evaluates `value` through the search's executor, then
 * rewards it; `t0` is when its trial started (`performance.now()`). `key`
 * names the work within the run (`trial-<index>` or `baseline-<name>`); with
 * `index` (a trial) the search's pruner, if any, judges it; without (a
 * baseline), it is evaluated in full.
 * @throws AbortError when the search was aborted meanwhile.
 */
export async function scoreValue<T>(ctx: TrialContext<T>, value: T, t0: number, key: string, index?: number): Promise<Scored<T>> {
  const { options, signal } = ctx;
  const abortError = (): AbortError => new AbortError('The search was aborted', { cause: signal.reason });
  const failed = (stage: string, error: string, extra: Partial<Scored<T>> = {}): Scored<T> => {
    if (signal.aborted) throw abortError();
    return { value, ...extra, status: 'failed', error: `${stage}: ${error}`, durationMs: performance.now() - t0 };
  };

  let execution: Execution;
  try {
    execution = await ctx.executor.execute(
      {
        run: ctx.run,
        key,
        ...(index === undefined ? {} : { index }),
        value,
        measureTimeoutMs: options.measureTimeoutMs,
        evaluateTimeoutMs: options.evaluateTimeoutMs,
      },
      { signal },
    );
  } catch (error) {
    if (signal.aborted) throw abortError();
    return failed('execute', errorMessage(error));
  }
  const { latency, evaluation, failure } = execution;
  const latencyPart = latency === undefined ? {} : { latencyMs: latency.medianMs, latency };
  if (failure !== undefined) return failed(failure.stage, failure.message, failure.stage === 'evaluate' ? latencyPart : {});
  if (evaluation === undefined) return failed('evaluate', 'the executor returned no evaluation', latencyPart);
  if (ctx.executor.measures && latency === undefined) return failed('measure', 'the executor returned no latency report');
  // Executors may hand back what other processes sent: the same checks as in process.
  try {
    if (latency !== undefined) checkLatency(latency);
  } catch (error) {
    return failed('measure', errorMessage(error));
  }
  try {
    checkEvaluation(evaluation);
  } catch (error) {
    return failed('evaluate', errorMessage(error), latencyPart);
  }

  ctx.onEvaluated?.(evaluation);
  const metrics: TrialMetrics = { accuracy: evaluation.accuracy, evaluation, ...latencyPart };
  let reward: number;
  try {
    reward = options.reward(metrics);
    if (typeof reward !== 'number' || !Number.isFinite(reward))
      throw new Error(`the reward function returned ${String(reward)}, expected a finite number`);
  } catch (error) {
    return failed('reward', errorMessage(error), { accuracy: evaluation.accuracy, evaluation, ...latencyPart });
  }
  let vector: { objectives: number[]; violation?: number } | undefined;
  if (options.resolvedObjectives !== undefined) {
    try {
      vector = objectiveVector(options, metrics);
    } catch (error) {
      return failed('objectives', errorMessage(error), { accuracy: evaluation.accuracy, evaluation, ...latencyPart });
    }
  }
  if (signal.aborted) throw abortError();
  const fidelity = trialFidelity(evaluation, options.pruner);
  return {
    value,
    status: isPrunedEvaluation(evaluation) ? 'pruned' : 'ok',
    reward,
    ...vector,
    ...(fidelity === undefined || fidelity >= 1 ? {} : { fidelity }),
    accuracy: evaluation.accuracy,
    ...latencyPart,
    evaluation,
    durationMs: performance.now() - t0,
  };
}

/**
 * The values of the search's objectives and its constraint's violation for `metrics`.
 * @throws Error naming the objective whose value is not finite, or a violation that is not a finite number >= 0.
 */
function objectiveVector<T>(options: TrialContext<T>['options'], metrics: TrialMetrics): { objectives: number[]; violation?: number } {
  const objectives = (options.resolvedObjectives ?? []).map((o) => {
    const v = o.value(metrics);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`objective ${o.name} is ${String(v)}, expected a finite number`);
    return v;
  });
  if (options.constraint === undefined) return { objectives };
  const violation = options.constraint(metrics);
  if (typeof violation !== 'number' || !Number.isFinite(violation) || violation < 0) {
    throw new Error(`the constraint returned ${String(violation)}, expected a finite number >= 0`);
  }
  return { objectives, violation };
}

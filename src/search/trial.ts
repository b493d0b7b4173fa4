/**
 * Runs one trial: decode, measure (under the exclusive lock), evaluate
 * (under the shared lock), reward. Any failure but an abort becomes a failed
 * trial; a measurement or evaluation that outlasts its timeout fails the
 * trial and releases its lock.
 *
 * @module
 */

import { AbortError, EvaluationError, MeasurementError } from '../errors.js';
import type { Proposal } from '../controller/types.js';
import type { EvaluationResult } from '../evaluate/types.js';
import type { LatencyReport } from '../measure/types.js';
import type { PrunedEvaluator } from '../evaluate/pruning/index.js';
import { withDeadline } from './deadline.js';
import { isPrunedEvaluation } from './pruning.js';
import type { ResolvedSearchOptions } from './options.js';
import type { MeasurementLock } from './scheduler.js';
import type { Trial, TrialMetrics } from './types.js';

function message(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** @internal */
export interface TrialContext<T> {
  readonly options: ResolvedSearchOptions<T>;
  readonly lock: MeasurementLock;
  readonly signal: AbortSignal;
  /** The evaluator wrapped with the search's pruner, when it has one. */
  readonly pruned?: PrunedEvaluator<T> | undefined;
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
      error: `${stage}: ${message(error)}`,
      durationMs: performance.now() - t0,
    };
  };

  let value: T;
  try {
    value = options.space.decode(proposal.tokens);
  } catch (error) {
    return failed('decode', error);
  }
  return { ...base, ...(await scoreValue(ctx, value, t0, String(index))) } as Trial<T>;
}

/** What {@link scoreValue} finds about one value: a trial without its proposal fields. */
export type Scored<T> = Omit<Trial<T>, 'index' | 'id' | 'tokens' | 'startedAt'>;

/**
 * Measures (under the exclusive lock), evaluates (under the shared lock) and
 * rewards `value`; `t0` is when its trial started (`performance.now()`). With
 * `trialKey` (a trial's index) the search's pruner, if any, judges it; without
 * (a baseline), it is evaluated in full.
 * @throws AbortError when the search was aborted meanwhile.
 */
export async function scoreValue<T>(ctx: TrialContext<T>, value: T, t0: number, trialKey?: string): Promise<Scored<T>> {
  const { options, lock, signal } = ctx;
  const failed = (stage: string, error: unknown, extra: Partial<Scored<T>> = {}): Scored<T> => {
    if (signal.aborted) throw new AbortError('The search was aborted', { cause: signal.reason });
    return { value, ...extra, status: 'failed', error: `${stage}: ${message(error)}`, durationMs: performance.now() - t0 };
  };

  let latency: LatencyReport | undefined;
  const measurer = options.measurer;
  if (measurer !== undefined) {
    try {
      const measure = (): Promise<LatencyReport> =>
        withDeadline((stage) => measurer.measure(value, { signal: stage }), {
          signal,
          timeoutMs: options.measureTimeoutMs,
          timeoutError: () =>
            new MeasurementError(`The measurement did not settle within measureTimeoutMs = ${options.measureTimeoutMs} ms`, {
              path: ['measureTimeoutMs'],
            }),
        });
      latency = options.exclusiveMeasurement ? await lock.exclusive(measure, signal) : await measure();
      if (typeof latency?.medianMs !== 'number' || !Number.isFinite(latency.medianMs) || latency.medianMs <= 0) {
        throw new Error(`the measurer returned medianMs ${String(latency?.medianMs)}, expected a finite number > 0`);
      }
    } catch (error) {
      return failed('measure', error);
    }
  }
  const latencyPart = latency === undefined ? {} : { latencyMs: latency.medianMs, latency };

  let evaluation: EvaluationResult;
  try {
    const evaluate = (): Promise<EvaluationResult> =>
      withDeadline(
        (stage) =>
          ctx.pruned === undefined || trialKey === undefined
            ? options.evaluator.evaluate(value, { signal: stage })
            : ctx.pruned.evaluate(value, { signal: stage, trialKey }),
        {
          signal,
          timeoutMs: options.evaluateTimeoutMs,
          timeoutError: () =>
            new EvaluationError(`The evaluation did not settle within evaluateTimeoutMs = ${options.evaluateTimeoutMs} ms`, {
              path: ['evaluateTimeoutMs'],
            }),
        },
      );
    evaluation = options.exclusiveMeasurement ? await lock.shared(evaluate, signal) : await evaluate();
    const acc = evaluation?.accuracy;
    if (typeof acc !== 'number' || !(acc >= 0 && acc <= 1)) {
      throw new Error(`the evaluator returned accuracy ${String(acc)}, expected a number in [0, 1]`);
    }
  } catch (error) {
    return failed('evaluate', error, latencyPart);
  }

  ctx.onEvaluated?.(evaluation);
  const metrics: TrialMetrics = { accuracy: evaluation.accuracy, evaluation, ...latencyPart };
  let reward: number;
  try {
    reward = options.reward(metrics);
    if (typeof reward !== 'number' || !Number.isFinite(reward))
      throw new Error(`the reward function returned ${String(reward)}, expected a finite number`);
  } catch (error) {
    return failed('reward', error, { accuracy: evaluation.accuracy, evaluation, ...latencyPart });
  }
  if (signal.aborted) throw new AbortError('The search was aborted', { cause: signal.reason });
  return {
    value,
    status: isPrunedEvaluation(evaluation) ? 'pruned' : 'ok',
    reward,
    accuracy: evaluation.accuracy,
    ...latencyPart,
    evaluation,
    durationMs: performance.now() - t0,
  };
}

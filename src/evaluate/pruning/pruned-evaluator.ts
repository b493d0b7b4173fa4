/**
 * `prunedEvaluator`: an evaluator that stops weak trials at their
 * checkpoints as a {@link Pruner} decides.
 *
 * @module
 */

import { AbortError, EvaluationError, InvalidOptionsError, fieldMessage, throwIfAborted } from '../../errors.js';
import type { Architecture } from '../../space/types.js';
import type { AccuracyEvaluator, EvaluateOptions, EvaluationProgress, EvaluationResult } from '../types.js';
import { checkPrunerOptionKeys } from './successive-halving-options.js';
import type { CurvePoint, Pruner } from './types.js';

/** Options of one evaluation through {@link prunedEvaluator}. */
export interface PrunedEvaluateOptions extends EvaluateOptions {
  /**
   * The key the pruner knows this trial by; a search passes its trial index
   * (`String(index)`) so a resumed search replays the same keys.
   * @defaultValue the number of earlier `evaluate` calls on this wrapper, as a string
   */
  readonly trialKey?: string;
}

/** An {@link EvaluationResult} with the learning curve, and `extra.pruned`. */
export interface PrunedEvaluationResult extends EvaluationResult {
  /** The checkpoints the evaluator reported, in step order (empty without checkpoints). */
  readonly curve: readonly CurvePoint[];
  /** The inner result's `extra` (empty for a pruned trial) with `pruned`, and `prunedAtStep` when pruned. */
  readonly extra: Readonly<Record<string, number | string | boolean>>;
}

/** An evaluator wrapped by {@link prunedEvaluator}. */
export interface PrunedEvaluator<T = Architecture> extends AccuracyEvaluator<T> {
  /** The pruner it asks (to snapshot it, or to rebuild it on resume). */
  readonly pruner: Pruner;
  /** @throws AbortError when aborted; EvaluationError when the inner evaluation fails or reports a bad checkpoint. */
  evaluate(value: T, options?: PrunedEvaluateOptions): Promise<PrunedEvaluationResult>;
}

/** Options of {@link prunedEvaluator}. */
export interface PrunedEvaluatorOptions {
  /** Clock of the `wallMs` of a pruned trial, in ms. @defaultValue `() => performance.now()` */
  readonly now?: () => number;
}

/** What one evaluation saw of its checkpoints. */
interface Watch {
  readonly curve: CurvePoint[];
  prunedAt: number | undefined;
  failure: unknown;
}

/**
 * Wraps `evaluator` so that each checkpoint it reports through `onProgress`
 * (a progress with `accuracy` and `step`, e.g. `ProxyTrainer`'s
 * `checkpoints` option) goes to `pruner`. Progress is forwarded up to and
 * including the checkpoint that decided a prune. When told `'prune'`, the
 * wrapper aborts the inner evaluation (its own AbortSignal) and resolves
 * with a pruned result: `accuracy` is that last checkpoint's, `steps` its
 * step, `extra: { pruned: true, prunedAtStep }`, and the `curve`. A trial
 * that runs to the end resolves with the inner result, its `curve` and
 * `extra.pruned: false`. Either way the pruner is told `complete`; on an
 * error or an abort from the caller it is told `forget` and the promise
 * rejects, as the inner evaluation did.
 *
 * @param evaluator - the evaluator to stop early; it must stop soon after its signal aborts.
 * @param pruner - decides at each checkpoint.
 * @throws InvalidOptionsError for bad options.
 * @example
 * const pruner = new SuccessiveHalvingPruner({ minResource: 16, reductionFactor: 3, maxResource: 128 });
 * const evaluator = prunedEvaluator(new ProxyTrainer({ steps: 128, checkpoints: pruner.rungSteps(128) }), pruner);
 * const result = await evaluator.evaluate(arch, { trialKey: '0' });
 * if (result.extra.pruned) console.log('pruned at step', result.extra.prunedAtStep);
 */
export function prunedEvaluator<T = Architecture>(
  evaluator: AccuracyEvaluator<T>,
  pruner: Pruner,
  options: PrunedEvaluatorOptions = {},
): PrunedEvaluator<T> {
  const o = checkPrunerOptionKeys(options, 'prunedEvaluator', ['now']);
  const now = o['now'] ?? (() => performance.now());
  if (typeof now !== 'function')
    throw new InvalidOptionsError(fieldMessage('option', ['now'], 'a function returning ms', now), { path: ['now'] });
  let calls = 0;
  return {
    pruner,
    async evaluate(value: T, opts: PrunedEvaluateOptions = {}): Promise<PrunedEvaluationResult> {
      const trialKey = opts.trialKey ?? String(calls);
      calls++;
      if (typeof trialKey !== 'string' || trialKey === '') {
        throw new InvalidOptionsError(fieldMessage('option', ['trialKey'], 'a non-empty string', trialKey), { path: ['trialKey'] });
      }
      throwIfAborted(opts.signal);
      return evaluateWatched(evaluator, pruner, value, trialKey, opts, now as () => number);
    },
  };
}

async function evaluateWatched<T>(
  evaluator: AccuracyEvaluator<T>,
  pruner: Pruner,
  value: T,
  trialKey: string,
  opts: PrunedEvaluateOptions,
  now: () => number,
): Promise<PrunedEvaluationResult> {
  const start = now();
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const watch: Watch = { curve: [], prunedAt: undefined, failure: undefined };
  const onProgress = (p: EvaluationProgress): void => {
    // After a prune, a bad checkpoint or the caller's abort, late reports reach neither the caller nor the pruner.
    if (watch.prunedAt !== undefined || watch.failure !== undefined || inner.signal.aborted) return;
    opts.onProgress?.(p);
    if (p.accuracy !== undefined) checkpoint(pruner, trialKey, p, watch, inner);
  };
  try {
    let result: EvaluationResult | undefined;
    try {
      result = await evaluator.evaluate(value, { signal: inner.signal, onProgress });
    } catch (error) {
      if (watch.failure !== undefined || watch.prunedAt === undefined || opts.signal?.aborted) throw watch.failure ?? error;
    }
    if (watch.failure !== undefined) throw watch.failure;
    // An inner evaluator that finished despite the caller's abort: the caller still gets the abort.
    throwIfAborted(opts.signal);
    pruner.complete(trialKey);
    if (watch.prunedAt !== undefined || result === undefined) return prunedResult(watch, now() - start);
    return { ...result, curve: watch.curve, extra: { ...result.extra, pruned: false } };
  } catch (error) {
    pruner.forget(trialKey);
    throw error;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Reports a checkpoint to the pruner; on `'prune'` or a bad checkpoint, aborts the inner evaluation. */
function checkpoint(pruner: Pruner, trialKey: string, p: EvaluationProgress, watch: Watch, inner: AbortController): void {
  try {
    if (p.step === undefined) {
      throw new EvaluationError(
        `A checkpoint of trial ${trialKey} has accuracy ${p.accuracy} but no step: expected the step it was measured at`,
        {
          path: ['step'],
        },
      );
    }
    const accuracy = p.accuracy as number;
    const decision = pruner.report(trialKey, p.step, accuracy);
    watch.curve.push({ step: p.step, accuracy });
    if (decision === 'prune') {
      watch.prunedAt = p.step;
      inner.abort(new AbortError(`Trial ${trialKey} was pruned at step ${p.step}`));
    }
  } catch (error) {
    watch.failure = error;
    inner.abort(error);
  }
}

function prunedResult(watch: Watch, wallMs: number): PrunedEvaluationResult {
  const last = watch.curve.at(-1) as CurvePoint;
  return { accuracy: last.accuracy, steps: last.step, wallMs, curve: watch.curve, extra: { pruned: true, prunedAtStep: last.step } };
}

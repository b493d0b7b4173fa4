/**
 * Scores a search's baselines: hand-designed networks measured and evaluated
 * as trials are, journaled as `baseline` lines, never told to the controller.
 *
 * @module
 */

import { AbortError } from '../errors.js';
import type { JournalWriter } from './journal.js';
import { scoreValue, type TrialContext } from './trial.js';
import type { BaselineResult, Trial } from './types.js';

/** The part of a search's start that baselines need. */
export interface BaselineStart<T> {
  readonly writer: JournalWriter | undefined;
  /** Baselines already journaled, by name: read back, not run again. */
  readonly baselines: ReadonlyMap<string, BaselineResult<T>>;
}

/**
 * Scores every baseline of `ctx.options.baselines` that `start` does not hold,
 * one after the other, appending each to the journal as it finishes.
 *
 * @returns every baseline's result, in the order of the option.
 * @throws AbortError when the search is aborted (finished baselines stay journaled).
 */
export async function runBaselines<T>(ctx: TrialContext<T>, start: BaselineStart<T>): Promise<BaselineResult<T>[]> {
  const results: BaselineResult<T>[] = [];
  for (const { name, value } of ctx.options.baselines ?? []) {
    const journaled = start.baselines.get(name);
    if (journaled !== undefined) {
      results.push(journaled);
      continue;
    }
    if (ctx.signal.aborted) throw new AbortError('The search was aborted', { cause: ctx.signal.reason });
    const startedAt = new Date().toISOString();
    const scored = await scoreValue(ctx, value, performance.now(), `baseline-${name}`);
    const result = { baseline: name, ...scored, startedAt } as BaselineResult<T>; // never pruned: no trial key
    await start.writer?.append({ type: 'baseline', ...result });
    ctx.options.onBaseline?.(result);
    results.push(result);
  }
  return results;
}

/**
 * The names of the `ok` baselines that some `ok` point of `front` dominates at
 * equal or lower latency: accuracy at least as high and latency at most as
 * high, one of them strictly.
 *
 * @example dominatedBaselines(result.baselines, result.paretoFront) // ['mobilenet-v2-1.0']
 */
export function dominatedBaselines<T>(baselines: readonly BaselineResult<T>[], front: readonly Trial<T>[]): string[] {
  const points = front.filter((t) => t.status === 'ok' && t.accuracy !== undefined && t.latencyMs !== undefined);
  return baselines
    .filter((b) => b.status === 'ok' && b.accuracy !== undefined && b.latencyMs !== undefined)
    .filter((b) =>
      points.some((t) => {
        const [ta, tl, ba, bl] = [t.accuracy as number, t.latencyMs as number, b.accuracy as number, b.latencyMs as number];
        return ta >= ba && tl <= bl && (ta > ba || tl < bl);
      }),
    )
    .map((b) => b.baseline);
}

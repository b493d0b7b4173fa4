/**
 * The search loop: ask -> decode -> measure + evaluate -> reward -> tell -> journal.
 *
 * @module
 */

import { AbortError, JournalError } from './errors.js';
import type { Proposal } from './controller/types.js';
import { resolveSearchOptions } from './search/options.js';
import { paretoTrials, bestTrial } from './search/pareto.js';
import { openSearch } from './search/resume.js';
import { MeasurementLock } from './search/scheduler.js';
import { snapshotPath, writeSnapshot } from './search/snapshot.js';
import { runTrial } from './search/trial.js';
import type { SearchOptions, SearchResult, StopReason, Trial } from './search/types.js';
import type { Architecture } from './space/types.js';

export type {
  RewardFunction,
  SearchBudget,
  SearchOptions,
  SearchProgress,
  SearchResult,
  StopReason,
  Trial,
  TrialMetrics,
} from './search/types.js';
export { readJournal, type JournalContents, type JournalHeader } from './search/journal.js';
export { MeasurementLock } from './search/scheduler.js';
export { mnasSoftReward } from './search/reward.js';
export { paretoTrials, bestTrial } from './search/pareto.js';
export { resolveSearchOptions, type ResolvedSearchOptions } from './search/options.js';

function sameTokens(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * Runs a platform-aware architecture search: the controller proposes, the
 * space decodes, the measurer times and the evaluator scores each candidate,
 * the reward goes back to the controller.
 *
 * Order and exactness: with `concurrency` c, trials `i .. i+c-1` run at once,
 * but the controller is told in proposal order and asked for trial `i+c` right
 * after trial `i` is told, so the sequence of asks and tells (and thus, with
 * deterministic evaluation, the whole result) does not depend on which
 * evaluation finishes first.
 *
 * Journal and resume: each finished trial is appended to `journal` as one JSON
 * line and fsynced before it is told; after each tell the controller snapshot
 * and the list of outstanding proposals are written atomically beside it. With
 * `resume: true` the controller is restored from the snapshot, trials journaled
 * after it are told again from the journal (not re-run), outstanding proposals
 * not in the journal are evaluated again, and the search goes on: no finished
 * trial is lost or run twice, and a deterministic search ends exactly as an
 * uninterrupted one.
 *
 * @param options - see {@link SearchOptions}.
 * @returns every trial, the best one and the Pareto front of accuracy vs latency.
 * @throws InvalidOptionsError for a bad option (naming it); JournalError for a
 *   corrupt or mismatched journal; AbortError when `signal` fires (finished trials stay in the journal).
 * @example
 * const result = await search({
 *   space, controller: new RandomController(space, { seed: 1 }),
 *   evaluator, measurer, targetMs: 20, budget: { trials: 50 }, journal: 'runs/a.jsonl',
 * });
 * console.log(result.best?.reward, result.paretoFront.length);
 */
export async function search<T = Architecture>(options: SearchOptions<T>): Promise<SearchResult<T>> {
  const o = resolveSearchOptions(options);
  if (o.signal?.aborted) throw new AbortError('The search was aborted', { cause: o.signal.reason });
  const t0 = performance.now();
  const warn = o.onWarning ?? (() => undefined);
  const start = await openSearch(o, warn);
  const { writer, journaled } = start;
  const internal = new AbortController();
  const onAbort = (): void => internal.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx = { options: o, lock: new MeasurementLock(), signal: internal.signal };
  const finished = new Map(journaled);
  const proposals = new Map<number, Proposal>(start.pending);
  const inflight = new Map<number, Promise<Trial<T>>>();
  let told = start.told;
  let asked = start.asked;
  let best = bestTrial([...finished.values()].filter((t) => t.index < told));
  let stopReason: StopReason = 'trials';

  const launch = (index: number, proposal: Proposal): void => {
    const recorded = journaled.get(index);
    if (recorded !== undefined) {
      if (!sameTokens(recorded.tokens, proposal.tokens)) {
        throw new JournalError(
          `Cannot resume ${o.journal}: the controller proposed [${proposal.tokens.join(', ')}] for trial ${index}, the journal has [${recorded.tokens.join(', ')}] (is the controller deterministic for its seed?)`,
          { path: ['controller'] },
        );
      }
      return;
    }
    const run = runTrial(ctx, index, proposal).then(async (trial) => {
      await writer?.append({ type: 'trial', ...trial });
      finished.set(index, trial);
      return trial;
    });
    run.catch(() => undefined); // awaited in order below; avoid unhandled rejections meanwhile
    inflight.set(index, run);
  };
  const fill = (): void => {
    while (asked - told < o.concurrency && asked < o.trials && !internal.signal.aborted) {
      if (performance.now() - t0 >= o.wallTimeMs) {
        stopReason = 'wall-time';
        return;
      }
      const proposal = o.controller.ask();
      proposals.set(asked, proposal);
      launch(asked++, proposal);
    }
  };
  let lastWrite = { at: -Infinity, ms: 0 };
  const snapshot = async (): Promise<void> => {
    if (o.journal === undefined) return;
    const begin = performance.now();
    const pending = [...proposals].map(([index, p]) => ({ index, id: p.id, tokens: [...p.tokens] }));
    await writeSnapshot(snapshotPath(o.journal), { version: 1, run: start.run, told, asked, pending, controller: o.controller.snapshot() });
    lastWrite = { at: performance.now(), ms: performance.now() - begin };
  };
  const snapshotDue = (): boolean => {
    if (told === asked) return true;
    if (o.snapshotEvery === 'auto') return performance.now() - lastWrite.at >= 9 * lastWrite.ms;
    return told % o.snapshotEvery === 0;
  };

  try {
    for (const [index, proposal] of proposals) launch(index, proposal);
    fill();
    await snapshot();
    while (told < asked) {
      if (internal.signal.aborted) throw new AbortError('The search was aborted', { cause: o.signal?.reason });
      const index = told;
      const proposal = proposals.get(index) as Proposal;
      const fromJournal = !inflight.has(index);
      const trial = fromJournal ? (finished.get(index) as Trial<T>) : await (inflight.get(index) as Promise<Trial<T>>);
      inflight.delete(index);
      // The controller's update and its next proposals use the CPU too: never during a measurement.
      const step = async (): Promise<void> => {
        o.controller.tell(proposal.id, trial.status === 'ok' ? { reward: trial.reward as number } : { failed: trial.error ?? 'failed' });
        proposals.delete(index);
        told++;
        if (trial.status === 'ok' && (best === undefined || (trial.reward as number) > (best.reward as number))) best = trial;
        if (!fromJournal) {
          o.onTrial?.(trial, { done: finished.size, total: Number.isFinite(o.trials) ? o.trials : undefined, best, elapsedMs: performance.now() - t0 });
        }
        fill();
      };
      await (o.exclusiveMeasurement ? ctx.lock.shared(step) : step());
      if (snapshotDue()) await snapshot();
    }
    if (internal.signal.aborted) throw new AbortError('The search was aborted', { cause: o.signal?.reason });
  } catch (error) {
    internal.abort(error);
    await Promise.allSettled(inflight.values());
    throw error;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await writer?.close();
  }
  const trials = [...finished.values()].sort((a, b) => a.index - b.index);
  return { trials, best: bestTrial(trials), paretoFront: paretoTrials(trials), stopReason, resumedTrials: journaled.size };
}

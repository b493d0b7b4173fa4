/**
 * The search loop: ask -> decode -> measure + evaluate -> reward -> tell -> journal.
 *
 * @module
 */

import { setMaxListeners } from 'node:events';
import { dropWasmProcessHandlers } from '../blocks/wasm-process-handlers.js';
import { AbortError } from '../errors.js';
import type { AccuracyEvaluator } from '../evaluate/types.js';
import type { Outcome, Proposal } from '../controller/types.js';
import type { Architecture } from '../space/types.js';
import { runBaselines } from './baselines.js';
import { inProcessExecutor } from './executor.js';
import { SnapshotCadence } from './cadence.js';
import { type ResolvedSearchOptions, resolveSearchOptions } from './options.js';
import { paretoTrials, bestTrial } from './pareto.js';
import { TrialQueue } from './queue.js';
import { reusingRepeats } from './repeats.js';
import { openSearch } from './resume.js';
import { MeasurementLock } from './scheduler.js';
import { snapshotPath, writeSnapshot } from './snapshot.js';
import { type FidelityPredictor, fullSteps, modelRanker, partialRewards } from './promotion.js';
import { searchPrunedEvaluator } from './pruning.js';
import { runTrial } from './trial.js';
import type { SearchOptions, SearchResult, Trial } from './types.js';

export type {
  Baseline,
  BaselineResult,
  CandidateResult,
  RewardFunction,
  SearchBudget,
  SearchOptions,
  SearchProgress,
  SearchResult,
  SearchObjective,
  StopReason,
  Trial,
  TrialMetrics,
} from './types.js';
export type { Execution, ExecutionFailure, ExecutionRequest, TrialExecutor } from './executor.js';
export { readJournal, type JournalContents, type JournalHeader } from './journal.js';
export { MeasurementLock } from './scheduler.js';
export { mnasSoftReward } from './reward.js';
export { paretoTrials, bestTrial } from './pareto.js';
export { dominatedBaselines } from './baselines.js';
export { resolveSearchOptions, type ResolvedSearchOptions } from './options.js';
export { snapshotPath } from './snapshot.js';

function aborted(signal: AbortSignal | undefined): AbortError {
  return new AbortError('The search was aborted', { cause: signal?.reason });
}

/** What the controller is told of a finished trial (with its rewards at the rungs it passed, when the search has a pruner). */
function outcomeOf<T>(trial: Trial<T>, o: ResolvedSearchOptions<T>): Outcome {
  if (trial.status === 'failed') return { failed: trial.error ?? 'failed' };
  const partials = partialRewards(trial, o.reward, o.pruner);
  return {
    reward: trial.reward as number,
    ...(trial.objectives === undefined ? {} : { objectives: trial.objectives }),
    ...(trial.violation === undefined ? {} : { violation: trial.violation }),
    ...(trial.fidelity === undefined ? {} : { fidelity: trial.fidelity }),
    ...(partials.length === 0 ? {} : { partialRewards: partials }),
  };
}

function better<T>(trial: Trial<T>, best: Trial<T> | undefined): boolean {
  return trial.status === 'ok' && (best === undefined || (trial.reward as number) > (best.reward as number));
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
 * Baselines (`baselines`) are scored before the first trial by the same
 * measurer and evaluator, journaled as `baseline` lines (not run again on
 * resume), and never told to the controller, counted as trials, `best` or on
 * the front; they are returned in `baselines`.
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
  // An error of the search (or of the caller after it) ends the process the way Node ends it.
  dropWasmProcessHandlers();
  const o = resolveSearchOptions(options);
  if (o.signal?.aborted) throw aborted(o.signal);
  const now = (): number => performance.now();
  const t0 = now();
  const start = await openSearch(o, o.onWarning ?? (() => undefined));
  const internal = new AbortController();
  // Each running trial listens on it (timeouts, locks, a queue executor's waits): no leak warning at high concurrency.
  setMaxListeners(10 + 4 * o.concurrency, internal.signal);
  const onAbort = (): void => internal.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) onAbort(); // aborted while the journal was opened
  let warnedNoCurve = false;
  const lock = new MeasurementLock();
  const executor =
    o.executor ??
    inProcessExecutor({
      evaluator: o.evaluator as AccuracyEvaluator<T>,
      measurer: o.measurer,
      pruned:
        o.pruner === undefined ? undefined : searchPrunedEvaluator(o.evaluator as AccuracyEvaluator<T>, o.pruner, start.journaled.values()),
      lock: o.exclusiveMeasurement ? lock : undefined,
    });
  const ctx = {
    options: o,
    executor,
    run: start.run ?? globalThis.crypto.randomUUID(),
    signal: internal.signal,
    onEvaluated: (evaluation: object): void => {
      const curve = (evaluation as { curve?: readonly unknown[] }).curve;
      if (o.pruner === undefined || warnedNoCurve || (curve?.length ?? 0) > 0) return;
      warnedNoCurve = true;
      o.onWarning?.(
        'The search has a pruner, but the evaluator reported no checkpoint: nothing will be pruned (give ProxyTrainer checkpoints: pruner.rungSteps(steps))',
      );
    },
  };
  const evaluate = (index: number, proposal: Proposal): Promise<Trial<T>> => runTrial(ctx, index, proposal);
  const once = o.reevaluateRepeats ? evaluate : reusingRepeats(o.space, start.journaled, evaluate);
  const run = async (index: number, proposal: Proposal): Promise<Trial<T>> => {
    const trial = await once(index, proposal);
    await start.writer?.append({ type: 'trial', ...trial });
    return trial;
  };
  const { controller, concurrency, trials: budget, journal } = o;
  // The wall-time budget bounds the trials: its clock starts once the baselines are scored.
  let trialsStart = t0;
  const queue = new TrialQueue<T>(
    {
      controller,
      concurrency,
      trials: budget,
      deadline: o.wallTimeMs,
      now: () => now() - trialsStart,
      signal: internal.signal,
      journal,
      run,
    },
    start,
  );
  // Set after the journaled curves were replayed: the model ranks only the rungs of new decisions.
  if (o.promotion === 'model') {
    const ranker = modelRanker(o.controller as unknown as FidelityPredictor, (i) => queue.tokensOf(i), fullSteps(o.pruner) as number);
    o.pruner?.rankWith?.(ranker);
  }
  const cadence = new SnapshotCadence(o.snapshotEvery, now);
  const snapshot = async (): Promise<void> => {
    if (o.journal === undefined) return;
    const path = snapshotPath(o.journal);
    const state = {
      version: 1 as const,
      run: start.run,
      told: queue.told,
      asked: queue.asked,
      pending: queue.pending(),
      controller: o.controller.snapshot(),
    };
    await cadence.write(() => writeSnapshot(path, state));
  };
  let best = bestTrial([...queue.finished.values()].filter((t) => t.index < start.told));
  let baselines: Awaited<ReturnType<typeof runBaselines<T>>> = [];

  try {
    // Before the first ask: baselines never reach the controller and use no trial.
    baselines = await runBaselines(ctx, start);
    trialsStart = now();
    queue.start();
    await snapshot();
    while (!queue.drained) {
      if (internal.signal.aborted) throw aborted(o.signal);
      const { index, proposal, trial, fromJournal } = await queue.next();
      // The controller's update and its next proposals use the CPU too: never during a measurement.
      const tell = async (): Promise<void> => {
        o.controller.tell(proposal.id, outcomeOf(trial, o));
        queue.markTold(index);
        if (better(trial, best)) best = trial;
        const total = Number.isFinite(o.trials) ? o.trials : undefined;
        if (!fromJournal) o.onTrial?.(trial, { done: queue.finished.size, total, best, elapsedMs: now() - t0 });
        queue.fill();
      };
      await (o.exclusiveMeasurement ? lock.shared(tell, internal.signal) : tell());
      if (cadence.due(queue.told, queue.asked)) await snapshot();
    }
    if (internal.signal.aborted) throw aborted(o.signal);
  } catch (error) {
    internal.abort(error);
    await queue.settle();
    throw error;
  } finally {
    if (o.promotion === 'model') o.pruner?.rankWith?.(undefined);
    o.signal?.removeEventListener('abort', onAbort);
    await start.writer?.close();
  }
  const trials = [...queue.finished.values()].sort((a, b) => a.index - b.index);
  return {
    trials,
    best: bestTrial(trials),
    paretoFront: paretoTrials(trials, o.objectives),
    stopReason: queue.stopReason,
    resumedTrials: start.journaled.size,
    baselines,
  };
}

/**
 * `SuccessiveHalvingPruner`: asynchronous successive halving (ASHA, Li et
 * al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020)
 * in the pruning form Optuna's `SuccessiveHalvingPruner` uses: each trial is
 * judged at each rung as it reaches it, against the values the rung holds so
 * far, and never waits for others.
 *
 * @module
 */

import { EvaluationError } from '../../errors.js';
import { badSnapshot, checkMaxStep, checkReport, isRecord } from './check-report.js';
import {
  type ResolvedSuccessiveHalvingPrunerOptions,
  type SuccessiveHalvingPrunerOptions,
  badPrunerOption,
  resolveSuccessiveHalvingPrunerOptions,
} from './successive-halving-options.js';
import type { PruneDecision, Pruner, PrunerSnapshot, RungRanker } from './types.js';

/** What the pruner remembers of one trial. */
interface TrialState {
  /** Step of the last report (0 before any). */
  lastStep: number;
  /** Index of the next rung the trial has not reached. */
  nextRung: number;
  /** Told `'prune'` at some rung. */
  pruned: boolean;
  /** Ended by `complete()`. */
  done: boolean;
}

const KIND = 'successive-halving';

/**
 * Asynchronous successive halving. Rung k is at step
 * `minResource * eta^(minEarlyStoppingRate + k)` (below `maxResource`). When
 * a report's step reaches a rung the trial has not reached before, its value
 * is recorded at that rung (a report past several rungs is recorded at each).
 * With n values at the rung (this one included), the trial passes when
 * n < `minTrialsAtRung`, or when its value is at least as good as the
 * `max(1, floor(n / eta))`-th best of them; otherwise it is pruned. With a
 * ranker ({@link SuccessiveHalvingPruner.rankWith}) the comparison is of the
 * ranker's scores of the rung's values instead. Which
 * values a rung holds depends only on each trial's learning curve, so
 * replaying curves in any order rebuilds the same rungs.
 *
 * @example
 * const pruner = new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 3, maxResource: 128 });
 * pruner.rungSteps(128); // [8, 24, 72]
 * pruner.report('0', 8, 0.41); // 'continue'
 */
export class SuccessiveHalvingPruner implements Pruner {
  /** The resolved options. */
  readonly options: ResolvedSuccessiveHalvingPrunerOptions;
  private rungs: [string, number][][] = [];
  private trials = new Map<string, TrialState>();
  private ranker: RungRanker | undefined;

  /** @throws InvalidOptionsError naming the bad option. */
  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    this.options = resolveSuccessiveHalvingPrunerOptions(options);
  }

  /** Step of rung `k`, or undefined when there is no such rung (at or above `maxResource`). */
  rungStep(k: number): number | undefined {
    const o = this.options;
    const step = o.minResource * o.reductionFactor ** (o.minEarlyStoppingRate + k);
    if (!Number.isSafeInteger(step) || (o.maxResource !== null && step >= o.maxResource)) return undefined;
    return step;
  }

  /** {@inheritDoc Pruner.rungSteps} */
  rungSteps(maxStep: number): number[] {
    checkMaxStep(maxStep);
    const steps: number[] = [];
    for (let k = 0; ; k++) {
      const step = this.rungStep(k);
      if (step === undefined || step >= maxStep) return steps;
      steps.push(step);
    }
  }

  /** {@inheritDoc Pruner.report} */
  report(trialKey: string, step: number, value: number): PruneDecision {
    checkReport(trialKey, step, value);
    const t = this.trials.get(trialKey) ?? { lastStep: 0, nextRung: 0, pruned: false, done: false };
    if (t.done) {
      throw new EvaluationError(
        `Pruner report of trial ${trialKey}: expected no report after the trial was completed, received one at step ${step}`,
        {
          path: ['trialKey'],
        },
      );
    }
    if (step <= t.lastStep) {
      throw new EvaluationError(
        `Pruner report of trial ${trialKey}: expected a step above the previous report's ${t.lastStep}, received ${step}`,
        {
          path: ['step'],
        },
      );
    }
    this.trials.set(trialKey, t);
    t.lastStep = step;
    for (let rungStep = this.rungStep(t.nextRung); rungStep !== undefined && rungStep <= step; rungStep = this.rungStep(t.nextRung)) {
      this.rungs[t.nextRung] ??= [];
      const rung = this.rungs[t.nextRung] as [string, number][];
      rung.push([trialKey, value]);
      if (!t.pruned && !this.passes(rung, rungStep)) t.pruned = true;
      t.nextRung++;
    }
    return t.pruned ? 'prune' : 'continue';
  }

  /** {@inheritDoc Pruner.complete} */
  complete(trialKey: string): void {
    const t = this.trials.get(trialKey) ?? { lastStep: 0, nextRung: 0, pruned: false, done: false };
    t.done = true;
    this.trials.set(trialKey, t);
  }

  /** {@inheritDoc Pruner.forget} */
  forget(trialKey: string): void {
    if (!this.trials.delete(trialKey)) return;
    this.rungs = this.rungs.map((rung) => rung.filter(([key]) => key !== trialKey));
  }

  /** Values recorded at rung `k` so far, in arrival order. */
  rungValues(k: number): number[] {
    return (this.rungs[k] ?? []).map(([, value]) => value);
  }

  /** {@inheritDoc Pruner.rankWith} */
  rankWith(ranker: RungRanker | undefined): void {
    if (ranker !== undefined && typeof ranker !== 'function') badPrunerOption('ranker', 'a function or undefined', ranker);
    this.ranker = ranker;
  }

  /**
   * The rule: fewer than `minTrialsAtRung` values, or the last entry's score
   * (its value, or the ranker's score) among the best `max(1, floor(n / eta))`.
   */
  private passes(rung: readonly [string, number][], step: number): boolean {
    const o = this.options;
    const n = rung.length;
    if (n < o.minTrialsAtRung) return true;
    const keep = Math.max(1, Math.floor(n / o.reductionFactor));
    const sign = o.direction === 'maximize' ? 1 : -1;
    const scores = this.scores(rung, step).map((v) => sign * v);
    const mine = scores[n - 1] as number;
    return mine >= (scores.sort((a, b) => b - a)[keep - 1] as number);
  }

  /** The rung's values, or the ranker's scores of them. @throws EvaluationError for a ranker's bad answer. */
  private scores(rung: readonly [string, number][], step: number): number[] {
    if (this.ranker === undefined) return rung.map(([, v]) => v);
    const scores = this.ranker(
      rung.map(([trialKey, value]) => ({ trialKey, value })),
      step,
    );
    if (!Array.isArray(scores) || scores.length !== rung.length || !scores.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new EvaluationError(
        `The pruner's ranker at step ${step}: expected ${rung.length} finite scores, one per value of the rung, received ${JSON.stringify(scores)}`,
        { path: ['ranker'] },
      );
    }
    return [...scores];
  }

  /** {@inheritDoc Pruner.snapshot} */
  snapshot(): PrunerSnapshot {
    return {
      kind: KIND,
      version: 1,
      options: { ...this.options },
      rungs: this.rungs.map((rung) => rung.map(([key, value]) => [key, value])),
      trials: [...this.trials].map(([key, t]) => [key, { ...t }]),
    };
  }

  /** {@inheritDoc Pruner.restore} */
  restore(snapshot: PrunerSnapshot): void {
    if (!isRecord(snapshot) || snapshot.kind !== KIND) badSnapshot(['kind'], `'${KIND}'`, isRecord(snapshot) ? snapshot.kind : snapshot);
    if (snapshot.version !== 1) badSnapshot(['version'], '1', snapshot.version);
    checkSameOptions(snapshot['options'], this.options);
    const rungs = parseRungs(snapshot['rungs']);
    const trials = parseTrials(snapshot['trials']);
    this.rungs = rungs;
    this.trials = trials;
  }
}

function checkSameOptions(value: unknown, options: ResolvedSuccessiveHalvingPrunerOptions): void {
  if (!isRecord(value)) badSnapshot(['options'], 'an object', value);
  for (const [field, expected] of Object.entries(options)) {
    if (value[field] !== expected) badSnapshot(['options', field], `${JSON.stringify(expected)}, as this pruner's option`, value[field]);
  }
}

function parseRungs(value: unknown): [string, number][][] {
  if (!Array.isArray(value)) badSnapshot(['rungs'], 'an array', value);
  return value.map((rung: unknown, k) => {
    if (!Array.isArray(rung)) badSnapshot(['rungs', k], 'an array', rung);
    return rung.map((entry: unknown, i): [string, number] => {
      const ok =
        Array.isArray(entry) &&
        entry.length === 2 &&
        typeof entry[0] === 'string' &&
        typeof entry[1] === 'number' &&
        Number.isFinite(entry[1]);
      if (!ok) badSnapshot(['rungs', k, i], 'a [trialKey, finite value] pair', entry);
      return [entry[0] as string, entry[1] as number];
    });
  });
}

function parseTrials(value: unknown): Map<string, TrialState> {
  if (!Array.isArray(value)) badSnapshot(['trials'], 'an array', value);
  const trials = new Map<string, TrialState>();
  value.forEach((entry: unknown, i) => {
    const state = Array.isArray(entry) ? (entry[1] as unknown) : undefined;
    const ok =
      Array.isArray(entry) &&
      entry.length === 2 &&
      typeof entry[0] === 'string' &&
      isRecord(state) &&
      Number.isSafeInteger(state['lastStep']) &&
      (state['lastStep'] as number) >= 0 &&
      Number.isSafeInteger(state['nextRung']) &&
      (state['nextRung'] as number) >= 0 &&
      typeof state['pruned'] === 'boolean' &&
      typeof state['done'] === 'boolean';
    if (!ok) badSnapshot(['trials', i], 'a [trialKey, { lastStep, nextRung, pruned, done }] pair', entry);
    const s = state as unknown as TrialState;
    trials.set(entry[0] as string, { lastStep: s.lastStep, nextRung: s.nextRung, pruned: s.pruned, done: s.done });
  });
  return trials;
}

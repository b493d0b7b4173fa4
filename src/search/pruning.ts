/**
 * The pruner of a search: the evaluator wrapped once so each trial's
 * checkpoints reach the pruner under the trial's index, the pruner's
 * description in the journal header, and its rungs rebuilt from the
 * journaled learning curves on resume.
 *
 * @module
 */

import { InvalidOptionsError, JournalError, describeValue } from '../errors.js';
import { type PrunedEvaluator, type Pruner, prunedEvaluator, replayCurves } from '../evaluate/pruning/index.js';
import type { AccuracyEvaluator } from '../evaluate/types.js';
import type { JournalHeader, Trial } from './types.js';

const PRUNER_METHODS = ['report', 'complete', 'forget', 'rungSteps', 'snapshot', 'restore'] as const;

/** @throws InvalidOptionsError when `pruner` lacks a method of the Pruner contract. */
export function checkPruner(pruner: unknown): Pruner {
  const missing = PRUNER_METHODS.find((m) => typeof (pruner as Record<string, unknown> | null)?.[m] !== 'function');
  if (typeof pruner !== 'object' || pruner === null || missing !== undefined) {
    throw new InvalidOptionsError(
      `Invalid search option pruner: expected a Pruner (${PRUNER_METHODS.join(', ')}), received ${describeValue(pruner)}${missing === undefined ? '' : ` without ${missing}()`}`,
      { path: ['pruner'] },
    );
  }
  return pruner as Pruner;
}

/** What the journal header records of a pruner: its kind and options, and `promotion: 'model'` when it promotes by the model. */
export function prunerHeader(pruner: Pruner, promotion: 'observed' | 'model' = 'observed'): NonNullable<JournalHeader['pruner']> {
  const { kind, options } = pruner.snapshot();
  return { kind, options: (options ?? {}) as Readonly<Record<string, unknown>>, ...(promotion === 'model' ? { promotion } : {}) };
}

/** @throws JournalError naming `pruner` when the journal was written with another pruner (or none, or another promotion). */
export function checkPrunerCompatible(
  header: JournalHeader,
  pruner: Pruner | undefined,
  journal: string,
  promotion: 'observed' | 'model' = 'observed',
): void {
  const mine = pruner === undefined ? undefined : JSON.stringify(prunerHeader(pruner, promotion));
  const theirs = header.pruner === undefined ? undefined : JSON.stringify(header.pruner);
  if (mine !== theirs) {
    throw new JournalError(`Cannot resume ${journal}: the pruner ${mine ?? 'none'} differs from the journal's ${theirs ?? 'none'}`, {
      path: ['pruner'],
    });
  }
}

/** The evaluator of a search with a pruner, its rungs rebuilt from the journaled trials. */
export function searchPrunedEvaluator<T>(
  evaluator: AccuracyEvaluator<T>,
  pruner: Pruner,
  journaled: Iterable<Trial<T>>,
): PrunedEvaluator<T> {
  const records = [...journaled].flatMap((t) => {
    const curve = (t.evaluation as { curve?: unknown } | undefined)?.curve;
    return t.status !== 'failed' && Array.isArray(curve) && curve.length > 0 ? [{ trialKey: String(t.index), curve }] : [];
  });
  replayCurves(pruner, records);
  return prunedEvaluator(evaluator, pruner);
}

/** True for a trial the pruner stopped. */
export function isPrunedEvaluation(evaluation: { extra?: Readonly<Record<string, unknown>> } | undefined): boolean {
  return evaluation?.extra?.['pruned'] === true;
}

/**
 * `replayCurves`: rebuilds a pruner's state from journaled learning curves.
 *
 * @module
 */

import type { CurvePoint, Pruner } from './types.js';

/** A finished trial as the journal keeps it, for {@link replayCurves}. */
export interface CurveRecord {
  /** The key the trial reported under (the search uses its trial index). */
  readonly trialKey: string;
  /** Its checkpoints, in increasing step order (`evaluation.curve` of a journaled trial). */
  readonly curve: readonly CurvePoint[];
}

/**
 * Feeds each finished trial's curve to `pruner` (decisions ignored) and
 * completes it, so a resumed search's pruner holds what the finished trials
 * reported. The values a rung holds depend only on the curves, not on their
 * order, so the rebuilt pruner decides new trials as the original would have
 * had every trial in flight at the interruption never started. Call it on a
 * fresh pruner built with the original options.
 *
 * @throws EvaluationError from {@link Pruner.report} for a malformed curve.
 * @example
 * replayCurves(pruner, journal.trials.flatMap((t) => (t.evaluation?.curve ? [{ trialKey: String(t.index), curve: t.evaluation.curve }] : [])));
 */
export function replayCurves(pruner: Pruner, records: Iterable<CurveRecord>): void {
  for (const { trialKey, curve } of records) {
    for (const point of curve) pruner.report(trialKey, point.step, point.accuracy);
    pruner.complete(trialKey);
  }
}

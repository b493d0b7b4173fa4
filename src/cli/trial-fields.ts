/**
 * What the CLI reads of a trial beyond its typed fields: whether a pruning
 * evaluator stopped it, and whether the search recorded it as a baseline.
 *
 * @module
 */

import type { Trial } from '../index.js';

/** A trial's status as the CLI lists it. */
export type TrialStatus = 'ok' | 'failed' | 'pruned';

/** `pruned` when a pruning evaluator stopped the trial early, else the trial's own status. */
export function trialStatus(t: Trial<unknown>): TrialStatus {
  if (t.status !== 'ok') return 'failed';
  const extra = (t.evaluation as { extra?: { pruned?: unknown } } | undefined)?.extra;
  return extra?.pruned === true ? 'pruned' : 'ok';
}

/** The baseline name of a trial the search recorded as a reference network (`baseline: <name>`), if it is one. */
export function baselineOf(t: Trial<unknown>): string | undefined {
  const b = (t as { baseline?: unknown }).baseline;
  return typeof b === 'string' && b.length > 0 ? b : undefined;
}

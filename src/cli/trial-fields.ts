/**
 * What the CLI reads of a trial beyond its typed fields: whether a pruning
 * evaluator stopped it, whether the search recorded it as a baseline, and
 * how sure its latency is (the median's confidence interval, the noisy flag).
 *
 * @module
 */

import { type LatencyReport, type Trial, reportMedianInterval } from '../index.js';

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

/** The trial's latency report, when it has a well-formed one (journals keep it as the measurer returned it). */
function reportOf(t: { readonly latency?: LatencyReport | undefined }): LatencyReport | undefined {
  const r = t.latency as unknown;
  return typeof r === 'object' && r !== null && Array.isArray((r as LatencyReport).samplesMs) ? (r as LatencyReport) : undefined;
}

/**
 * The confidence interval of the trial's latency median, `[low, high]` in
 * the report's units; computed from the samples for journals written before
 * reports carried it; `undefined` without a latency report.
 */
export function latencyInterval(t: { readonly latency?: LatencyReport | undefined }): readonly [number, number] | undefined {
  const report = reportOf(t);
  if (report === undefined) return undefined;
  // A journal is read as it was written: an interval that is not two numbers is computed again from the samples.
  const stored = report.medianCi as { lowMs?: unknown; highMs?: unknown } | undefined;
  const [low, high] = [stored?.lowMs, stored?.highMs];
  if (typeof low === 'number' && typeof high === 'number' && Number.isFinite(low) && Number.isFinite(high)) return [low, high];
  const ci = reportMedianInterval({ samplesMs: report.samplesMs });
  return ci === undefined ? undefined : [ci.lowMs, ci.highMs];
}

/** Why the measurer marked the trial's latency noisy, as the journal has it (texts only). */
export function latencyNoiseReasons(t: { readonly latency?: LatencyReport | undefined }): string[] {
  const reasons = reportOf(t)?.load?.reasons as unknown;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [];
}

/** Whether the measurer marked the trial's latency noisy (busy machine); `undefined` when it did not watch the load. */
export function latencyNoisy(t: { readonly latency?: LatencyReport | undefined }): boolean | undefined {
  const noisy = reportOf(t)?.load?.noisy;
  return typeof noisy === 'boolean' ? noisy : undefined;
}

/**
 * The latency's interval and noisy flag for a text summary, e.g.
 * ` (95% CI 4.80-5.30, noisy)`; `''` without a latency report.
 */
export function latencyNote(t: { readonly latency?: LatencyReport | undefined }, digits = 3): string {
  const ci = latencyInterval(t);
  if (ci === undefined) return '';
  return ` (95% CI ${ci[0].toFixed(digits)}-${ci[1].toFixed(digits)}${latencyNoisy(t) === true ? ', noisy' : ''})`;
}

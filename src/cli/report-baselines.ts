/**
 * The baselines in the search summary and in `report.html`: labelled reference
 * points beside the Pareto front, and which of them the front dominates.
 *
 * @module
 */

import { dominatedBaselines, paretoTrials } from '../index.js';
import type { BaselineResult, Trial } from '../index.js';
import { html, type Html } from './html.js';
import { latencyNote } from './trial-fields.js';

type Scored = BaselineResult<unknown> & { readonly accuracy: number; readonly latencyMs: number };

/** The `ok` baselines with an accuracy and a latency. */
export function plottedBaselines(baselines: readonly BaselineResult<unknown>[]): Scored[] {
  return baselines.filter((b): b is Scored => b.status === 'ok' && b.accuracy !== undefined && b.latencyMs !== undefined);
}

/** SVG squares with labels at each baseline's (latency, accuracy). */
export function baselineMarks(baselines: readonly BaselineResult<unknown>[], px: (v: number) => number, py: (v: number) => number): Html[] {
  return plottedBaselines(baselines).map((b) => {
    const [x, y] = [Number(px(b.latencyMs).toFixed(1)), Number(py(b.accuracy).toFixed(1))];
    return html`<rect x="${x - 4}" y="${y - 4}" width="8" height="8" fill="#ff7f0e"><title>baseline ${b.baseline} acc ${b.accuracy} cost ${b.latencyMs}</title></rect><text x="${x + 6}" y="${y - 6}" fill="#b35900">${b.baseline}</text>`;
  });
}

/** One sentence naming the baselines the front dominates at equal or lower latency, and those it does not. */
export function dominanceSentence(
  baselines: readonly BaselineResult<unknown>[],
  trials: readonly Trial<unknown>[],
  objectives?: readonly { readonly direction: 'maximize' | 'minimize' }[],
): string {
  const scored = plottedBaselines(baselines);
  if (scored.length === 0) return 'No baseline was scored.';
  const beaten = new Set(dominatedBaselines(scored, paretoTrials(trials, objectives)));
  const not = scored.filter((b) => !beaten.has(b.baseline)).map((b) => b.baseline);
  const list = (names: readonly string[]): string => (names.length === 0 ? 'none' : names.join(', '));
  return `The Pareto front dominates (at equal or lower latency) ${beaten.size} of ${scored.length} baselines: ${list([...beaten])}; not dominated: ${list(not)}.`;
}

/** The summary's lines for the baselines: one per baseline, then the dominance sentence. */
export function baselineSummary(
  baselines: readonly BaselineResult<unknown>[],
  trials: readonly Trial<unknown>[],
  costLabel: string,
  objectives?: readonly { readonly direction: 'maximize' | 'minimize' }[],
): string {
  if (baselines.length === 0) return '';
  const rows = baselines.map((b) =>
    b.status === 'ok'
      ? `  ${b.baseline.padEnd(18)} acc ${(b.accuracy as number).toFixed(4)}  ${costLabel} ${(b.latencyMs as number).toFixed(3).padStart(9)}${latencyNote(b)}  reward ${(b.reward as number).toFixed(4)}`
      : `  ${b.baseline.padEnd(18)} failed: ${b.error ?? 'unknown error'}`,
  );
  return [
    `Baselines (reference points; not trials, never told to the controller), ${baselines.length}:`,
    ...rows,
    dominanceSentence(baselines, trials, objectives),
  ].join('\n');
}

/** The report's baselines table: accuracy, cost, reward and whether the front dominates each. */
export function baselineTable(
  baselines: readonly BaselineResult<unknown>[],
  trials: readonly Trial<unknown>[],
  costLabel: string,
  sizeOf: (value: unknown) => string,
  objectives?: readonly { readonly direction: 'maximize' | 'minimize' }[],
): Html {
  if (baselines.length === 0) return html``;
  const beaten = new Set(dominatedBaselines(baselines, paretoTrials(trials, objectives)));
  const rows = baselines.map(
    (b) =>
      html`<tr><td>${b.baseline}</td><td>${b.accuracy?.toFixed(4) ?? '-'}</td><td>${b.latencyMs?.toFixed(3) ?? '-'}</td><td>${b.reward?.toFixed(4) ?? '-'}</td><td>${b.status === 'ok' ? (beaten.has(b.baseline) ? 'yes' : 'no') : `failed: ${b.error ?? ''}`}</td><td>${sizeOf(b.value)}</td></tr>`,
  );
  return html`<h2>Baselines</h2><p>Hand-designed networks trained by the same evaluator and timed by the same measurer; reference points only (not trials, never told to the controller). ${dominanceSentence(baselines, trials, objectives)}</p>
<table><tr><th>baseline</th><th>accuracy</th><th>${costLabel}</th><th>reward</th><th>dominated by the front</th><th>size</th></tr>${rows}</table>`;
}

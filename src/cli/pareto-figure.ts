/**
 * The report's main figure: accuracy vs cost of the successful trials, one
 * point per distinct architecture (repeats merged and counted), the Pareto
 * front joined, the target dashed, the search's baselines labelled, the axes
 * fitted to the informative points (degenerate ones drawn at the edge and
 * counted), and hover details in SVG `<title>`s (no script needed).
 *
 * @module
 */

import { paretoTrials } from '../index.js';
import type { Trial } from '../index.js';
import { H, M, W, axis, frame, informativeRange, round3, scale } from './chart.js';
import { html, raw, type Html } from './html.js';
import { baselineOf } from './trial-fields.js';

/** One plotted point: an architecture, the trials that proposed it, and the one shown. */
export interface ParetoPoint {
  /** The trial with the highest reward among the repeats (its accuracy and cost are drawn). */
  readonly trial: Trial<unknown>;
  /** Indices of every trial of this architecture, in journal order. */
  readonly indices: readonly number[];
  /** The baseline's name, when the point is a reference network of the search. */
  readonly baseline: string | undefined;
  /** Whether the point is on the Pareto front of the searched points. */
  readonly front: boolean;
  /** Whether the point lies outside the fitted axes and is drawn at their edge. */
  readonly clipped: boolean;
}

/** What the figure shows, for the page's text and for tests. */
export interface ParetoFigure {
  readonly svg: Html;
  readonly points: readonly ParetoPoint[];
  /** Trials merged into another point of the same architecture. */
  readonly merged: number;
  /** Points drawn at the edge of the axes. */
  readonly clipped: number;
  readonly log: boolean;
}

const acc = (t: Trial<unknown>): number => t.accuracy as number;
const cost = (t: Trial<unknown>): number => t.latencyMs as number;

/** Groups the plottable trials by architecture (the tokens), baselines by name; the best reward represents each group. */
function group(trials: readonly Trial<unknown>[]): { trial: Trial<unknown>; indices: number[]; baseline: string | undefined }[] {
  const groups = new Map<string, { trial: Trial<unknown>; indices: number[]; baseline: string | undefined }>();
  for (const t of trials) {
    if (t.status !== 'ok' || !Number.isFinite(t.accuracy) || !Number.isFinite(t.latencyMs)) continue;
    const baseline = baselineOf(t);
    const key = baseline === undefined ? `t:${JSON.stringify(t.tokens)}` : `b:${baseline}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { trial: t, indices: [t.index], baseline });
    else {
      g.indices.push(t.index);
      if ((t.reward ?? -Infinity) > (g.trial.reward ?? -Infinity)) g.trial = t;
    }
  }
  return [...groups.values()];
}

const inside = (v: number, [lo, hi]: readonly [number, number]): boolean => v >= lo && v <= hi;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const f1 = (v: number): string => v.toFixed(1);

function hover(p: ParetoPoint, costLabel: string, describe: (t: Trial<unknown>) => string): string {
  const t = p.trial;
  const who = p.baseline === undefined ? `trial #${t.index}` : `baseline ${p.baseline} (trial #${t.index})`;
  const repeats = p.indices.length > 1 ? `, proposed ${p.indices.length} times (#${p.indices.join(', #')})` : '';
  const flags = `${p.front ? ', on the Pareto front' : ''}${p.clipped ? ', outside the axes (drawn at the edge)' : ''}`;
  return `${who}${repeats}${flags}\naccuracy ${round3(acc(t))}, ${costLabel} ${round3(cost(t))}, reward ${t.reward === undefined ? '-' : round3(t.reward)}\n${describe(t)}`;
}

/** Renders the figure; `describe` turns a trial's value into one line (block strings). */
export function paretoFigure(
  trials: readonly Trial<unknown>[],
  costLabel: string,
  target: number | undefined,
  describe: (t: Trial<unknown>) => string,
  objectives?: readonly { readonly direction: 'maximize' | 'minimize' }[],
): ParetoFigure | undefined {
  const groups = group(trials);
  if (groups.length === 0) return undefined;
  const searched = groups.filter((g) => g.baseline === undefined).map((g) => g.trial);
  const front = new Set(paretoTrials(searched, objectives).map((t) => t.index));
  const all = groups.map((g) => g.trial);
  const positive = all.every((t) => cost(t) > 0);
  const xr = informativeRange(all.map(cost), positive);
  const yr = informativeRange(all.map(acc), false);
  const points: ParetoPoint[] = groups.map((g) => ({
    ...g,
    front: front.has(g.trial.index),
    clipped: !inside(cost(g.trial), xr) || !inside(acc(g.trial), yr),
  }));
  const kept = points.filter((p) => !p.clipped).map((p) => p.trial);
  const shown = kept.length > 0 ? kept : all;
  const costs = shown.map(cost);
  const log = positive && Math.max(...costs) / Math.min(...costs) > 20;
  const targetInside = target !== undefined && inside(target, xr) && (!log || target > 0);
  const xa = axis(targetInside ? [...costs, target] : costs, log);
  const ya = axis(shown.map(acc), false);
  const [x0, x1, y0, y1] = [M.l, W - M.r, H - M.b, M.t];
  const px = (v: number): number => clamp(scale(xa, log && v <= 0 ? 10 ** xa.min : v, x0, x1), x0, x1);
  const py = (v: number): number => clamp(scale(ya, v, y0, y1), y1, y0);
  const sorted = [...points].sort(
    (a, b) => Number(a.front) - Number(b.front) || Number(a.baseline !== undefined) - Number(b.baseline !== undefined),
  );
  const marks = sorted.map((p) => mark(p, px, py, hover(p, costLabel, describe)));
  const frontPts = points.filter((p) => p.front && !p.clipped).sort((a, b) => cost(a.trial) - cost(b.trial));
  const line = frontPts
    .map((p, i) => {
      const [x, y] = [f1(px(cost(p.trial))), f1(py(acc(p.trial)))];
      const prev = frontPts[i - 1];
      return prev === undefined ? `${x},${y}` : `${x},${f1(py(acc(prev.trial)))} ${x},${y}`;
    })
    .join(' ');
  const svg = frame(
    `Accuracy vs ${costLabel}`,
    { x: `${costLabel}${log ? ' (log scale)' : ''}`, y: 'accuracy' },
    html`<polyline points="${line}" fill="none" stroke="#d62728" stroke-width="1.5"/>${targetMark(target, targetInside ? 'inside' : target !== undefined && target > xr[1] ? 'right' : 'left', px)}${marks}`,
    { x: xa, y: ya, px, py },
  );
  const merged = points.reduce((n, p) => n + p.indices.length - 1, 0);
  return { svg, points, merged, clipped: points.filter((p) => p.clipped).length, log };
}

function mark(p: ParetoPoint, px: (v: number) => number, py: (v: number) => number, title: string): Html {
  const [x, y] = [f1(px(cost(p.trial))), f1(py(acc(p.trial)))];
  const tip = html`<title>${title}</title>`;
  const n = p.indices.length;
  const count = n > 1 ? html`<text x="${Number(x) + 6}" y="${Number(y) - 5}" font-size="9" fill="#555">×${n}</text>` : '';
  if (p.baseline !== undefined) {
    const [cx, cy] = [Number(x), Number(y)];
    return html`<g><path d="M${cx} ${cy - 6}L${cx + 6} ${cy}L${cx} ${cy + 6}L${cx - 6} ${cy}Z" fill="#fff" stroke="#111" stroke-width="1.5"/><text x="${cx + 8}" y="${cy + 4}" fill="#111">${p.baseline}</text>${tip}</g>`;
  }
  if (p.clipped) {
    return html`<g><rect x="${Number(x) - 4}" y="${Number(y) - 4}" width="8" height="8" fill="#fff" stroke="#8c564b" stroke-width="1.5"/>${count}${tip}</g>`;
  }
  const [r, fill, extra] = p.front ? [4.5, '#d62728', ''] : [3, '#8a9a9a', ' fill-opacity="0.75"'];
  return html`<g><circle cx="${x}" cy="${y}" r="${n > 1 ? r + 1.5 : r}" fill="${fill}"${raw(extra)}/>${count}${tip}</g>`;
}

function targetMark(target: number | undefined, where: 'inside' | 'left' | 'right', px: (v: number) => number): Html | string {
  if (target === undefined) return '';
  if (where !== 'inside') {
    // The target lies far from every informative point: say so at the edge instead of stretching the axis.
    const right = where === 'right';
    return html`<text x="${right ? W - M.r - 4 : M.l + 4}" y="${M.t + 12}" text-anchor="${right ? 'end' : 'start'}" fill="#1f77b4">${right ? '' : '← '}target ${round3(target)}${right ? ' →' : ''}</text>`;
  }
  const x = f1(px(target));
  return html`<line x1="${x}" x2="${x}" y1="${M.t}" y2="${H - M.b}" stroke="#1f77b4" stroke-dasharray="5,4"/><text x="${Number(x) + 4}" y="${M.t + 12}" fill="#1f77b4">target ${round3(target)}</text>`;
}

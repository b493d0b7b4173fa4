/**
 * `mnas-ts report`: a self-contained HTML page with SVG figures (Pareto
 * front of accuracy vs cost, reward over trials) and the best architectures
 * as block strings with their sizes.
 *
 * @module
 */

import { JournalError, countMacs, countParams, formatBlocks, isArchitecture, paretoTrials } from '../index.js';
import type { Architecture, BaselineResult, JournalContents, JournalHeader, Trial } from '../index.js';
import { html, raw, type Html } from './html.js';
import { baselineMarks, baselineTable, plottedBaselines } from './report-baselines.js';

/** Options of {@link renderReport}. */
export interface ReportOptions {
  readonly title?: string;
  /** Label of the cost axis. @defaultValue from the journal header, else `latency (ms)` */
  readonly costLabel?: string;
  /** Target drawn on the cost axis. @defaultValue from the journal header */
  readonly targetMs?: number;
  /** Rows of the best-architectures table. @defaultValue 10 */
  readonly top?: number;
}

/** A one-line description of a trial's value: block strings for an Architecture, JSON otherwise. */
export function describeValue(value: unknown): string {
  if (isArchitecture(value)) {
    const arch = value as Architecture;
    return formatBlocks(arch, { style: 'timm' })
      .filter((_, i) => (arch.blocks[i]?.repeats ?? 0) > 0)
      .join(' ');
  }
  if (typeof value === 'object' && value !== null && 'archStr' in value) return String((value as { archStr: unknown }).archStr);
  if (typeof value === 'object' && value !== null && 'ops' in value) return JSON.stringify((value as { ops: unknown }).ops);
  return JSON.stringify(value);
}

interface Axis {
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
}

function axis(values: readonly number[], log: boolean): Axis {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (log && min > 0) return { min: Math.log10(min) - 0.02, max: Math.log10(max) + 0.02, log };
  if (min === max) [min, max] = [min - 0.5, max + 0.5];
  const pad = (max - min) * 0.05;
  return { min: min - pad, max: max + pad, log: false };
}

const W = 640;
const H = 360;
const M = { l: 60, r: 20, t: 20, b: 45 };

function scale(a: Axis, v: number, from: number, to: number): number {
  const x = a.log ? Math.log10(v) : v;
  return from + ((x - a.min) / (a.max - a.min)) * (to - from);
}

/** Tick values: 1-2-5 steps on a linear axis, powers of ten (and 2x, 5x when few) on a log axis. */
function tickValues(a: Axis): number[] {
  if (a.log) {
    const out: number[] = [];
    for (let e = Math.floor(a.min); e <= Math.ceil(a.max); e++) {
      for (const m of a.max - a.min < 2 ? [1, 2, 5] : [1]) {
        const v = Math.log10(m * 10 ** e);
        if (v >= a.min && v <= a.max) out.push(m * 10 ** e);
      }
    }
    return out;
  }
  const raw = (a.max - a.min) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(a.min / step) * step; v <= a.max + 1e-12; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function ticks(a: Axis, px: (v: number) => number, vertical: boolean): Html[] {
  return tickValues(a).map((v) => {
    const p = Number(px(v).toFixed(1));
    const label = String(Number(v.toPrecision(3)));
    return vertical
      ? html`<line x1="${M.l - 4}" x2="${M.l}" y1="${p}" y2="${p}" stroke="#555"/><text x="${M.l - 6}" y="${p + 4}" text-anchor="end">${label}</text>`
      : html`<line x1="${p}" x2="${p}" y1="${H - M.b}" y2="${H - M.b + 4}" stroke="#555"/><text x="${p}" y="${H - M.b + 16}" text-anchor="middle">${label}</text>`;
  });
}

function frame(xLabel: string, yLabel: string, body: Html, xa: Axis, ya: Axis, px: (v: number) => number, py: (v: number) => number): Html {
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">\
<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="#fafafa" stroke="#999"/>\
${ticks(xa, px, false)}${ticks(ya, py, true)}${body}\
<text x="${(W + M.l - M.r) / 2}" y="${H - 8}" text-anchor="middle">${xLabel}</text>\
<text transform="translate(14 ${(H + M.t - M.b) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text></svg>`;
}

const fixed1 = (v: number): string => v.toFixed(1);

/** SVG scatter of accuracy vs cost, the Pareto front highlighted and joined, the target dashed (every journal value escaped). */
export function paretoSvg(
  trials: readonly Trial<unknown>[],
  costLabel: string,
  target?: number,
  baselines: readonly BaselineResult<unknown>[] = [],
): string {
  return paretoFigure(trials, costLabel, target, baselines).text;
}

function paretoFigure(
  trials: readonly Trial<unknown>[],
  costLabel: string,
  target: number | undefined,
  baselines: readonly BaselineResult<unknown>[],
): Html {
  const ok = trials.filter((t) => t.status === 'ok' && t.accuracy !== undefined && t.latencyMs !== undefined);
  if (ok.length === 0) return html`<p>No successful trial to plot.</p>`;
  const refs = plottedBaselines(baselines);
  const costs = [...ok.map((t) => t.latencyMs as number), ...refs.map((b) => b.latencyMs)];
  const log = Math.min(...costs) > 0 && Math.max(...costs) / Math.min(...costs) > 20;
  const xa = axis(target === undefined ? costs : [...costs, target], log);
  const ya = axis([...ok.map((t) => t.accuracy as number), ...refs.map((b) => b.accuracy)], false);
  const px = (v: number): number => scale(xa, v, M.l, W - M.r);
  const py = (v: number): number => scale(ya, v, H - M.b, M.t);
  const front = paretoTrials(ok).sort((a, b) => (a.latencyMs as number) - (b.latencyMs as number));
  const dot = (t: Trial<unknown>, r: number, fill: string, extra: string): Html =>
    html`<circle cx="${fixed1(px(t.latencyMs as number))}" cy="${fixed1(py(t.accuracy as number))}" r="${r}" fill="${fill}"${raw(extra)}><title>#${t.index}${r > 4 ? ' (front)' : ''} acc ${t.accuracy} cost ${t.latencyMs}</title></circle>`;
  // The front as a staircase: accuracy attainable at or below each latency.
  const line = front
    .map((t, i) => {
      const [x, y] = [fixed1(px(t.latencyMs as number)), fixed1(py(t.accuracy as number))];
      const prev = front[i - 1];
      return prev === undefined ? `${x},${y}` : `${x},${fixed1(py(prev.accuracy as number))} ${x},${y}`;
    })
    .join(' ');
  const targetLine =
    target === undefined
      ? ''
      : html`<line x1="${px(target)}" x2="${px(target)}" y1="${M.t}" y2="${H - M.b}" stroke="#1f77b4" stroke-dasharray="5,4"/><text x="${px(target) + 4}" y="${M.t + 12}" fill="#1f77b4">target ${target}</text>`;
  const body = html`${ok.map((t) => dot(t, 3, '#9aa', ' opacity="0.7"'))}<polyline points="${line}" fill="none" stroke="#d62728" stroke-width="1.5"/>${front.map((t) => dot(t, 4.5, '#d62728', ''))}${targetLine}${baselineMarks(refs, px, py)}`;
  return frame(`${costLabel}${log ? ' (log scale)' : ''}`, 'accuracy', body, xa, ya, px, py);
}

/** SVG of each trial's reward by trial number, with the running best. */
export function rewardSvg(trials: readonly Trial<unknown>[]): string {
  return rewardFigure(trials).text;
}

function rewardFigure(trials: readonly Trial<unknown>[]): Html {
  const ok = trials.filter((t) => t.status === 'ok' && t.reward !== undefined);
  if (ok.length === 0) return html`<p>No successful trial to plot.</p>`;
  const xa = axis(
    trials.map((t) => t.index),
    false,
  );
  const ya = axis(
    ok.map((t) => t.reward as number),
    false,
  );
  const px = (v: number): number => scale(xa, v, M.l, W - M.r);
  const py = (v: number): number => scale(ya, v, H - M.b, M.t);
  let best = -Infinity;
  const running: string[] = [];
  for (const t of ok) {
    best = Math.max(best, t.reward as number);
    running.push(`${fixed1(px(t.index))},${fixed1(py(best))}`);
  }
  const dots = ok.map((t) => html`<circle cx="${fixed1(px(t.index))}" cy="${fixed1(py(t.reward as number))}" r="2.5" fill="#555"/>`);
  const body = html`${dots}<polyline points="${running.join(' ')}" fill="none" stroke="#2ca02c" stroke-width="2"/>`;
  return frame('trial', 'reward (dots) and best so far (line)', body, xa, ya, px, py);
}

function sizeOf(value: unknown): string {
  if (!isArchitecture(value)) return '';
  const arch = value as Architecture;
  return `${(countParams(arch) / 1e3).toFixed(1)}k params, ${(countMacs(arch) / 1e6).toFixed(2)}M MACs`;
}

/** What the report takes from the header's `meta` (as `mnas-ts search` writes it). */
interface ReportMeta {
  readonly costLabel: string | undefined;
  readonly targetMs: number | undefined;
}

/**
 * Reads `costLabel` and `config.targetMs` from the header's free-form `meta`.
 * @throws JournalError naming line 1 and the field when one has the wrong type.
 */
function reportMeta(header: JournalHeader): ReportMeta {
  const bad = (path: string[], expected: string, received: unknown): never => {
    throw new JournalError(
      `Invalid journal header at line 1, field ${path.join('.')}: expected ${expected}, received ${JSON.stringify(received) ?? String(received)}`,
      { line: 1, path },
    );
  };
  const meta = header.meta ?? {};
  const costLabel = meta['costLabel'];
  if (costLabel !== undefined && typeof costLabel !== 'string') bad(['meta', 'costLabel'], 'a string', costLabel);
  const config = meta['config'];
  if (config === undefined || config === null) return { costLabel: costLabel as string | undefined, targetMs: undefined };
  if (typeof config !== 'object' || Array.isArray(config)) return bad(['meta', 'config'], 'an object', config);
  const targetMs = (config as Record<string, unknown>)['targetMs'];
  if (targetMs !== undefined && (typeof targetMs !== 'number' || !(targetMs > 0) || !Number.isFinite(targetMs)))
    bad(['meta', 'config', 'targetMs'], 'a finite number > 0', targetMs);
  return { costLabel: costLabel as string | undefined, targetMs: targetMs as number | undefined };
}

/**
 * Renders a journal as a self-contained HTML page (inline SVG, no scripts,
 * no external files, a Content-Security-Policy that forbids scripts). Every
 * string and number from the journal is HTML-escaped.
 * @throws JournalError when a header `meta` field the report uses has the wrong type.
 * @example writeFileSync('report.html', renderReport(await readJournal('run/journal.jsonl')));
 */
export function renderReport(contents: JournalContents<unknown>, options: ReportOptions = {}): string {
  const meta = reportMeta(contents.header);
  const costLabel = options.costLabel ?? meta.costLabel ?? 'latency (ms)';
  const target = options.targetMs ?? meta.targetMs;
  const trials = contents.trials;
  const baselines = contents.baselines ?? [];
  const ok = trials.filter((t) => t.status === 'ok');
  const top = [...ok].sort((a, b) => (b.reward as number) - (a.reward as number)).slice(0, options.top ?? 10);
  const front = new Set(paretoTrials(trials).map((t) => t.index));
  const rows = top.map(
    (t) =>
      html`<tr><td>#${t.index}</td><td>${(t.reward as number).toFixed(4)}</td><td>${(t.accuracy as number).toFixed(4)}</td><td>${t.latencyMs?.toFixed(3) ?? '-'}</td><td>${front.has(t.index) ? 'yes' : ''}</td><td>${sizeOf(t.value)}</td><td><code>${describeValue(t.value)}</code></td></tr>`,
  );
  const failed = trials.length - ok.length;
  const h = contents.header;
  const title = options.title ?? 'mnas-ts report';
  const dropped = contents.droppedTail ? html` A half-written last journal line (${contents.droppedTail.line}) was ignored.` : '';
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}code{font-size:12px}</style></head><body>
<h1>${title}</h1>
<p>Started ${h.createdAt}; reward ${h.reward}; ${trials.length} trials (${failed} failed); seed ${h.seed ?? '-'}; concurrency ${h.concurrency}.${dropped}</p>
<h2>Pareto front: accuracy vs ${costLabel}</h2>${paretoFigure(trials, costLabel, target, baselines)}
${baselineTable(baselines, trials, costLabel, sizeOf)}
<h2>Reward over trials</h2>${rewardFigure(trials)}
<h2>Best architectures</h2><table><tr><th>trial</th><th>reward</th><th>accuracy</th><th>${costLabel}</th><th>front</th><th>size</th><th>blocks</th></tr>${rows}</table>
</body></html>
`.text;
}

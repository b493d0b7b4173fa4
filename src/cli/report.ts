/**
 * `mnas-ts report`: a self-contained HTML page with SVG figures (Pareto
 * front of accuracy vs cost, reward over trials) and the best architectures
 * as block strings with their sizes.
 *
 * @module
 */

import { countMacs, countParams, formatBlocks, isArchitecture, paretoTrials } from '../index.js';
import type { Architecture, JournalContents, Trial } from '../index.js';

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

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A one-line description of a trial's value: block strings for an Architecture, JSON otherwise. */
export function describeValue(value: unknown): string {
  if (isArchitecture(value)) {
    const arch = value as Architecture;
    return formatBlocks(arch, { style: 'timm' }).filter((_, i) => (arch.blocks[i]?.repeats ?? 0) > 0).join(' ');
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

function ticks(a: Axis, px: (v: number) => number, vertical: boolean): string {
  return tickValues(a)
    .map((v) => {
      const p = px(v).toFixed(1);
      const label = String(Number(v.toPrecision(3)));
      return vertical
        ? `<line x1="${M.l - 4}" x2="${M.l}" y1="${p}" y2="${p}" stroke="#555"/><text x="${M.l - 6}" y="${Number(p) + 4}" text-anchor="end">${label}</text>`
        : `<line x1="${p}" x2="${p}" y1="${H - M.b}" y2="${H - M.b + 4}" stroke="#555"/><text x="${p}" y="${H - M.b + 16}" text-anchor="middle">${label}</text>`;
    })
    .join('');
}

function frame(xLabel: string, yLabel: string, body: string, xa: Axis, ya: Axis, px: (v: number) => number, py: (v: number) => number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">` +
    `<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="#fafafa" stroke="#999"/>` +
    ticks(xa, px, false) + ticks(ya, py, true) + body +
    `<text x="${(W + M.l - M.r) / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>` +
    `<text transform="translate(14 ${(H + M.t - M.b) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text></svg>`
  );
}

/** SVG scatter of accuracy vs cost, the Pareto front highlighted and joined, the target dashed. */
export function paretoSvg(trials: readonly Trial<unknown>[], costLabel: string, target?: number): string {
  const ok = trials.filter((t) => t.status === 'ok' && t.accuracy !== undefined && t.latencyMs !== undefined);
  if (ok.length === 0) return '<p>No successful trial to plot.</p>';
  const costs = ok.map((t) => t.latencyMs as number);
  const log = Math.min(...costs) > 0 && Math.max(...costs) / Math.min(...costs) > 20;
  const xa = axis(target === undefined ? costs : [...costs, target], log);
  const ya = axis(ok.map((t) => t.accuracy as number), false);
  const px = (v: number): number => scale(xa, v, M.l, W - M.r);
  const py = (v: number): number => scale(ya, v, H - M.b, M.t);
  const front = paretoTrials(ok).sort((a, b) => (a.latencyMs as number) - (b.latencyMs as number));
  const dots = ok.map((t) => `<circle cx="${px(t.latencyMs as number).toFixed(1)}" cy="${py(t.accuracy as number).toFixed(1)}" r="3" fill="#9aa" opacity="0.7"><title>#${t.index} acc ${t.accuracy} cost ${t.latencyMs}</title></circle>`);
  // The front as a staircase: accuracy attainable at or below each latency.
  const line = front
    .map((t, i) => {
      const [x, y] = [px(t.latencyMs as number).toFixed(1), py(t.accuracy as number).toFixed(1)];
      const prev = front[i - 1];
      return prev === undefined ? `${x},${y}` : `${x},${py(prev.accuracy as number).toFixed(1)} ${x},${y}`;
    })
    .join(' ');
  const frontDots = front.map((t) => `<circle cx="${px(t.latencyMs as number).toFixed(1)}" cy="${py(t.accuracy as number).toFixed(1)}" r="4.5" fill="#d62728"><title>#${t.index} (front) acc ${t.accuracy} cost ${t.latencyMs}</title></circle>`);
  const targetLine = target === undefined ? '' : `<line x1="${px(target)}" x2="${px(target)}" y1="${M.t}" y2="${H - M.b}" stroke="#1f77b4" stroke-dasharray="5,4"/><text x="${px(target) + 4}" y="${M.t + 12}" fill="#1f77b4">target ${target}</text>`;
  const body = dots.join('') + `<polyline points="${line}" fill="none" stroke="#d62728" stroke-width="1.5"/>` + frontDots.join('') + targetLine;
  return frame(`${costLabel}${log ? ' (log scale)' : ''}`, 'accuracy', body, xa, ya, px, py);
}

/** SVG of each trial's reward by trial number, with the running best. */
export function rewardSvg(trials: readonly Trial<unknown>[]): string {
  const ok = trials.filter((t) => t.status === 'ok' && t.reward !== undefined);
  if (ok.length === 0) return '<p>No successful trial to plot.</p>';
  const xa = axis(trials.map((t) => t.index), false);
  const ya = axis(ok.map((t) => t.reward as number), false);
  const px = (v: number): number => scale(xa, v, M.l, W - M.r);
  const py = (v: number): number => scale(ya, v, H - M.b, M.t);
  let best = -Infinity;
  const running: string[] = [];
  for (const t of ok) {
    best = Math.max(best, t.reward as number);
    running.push(`${px(t.index).toFixed(1)},${py(best).toFixed(1)}`);
  }
  const dots = ok.map((t) => `<circle cx="${px(t.index).toFixed(1)}" cy="${py(t.reward as number).toFixed(1)}" r="2.5" fill="#555"/>`);
  const body = dots.join('') + `<polyline points="${running.join(' ')}" fill="none" stroke="#2ca02c" stroke-width="2"/>`;
  return frame('trial', 'reward (dots) and best so far (line)', body, xa, ya, px, py);
}

function sizeOf(value: unknown): string {
  if (!isArchitecture(value)) return '';
  const arch = value as Architecture;
  return `${(countParams(arch) / 1e3).toFixed(1)}k params, ${(countMacs(arch) / 1e6).toFixed(2)}M MACs`;
}

/**
 * Renders a journal as a self-contained HTML page (inline SVG, no scripts, no external files).
 * @example writeFileSync('report.html', renderReport(await readJournal('run/journal.jsonl')));
 */
export function renderReport(contents: JournalContents<unknown>, options: ReportOptions = {}): string {
  const meta = (contents.header.meta ?? {}) as { costLabel?: string; config?: { targetMs?: number } };
  const costLabel = options.costLabel ?? meta.costLabel ?? 'latency (ms)';
  const target = options.targetMs ?? meta.config?.targetMs;
  const trials = contents.trials;
  const ok = trials.filter((t) => t.status === 'ok');
  const top = [...ok].sort((a, b) => (b.reward as number) - (a.reward as number)).slice(0, options.top ?? 10);
  const front = new Set(paretoTrials(trials).map((t) => t.index));
  const rows = top.map(
    (t) =>
      `<tr><td>#${t.index}</td><td>${(t.reward as number).toFixed(4)}</td><td>${(t.accuracy as number).toFixed(4)}</td><td>${t.latencyMs?.toFixed(3) ?? '-'}</td><td>${front.has(t.index) ? 'yes' : ''}</td><td>${esc(sizeOf(t.value))}</td><td><code>${esc(describeValue(t.value))}</code></td></tr>`,
  );
  const failed = trials.length - ok.length;
  const h = contents.header;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(options.title ?? 'mnas-ts report')}</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}code{font-size:12px}</style></head><body>
<h1>${esc(options.title ?? 'mnas-ts report')}</h1>
<p>Started ${esc(h.createdAt)}; reward ${esc(h.reward)}; ${trials.length} trials (${failed} failed); seed ${esc(String(h.seed ?? '-'))}; concurrency ${h.concurrency}.${contents.droppedTail ? ` A half-written last journal line (${contents.droppedTail.line}) was ignored.` : ''}</p>
<h2>Pareto front: accuracy vs ${esc(costLabel)}</h2>${paretoSvg(trials, costLabel, target)}
<h2>Reward over trials</h2>${rewardSvg(trials)}
<h2>Best architectures</h2><table><tr><th>trial</th><th>reward</th><th>accuracy</th><th>${esc(costLabel)}</th><th>front</th><th>size</th><th>blocks</th></tr>${rows.join('')}</table>
</body></html>
`;
}

/**
 * `mnas-ts report`: a self-contained HTML page with SVG figures (Pareto
 * front of accuracy vs cost, reward over trials) and the best architectures
 * as block strings with their sizes.
 *
 * @module
 */

import { JournalError, countMacs, countParams, formatBlocks, isArchitecture } from '../index.js';
import type { Architecture, BaselineResult, JournalContents, JournalHeader, Trial } from '../index.js';
import { H, M, W, axis, frame, informativeRange, round3, scale } from './chart.js';
import { latencyInterval, latencyNoiseReasons, latencyNoisy } from './trial-fields.js';
import { html, raw, type Html } from './html.js';
import { paretoFigure, type ParetoFigure } from './pareto-figure.js';

/** Options of {@link renderReport}. */
export interface ReportOptions {
  readonly title?: string;
  /** Label of the cost axis. @defaultValue from the journal header, else `latency (ms)` */
  readonly costLabel?: string;
  /** Target drawn on the cost axis. @defaultValue from the journal header */
  readonly targetMs?: number;
  /** Rows of the best-architectures table. @defaultValue 10 */
  readonly top?: number;
  /** A page of a running search: the browser reloads it every this many seconds. @defaultValue no reload */
  readonly refreshSeconds?: number;
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

/** SVG scatter of accuracy vs cost (see {@link paretoFigure}); every journal value escaped. */
export function paretoSvg(trials: readonly Trial<unknown>[], costLabel: string, target?: number): string {
  return paretoFigure(trials, costLabel, target, (t) => describeValue(t.value))?.svg.text ?? '<p>No successful trial to plot.</p>';
}

/** SVG of each trial's reward by trial number, with the running best and the baselines' rewards as reference lines. */
export function rewardSvg(trials: readonly Trial<unknown>[], baselines: readonly BaselineResult<unknown>[] = []): string {
  return rewardFigure(trials, baselines).text;
}

const fixed1 = (v: number): string => v.toFixed(1);

function rewardFigure(trials: readonly Trial<unknown>[], baselines: readonly BaselineResult<unknown>[]): Html {
  // Trials in index order (a concurrent search journals them as they finish), so that the running best only moves right.
  const ok = trials.filter((t) => t.status === 'ok' && t.reward !== undefined).sort((a, b) => a.index - b.index);
  if (ok.length === 0) return html`<p>No successful trial to plot.</p>`;
  const references = baselines.filter((b) => b.status === 'ok' && b.reward !== undefined && Number.isFinite(b.reward));
  const xa = axis(
    trials.map((t) => t.index),
    false,
  );
  // Rewards far below the rest (degenerate networks) are drawn hollow at the edge, not allowed to squash the axis.
  const [lo, hi] = informativeRange(
    ok.map((t) => t.reward as number),
    false,
  );
  const rewards = [...ok.map((t) => t.reward as number), ...references.map((b) => b.reward as number)].filter((r) => r >= lo && r <= hi);
  const ya = axis(rewards, false);
  const px = (v: number): number => scale(xa, v, M.l, W - M.r);
  const py = (v: number): number => Math.min(H - M.b, Math.max(M.t, scale(ya, v, H - M.b, M.t)));
  let best = -Infinity;
  const running: string[] = [];
  for (const t of ok) {
    best = Math.max(best, t.reward as number);
    running.push(`${fixed1(px(t.index))},${fixed1(py(best))}`);
  }
  const dots = ok.map(
    (t) =>
      html`<circle cx="${fixed1(px(t.index))}" cy="${fixed1(py(t.reward as number))}" r="2.5" ${raw((t.reward as number) < lo || (t.reward as number) > hi ? 'fill="#fff" stroke="#8c564b"' : 'fill="#555"')}><title>trial #${t.index}: reward ${round3(t.reward as number)}</title></circle>`,
  );
  // Baselines are not trials: a dashed line across the plot at each one's reward, labelled at its right end.
  const lines = references.map((b) => {
    const y = fixed1(py(b.reward as number));
    return html`<g class="baseline-reward"><line x1="${M.l}" x2="${W - M.r}" y1="${y}" y2="${y}" stroke="#ff7f0e" stroke-width="1.5" stroke-dasharray="6,4"/><text x="${W - M.r - 4}" y="${Number(y) - 4}" text-anchor="end" fill="#b35900">${b.baseline}</text><title>baseline ${b.baseline}: reward ${round3(b.reward as number)}</title></g>`;
  });
  const body = html`${lines}${dots}<polyline class="best-so-far" points="${running.join(' ')}" fill="none" stroke="#2ca02c" stroke-width="2"/>`;
  return frame('Reward over trials', { x: 'trial', y: 'reward' }, body, { x: xa, y: ya, px, py });
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
  // The search's baselines (journaled apart from the trials) join the figure as labelled reference points.
  const baselineTrials = (contents.baselines ?? []).map(
    (b, i): Trial<unknown> => ({ ...b, index: -1 - i, id: `baseline:${b.baseline}`, tokens: [] }) as Trial<unknown>,
  );
  const trials = [...contents.trials, ...baselineTrials];
  const okCount = contents.trials.filter((t) => t.status === 'ok').length;
  const prunedTrials = contents.trials.filter((t) => t.status === 'pruned');
  const failed = contents.trials.length - okCount - prunedTrials.length;
  const byStep = new Map<string, number>();
  for (const t of prunedTrials) {
    const step = String(t.evaluation?.extra?.['prunedAtStep'] ?? '?');
    byStep.set(step, (byStep.get(step) ?? 0) + 1);
  }
  const prunedText =
    prunedTrials.length === 0
      ? ''
      : `, ${prunedTrials.length} pruned (${[...byStep].map(([step, count]) => `${count} at step ${step}`).join(', ')}; not on the front)`;
  const h = contents.header;
  const title = options.title ?? 'mnas-ts report';
  const dropped = contents.droppedTail ? html` A half-written last journal line (${contents.droppedTail.line}) was ignored.` : '';
  const figure = paretoFigure(trials, costLabel, target, (t) => describeValue(t.value), contents.header.objectives);
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">${
    options.refreshSeconds === undefined
      ? ''
      : html`
<meta http-equiv="refresh" content="${Math.max(1, Math.round(options.refreshSeconds))}">`
  }
<title>${title}</title>
<style>${STYLE}</style></head><body>
<h1>${title}</h1>
<p>Started ${h.createdAt}; reward ${h.reward}; ${contents.trials.length} trials (${okCount} ok${prunedText}, ${failed} failed); concurrency ${h.concurrency}.${dropped}${noisyNote(trials)}</p>
<h2>Accuracy vs ${costLabel}</h2>${figure === undefined ? html`<p>No successful trial to plot.</p>` : html`<div class="figure">${figure.svg}</div>${legend(figure, target)}`}
<h2>Reward over trials</h2><div class="figure">${rewardFigure(contents.trials, contents.baselines ?? [])}</div><p class="legend">Dots: each successful trial's reward (hollow at the edge: far below the rest); line: the best reward so far${(contents.baselines ?? []).some((b) => b.status === 'ok') ? '; dashed: the reward of each baseline (a reference, not a trial)' : ''}.</p>
${baselineTable(figure, costLabel)}
<h2>Best architectures</h2>${bestTable(figure, costLabel, options.top ?? 10)}
</body></html>
`.text;
}

/** A sentence on the latencies measured on a busy machine, if any. */
function noisyNote(trials: readonly Trial<unknown>[]): string {
  const noisy = trials.filter((t) => latencyNoisy(t) === true).length;
  if (noisy === 0) return '';
  return ` ${noisy} ${noisy === 1 ? 'latency was' : 'latencies were'} measured on a busy machine (marked noisy below: other processes took CPU time while it ran, so ${noisy === 1 ? 'it' : 'they'} may be off; measure again on a quiet machine).`;
}

const STYLE =
  'body{font-family:sans-serif;max-width:1000px;margin:1.5em auto;padding:0 12px;color:#222;line-height:1.4}' +
  'h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}.scroll{overflow-x:auto}' +
  'table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}' +
  'td.n,td.s{white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}td code{display:block;min-width:24em;font-size:12px}' +
  '.figure{overflow-x:auto}.figure svg{min-width:480px}.noisy{color:#b35900;font-weight:bold}' +
  '.legend{font-size:13px;color:#444}.legend svg{vertical-align:middle;margin:0 3px 0 10px}.legend svg:first-child{margin-left:0}';

/** A small inline marker for the legend (drawn as in the figure). */
function key(shape: Html): Html {
  return html`<svg width="14" height="14" viewBox="-7 -7 14 14" aria-hidden="true">${shape}</svg>`;
}

function legend(f: ParetoFigure, target: number | undefined): Html {
  const baselines = f.points.some((p) => p.baseline !== undefined);
  const notes: Html[] = [];
  if (f.merged > 0)
    notes.push(html` Architectures proposed more than once are one point (×n: how many times); ${f.merged} repeated trials merged.`);
  if (f.clipped > 0)
    notes.push(
      html` ${f.clipped} degenerate ${f.clipped === 1 ? 'point lies' : 'points lie'} far outside the others (e.g. an untrainable network that measures almost nothing) and ${f.clipped === 1 ? 'is' : 'are'} drawn at the edge of the axes.`,
    );
  return html`<p class="legend">${key(html`<circle r="3" fill="#8a9a9a"/>`)}trial${key(html`<circle r="4.5" fill="#d62728"/>`)}Pareto front (no other trial is both more accurate and cheaper)${target === undefined ? '' : html`${key(html`<line x1="0" x2="0" y1="-7" y2="7" stroke="#1f77b4" stroke-dasharray="3,2"/>`)}target`}${f.clipped > 0 ? html`${key(html`<rect x="-4" y="-4" width="8" height="8" fill="#fff" stroke="#8c564b" stroke-width="1.5"/>`)}outside the axes` : ''}${baselines ? html`${key(html`<path d="M0 -6L6 0L0 6L-6 0Z" fill="#fff" stroke="#111" stroke-width="1.5"/>`)}baseline` : ''}. Hover over a point for its details.${notes}</p>`;
}

function row(p: ParetoFigure['points'][number], name: Html | string): Html {
  const t = p.trial;
  const n = p.indices.length;
  return html`<tr><td>${name}</td><td class="n">${t.reward === undefined ? '-' : round3(t.reward)}</td><td class="n">${round3(t.accuracy as number)}</td><td class="n">${round3(t.latencyMs as number)}${latencyCell(t)}</td><td>${p.front ? 'yes' : ''}</td><td class="n">${n > 1 ? n : ''}</td><td class="s">${sizeOf(t.value)}</td><td><code>${describeValue(t.value)}</code></td></tr>`;
}

/** Under a latency: its median's 95% interval and, when the machine was busy, a noisy mark with the reasons. */
function latencyCell(t: Trial<unknown>): Html | string {
  const ci = latencyInterval(t);
  if (ci === undefined) return '';
  const noisy = latencyNoisy(t) === true ? html` <span class="noisy" title="${latencyNoiseReasons(t).join('; ')}">noisy</span>` : '';
  return html`<br><small>95% CI ${round3(ci[0])}-${round3(ci[1])}</small>${noisy}`;
}

function tableHead(first: string, costLabel: string): Html {
  return html`<tr><th>${first}</th><th>reward</th><th>accuracy</th><th>${costLabel}</th><th>front</th><th>times</th><th>size</th><th>blocks</th></tr>`;
}

function bestTable(f: ParetoFigure | undefined, costLabel: string, top: number): Html {
  const searched = (f?.points ?? []).filter((p) => p.baseline === undefined);
  if (searched.length === 0) return html`<p>No successful trial.</p>`;
  const best = [...searched].sort((a, b) => (b.trial.reward ?? -Infinity) - (a.trial.reward ?? -Infinity)).slice(0, top);
  return html`<div class="scroll"><table>${tableHead('trial', costLabel)}${best.map((p) => row(p, `#${p.trial.index}`))}</table></div>`;
}

function baselineTable(f: ParetoFigure | undefined, costLabel: string): Html | string {
  const baselines = (f?.points ?? []).filter((p) => p.baseline !== undefined);
  if (baselines.length === 0) return '';
  return html`<h2>Baselines</h2><p>Reference networks the search measured with the same evaluator and measurer.</p><div class="scroll"><table>${tableHead('baseline', costLabel)}${baselines.map((p) => row(p, `${p.baseline} (#${p.trial.index})`))}</table></div>`;
}

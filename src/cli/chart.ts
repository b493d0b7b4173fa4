/**
 * Axes of the report's SVG figures: ranges fitted to the informative points,
 * 1-2-5 ticks, numbers rounded for people, and the frame with its labels.
 *
 * @module
 */

import { html, type Html } from './html.js';

/** A plotted range, in log10 units when `log`. */
export interface Axis {
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
}

/** Size of a figure's viewBox and its margins (the SVG scales to the page's width). */
export const W = 640;
export const H = 360;
export const M = { l: 60, r: 20, t: 20, b: 45 } as const;

/** An axis spanning `values` with a little room (5 % linear, 0.02 decades log). */
export function axis(values: readonly number[], log: boolean): Axis {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (log && min > 0) return { min: Math.log10(min) - 0.02, max: Math.log10(max) + 0.02, log };
  if (min === max) [min, max] = [min - 0.5, max + 0.5];
  const pad = (max - min) * 0.05;
  return { min: min - pad, max: max + pad, log: false };
}

/**
 * The range of the informative values: Tukey's fences at 3 interquartile
 * ranges (in log10 units when `log`), so a few degenerate points (an
 * untrainable network at 0.004 ms, a chance-level accuracy) do not squash the
 * rest. With fewer than 5 values every value counts.
 * @returns the fences `[lo, hi]`; values outside them are drawn at the edge.
 */
export function informativeRange(values: readonly number[], log: boolean): readonly [number, number] {
  if (values.length < 5) return [-Infinity, Infinity];
  const t = (v: number): number => (log ? Math.log10(v) : v);
  const s = values.map(t).sort((a, b) => a - b);
  const q = (p: number): number => s[Math.round(p * (s.length - 1))] as number;
  const [q1, q3] = [q(0.25), q(0.75)];
  // A floor on the spread: a tenth of a decade (log), or 1 % of the median's size (linear).
  const iqr = Math.max(q3 - q1, log ? 0.1 : Math.abs(q(0.5)) * 0.01);
  const [lo, hi] = [q1 - 3 * iqr, q3 + 3 * iqr];
  return log ? [10 ** lo, 10 ** hi] : [lo, hi];
}

/** Position of `v` on axis `a`, mapped onto pixels `from`..`to`. */
export function scale(a: Axis, v: number, from: number, to: number): number {
  const x = a.log ? Math.log10(v) : v;
  return from + ((x - a.min) / (a.max - a.min)) * (to - from);
}

/** A number for people: three significant digits, no trailing zeros, thousands grouped. */
export function round3(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const r = Number(v.toPrecision(3));
  return Math.abs(r) >= 1000 ? r.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(r);
}

/** Tick values: 1-2-5 steps on a linear axis, powers of ten (and 2x, 5x when few) on a log axis. */
export function tickValues(a: Axis): number[] {
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
    const label = round3(v);
    return vertical
      ? html`<line x1="${M.l - 4}" x2="${M.l}" y1="${p}" y2="${p}" stroke="#555"/><text x="${M.l - 6}" y="${p + 4}" text-anchor="end">${label}</text>`
      : html`<line x1="${p}" x2="${p}" y1="${H - M.b}" y2="${H - M.b + 4}" stroke="#555"/><text x="${p}" y="${H - M.b + 16}" text-anchor="middle">${label}</text>`;
  });
}

/** The figure: plot area, ticks of both axes, `body`, and the axis labels; `title` names it for screen readers. */
export function frame(
  title: string,
  labels: { readonly x: string; readonly y: string },
  body: Html,
  axes: { readonly x: Axis; readonly y: Axis; readonly px: (v: number) => number; readonly py: (v: number) => number },
): Html {
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px;height:auto;display:block" role="img" aria-label="${title}" font-family="sans-serif" font-size="13">\
<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="#fafafa" stroke="#999"/>\
${ticks(axes.x, axes.px, false)}${ticks(axes.y, axes.py, true)}${body}\
<text x="${(W + M.l - M.r) / 2}" y="${H - 8}" text-anchor="middle">${labels.x}</text>\
<text transform="translate(14 ${(H + M.t - M.b) / 2}) rotate(-90)" text-anchor="middle">${labels.y}</text></svg>`;
}

/**
 * SVG scatter plot of predicted against measured latency (for docs/latency.md), drawn with the
 * figure kit of `mnas-ts/report`, as the CLI's report draws its figures.
 */
import { FIGURE_HEIGHT as H, FIGURE_MARGINS as M, FIGURE_WIDTH as W, axis, frame, html, scale } from 'mnas-ts/report';

/** One series of points. */
export interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

/** A log-log scatter with the y = x line and a +-10% band; both axes span every positive value. */
export function scatterSvg(title: string, series: readonly Series[], xLabel: string, yLabel: string): string {
  const a = axis(
    series.flatMap((s) => s.points.flat()).filter((v) => v > 0),
    true,
  );
  const px = (v: number): number => Number(scale(a, v, M.l, W - M.r).toFixed(1));
  const py = (v: number): number => Number(scale(a, v, H - M.b, M.t).toFixed(1));
  const [lo, hi] = [10 ** a.min, 10 ** a.max];
  const clamp = (v: number): number => Math.min(Math.max(v, lo), hi);
  const band = [
    [lo, lo * 1.1],
    [hi / 1.1, hi],
    [hi, hi * 0.9],
    [lo / 0.9, lo],
  ]
    .map(([x, y]) => `${px(clamp(x as number))},${py(clamp(y as number))}`)
    .join(' ');
  const dots = series.map((s) =>
    s.points
      .filter(([x, y]) => x > 0 && y > 0)
      .map(([x, y]) => html`<circle cx="${px(x)}" cy="${py(y)}" r="2.6" fill="${s.color}" fill-opacity="0.7"/>`),
  );
  const legend = series.map((s, i) => {
    const y = M.t + 14 + i * 16;
    return html`<circle cx="${M.l + 12}" cy="${y - 4}" r="4" fill="${s.color}"/><text x="${M.l + 22}" y="${y}">${s.label}</text>`;
  });
  const body = html`<polygon points="${band}" fill="#dddddd" opacity="0.6"/>\
<line x1="${px(lo)}" y1="${py(lo)}" x2="${px(hi)}" y2="${py(hi)}" stroke="#555" stroke-dasharray="4 3"/>${dots}${legend}\
<text x="${W - M.r - 6}" y="${H - M.b - 8}" text-anchor="end" fill="#555">dashed: y = x; grey band: within ±10%</text>`;
  return `${frame(title, { x: xLabel, y: yLabel }, body, { x: a, y: a, px, py }).text}\n`;
}

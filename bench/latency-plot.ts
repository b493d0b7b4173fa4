/**
 * SVG scatter plot of predicted against measured latency (for docs/latency.md).
 */

/** One series of points. */
export interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

const fmt = (v: number): string => (Math.round(v * 10) / 10).toString();

/** A log-log scatter with the y = x line and a +-10% band. */
export function scatterSvg(title: string, series: readonly Series[], xLabel: string, yLabel: string): string {
  const W = 560;
  const H = 440;
  const m = { l: 64, r: 16, t: 36, b: 52 };
  const all = series.flatMap((s) => s.points.flat()).filter((v) => v > 0);
  const lo = Math.min(...all) * 0.9;
  const hi = Math.max(...all) * 1.1;
  const lx = (v: number): number => m.l + ((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (W - m.l - m.r);
  const ly = (v: number): number => H - m.b - ((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (H - m.t - m.b);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`);
  // +-10% band and y = x.
  const band = [
    [lo, lo * 1.1],
    [hi / 1.1, hi],
    [hi, hi * 0.9],
    [lo / 0.9, lo],
  ].map(([x, y]) => `${lx(Math.min(Math.max(x as number, lo), hi)).toFixed(1)},${ly(Math.min(Math.max(y as number, lo), hi)).toFixed(1)}`);
  out.push(`<polygon points="${band.join(' ')}" fill="#dddddd" opacity="0.6"/>`);
  out.push(`<line x1="${lx(lo)}" y1="${ly(lo)}" x2="${lx(hi)}" y2="${ly(hi)}" stroke="#555" stroke-dasharray="4 3"/>`);
  // Axes and ticks.
  out.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#333"/>`);
  for (const t of ticks(lo, hi)) {
    out.push(`<line x1="${lx(t)}" y1="${H - m.b}" x2="${lx(t)}" y2="${H - m.b + 4}" stroke="#333"/>`);
    out.push(`<text x="${lx(t)}" y="${H - m.b + 16}" text-anchor="middle">${fmt(t)}</text>`);
    out.push(`<line x1="${m.l - 4}" y1="${ly(t)}" x2="${m.l}" y2="${ly(t)}" stroke="#333"/>`);
    out.push(`<text x="${m.l - 6}" y="${ly(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`);
  series.forEach((s, i) => {
    for (const [x, y] of s.points) {
      if (x > 0 && y > 0)
        out.push(`<circle cx="${lx(x).toFixed(1)}" cy="${ly(y).toFixed(1)}" r="2.6" fill="${s.color}" fill-opacity="0.7"/>`);
    }
    const ly0 = m.t + 14 + i * 16;
    out.push(`<circle cx="${m.l + 12}" cy="${ly0 - 4}" r="4" fill="${s.color}"/>`);
    out.push(`<text x="${m.l + 22}" y="${ly0}">${escapeXml(s.label)}</text>`);
  });
  out.push(`<text x="${W - m.r - 6}" y="${H - m.b - 8}" text-anchor="end" fill="#555">dashed: y = x; grey band: within ±10%</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function ticks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** e;
      if (v >= lo && v <= hi) out.push(v);
    }
  }
  return out;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Draws the MnasNet reward against latency for the soft and hard constraints
 * at ACC = 0.5, T = 80 ms (the illustration of Tan et al., CVPR 2019, Fig. 3)
 * as a plain, hand-written SVG, and prints the values at a few latencies.
 *
 * Regenerate with:  npx tsx bench/reward-figure.ts
 * Writes:           docs/figures/reward-vs-latency.svg
 *
 * The output is deterministic (fixed sampling and number formatting), so the
 * committed SVG can be checked against `renderRewardFigure()`.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HARD_CONSTRAINT, SOFT_CONSTRAINT, mnasReward, type ConstraintExponents } from 'mnas-ts/reward';
import { benchCommand } from './args.js';

/** Accuracy and target of the paper's illustration. */
export const FIGURE_ACCURACY = 0.5;
export const FIGURE_TARGET_MS = 80;

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 64, right: 24, top: 44, bottom: 52 };
const X_DOMAIN = [0, 160] as const;
const Y_DOMAIN = [0.2, 0.7] as const;
const CURVES: readonly { readonly label: string; readonly color: string; readonly exponents: ConstraintExponents }[] = [
  { label: 'soft constraint: α = β = −0.07', color: '#1f77b4', exponents: SOFT_CONSTRAINT },
  { label: 'hard constraint: α = 0, β = −1', color: '#d62728', exponents: HARD_CONSTRAINT },
];

const fmt = (v: number): string => v.toFixed(2);
const sx = (ms: number): number => MARGIN.left + ((ms - X_DOMAIN[0]) / (X_DOMAIN[1] - X_DOMAIN[0])) * (WIDTH - MARGIN.left - MARGIN.right);
const sy = (r: number): number =>
  HEIGHT - MARGIN.bottom - ((r - Y_DOMAIN[0]) / (Y_DOMAIN[1] - Y_DOMAIN[0])) * (HEIGHT - MARGIN.top - MARGIN.bottom);

/** Reward of the illustration's model at `latencyMs`. */
export function figureReward(latencyMs: number, exponents: ConstraintExponents): number {
  return mnasReward({ accuracy: FIGURE_ACCURACY, latencyMs }, { targetMs: FIGURE_TARGET_MS, ...exponents });
}

function axes(): string[] {
  const out: string[] = [];
  const [x0, x1] = [sx(X_DOMAIN[0]), sx(X_DOMAIN[1])];
  const [y0, y1] = [sy(Y_DOMAIN[0]), sy(Y_DOMAIN[1])];
  for (let ms = 0; ms <= 160; ms += 20) {
    const x = fmt(sx(ms));
    out.push(`<line x1="${x}" y1="${fmt(y0)}" x2="${x}" y2="${fmt(y1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x}" y="${fmt(y0 + 18)}" text-anchor="middle">${ms}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const r = Y_DOMAIN[0] + i * 0.1;
    const y = fmt(sy(r));
    out.push(`<line x1="${fmt(x0)}" y1="${y}" x2="${fmt(x1)}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${fmt(x0 - 8)}" y="${fmt(sy(r) + 4)}" text-anchor="end">${r.toFixed(1)}</text>`);
  }
  out.push(`<rect x="${fmt(x0)}" y="${fmt(y1)}" width="${fmt(x1 - x0)}" height="${fmt(y0 - y1)}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${fmt((x0 + x1) / 2)}" y="${HEIGHT - 12}" text-anchor="middle">latency (ms)</text>`);
  out.push(`<text transform="translate(18 ${fmt((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle">reward ACC · (LAT / T)^w</text>`);
  const t = fmt(sx(FIGURE_TARGET_MS));
  out.push(`<line x1="${t}" y1="${fmt(y0)}" x2="${t}" y2="${fmt(y1)}" stroke="#555" stroke-dasharray="5 4"/>`);
  out.push(`<text x="${fmt(sx(FIGURE_TARGET_MS) + 6)}" y="${fmt(y1 + 16)}">T = ${FIGURE_TARGET_MS} ms</text>`);
  return out;
}

function curve(exponents: ConstraintExponents, color: string): string {
  // Every whole millisecond from 2 ms; T itself is a sample, so the hard constraint's corner is drawn exactly.
  const points: string[] = [];
  for (let ms = 2; ms <= X_DOMAIN[1]; ms++) points.push(`${fmt(sx(ms))},${fmt(sy(figureReward(ms, exponents)))}`);
  return `<polyline fill="none" stroke="${color}" stroke-width="2.5" points="${points.join(' ')}"/>`;
}

function legend(): string[] {
  return CURVES.flatMap(({ label, color }, i) => {
    const y = MARGIN.top + 22 + i * 22;
    const x = sx(92);
    return [
      `<line x1="${fmt(x)}" y1="${y}" x2="${fmt(x + 28)}" y2="${y}" stroke="${color}" stroke-width="2.5"/>`,
      `<text x="${fmt(x + 36)}" y="${y + 4}">${label}</text>`,
    ];
  });
}

/** The whole SVG document, as committed in docs/figures/reward-vs-latency.svg. */
export function renderRewardFigure(): string {
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12" fill="#222">`,
    `<title>MnasNet reward versus latency, ACC = ${FIGURE_ACCURACY}, T = ${FIGURE_TARGET_MS} ms</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">MnasNet reward vs latency (ACC = ${FIGURE_ACCURACY}, T = ${FIGURE_TARGET_MS} ms)</text>`,
    ...axes(),
    ...CURVES.map(({ exponents, color }) => curve(exponents, color)),
    ...legend(),
    '</svg>',
  ];
  return `${lines.join('\n')}\n`;
}

/** Path of the committed figure. */
export const FIGURE_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../docs/figures/reward-vs-latency.svg');

function main(): void {
  benchCommand('reward-figure', 'Draws docs/figures/reward-vs-latency.svg and prints the two curves (no flags)').parse();
  mkdirSync(dirname(FIGURE_PATH), { recursive: true });
  writeFileSync(FIGURE_PATH, renderRewardFigure());
  console.log(`wrote ${FIGURE_PATH}\n`);
  console.log('latency ms | soft reward | hard reward');
  console.log('---------: | ----------: | ----------:');
  for (const ms of [20, 40, 60, 80, 100, 120, 160]) {
    const [soft, hard] = CURVES.map(({ exponents }) => figureReward(ms, exponents).toFixed(4));
    console.log(`${String(ms).padStart(10)} | ${soft?.padStart(11)} | ${hard?.padStart(11)}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();

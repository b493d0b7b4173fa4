// report.html of a journal with baselines, drawn by Chromium: baselines are reference lines of the
// reward figure (not trials at negative numbers), and the best-so-far line only moves right.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/cli/report.js';
import type { BaselineResult, JournalContents, Trial } from '../../src/index.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../export/browser.js';

const trial = (index: number, reward: number): Trial<unknown> => ({
  index,
  id: `t${index}`,
  tokens: [index % 3, 0],
  value: { archStr: `arch-${index}` },
  status: 'ok',
  reward,
  accuracy: reward,
  latencyMs: 1 + (index % 5) * 0.3,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
});
const baseline = (name: string, reward: number | undefined): BaselineResult<unknown> => ({
  baseline: name,
  value: { archStr: name },
  status: reward === undefined ? 'failed' : 'ok',
  ...(reward === undefined ? { error: 'evaluate: out of memory' } : { reward, accuracy: reward, latencyMs: 2.5 }),
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
});

// 20 trials journaled in finishing order (not index order), rewards 0.6-0.8; a baseline above them
// all (the CLI's default baselines come first in the journal), one among them, one failed.
const trials = Array.from({ length: 20 }, (_, i) => trial(i, 0.6 + 0.01 * i + (i % 4 === 0 ? 0.02 : 0)));
const contents: JournalContents<unknown> = {
  header: {
    type: 'header',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    space: { fingerprint: 'fp', decisions: 2 },
    controllerFingerprint: 'c',
    concurrency: 2,
    trials: 20,
    reward: 'mnas-soft',
    meta: { costLabel: 'wasm latency (ms)', config: { targetMs: 2 } },
  },
  trials: [trials[1], trials[0], ...trials.slice(2)] as Trial<unknown>[],
  baselines: [baseline('mnasnet-a1', 0.9), baseline('mobilenet-v2-0.35', 0.7), baseline('mobilenet-v2-1.0', undefined)],
};

/** What the reward figure's pixels show, counted by the page from the PNG of its screenshot. */
interface PixelCounts {
  /** Green (best-so-far) pixels inside the plot left of the first trial, and right of it. */
  readonly greenLeft: number;
  readonly greenRight: number;
  /** Orange (reference line) pixels along each baseline line's row. */
  readonly dashes: number[];
}

async function countPixels(
  page: Page,
  png: Buffer,
  plot: { left: number; right: number; top: number; bottom: number },
  firstX: number,
  rows: readonly { left: number; right: number; y: number }[],
): Promise<PixelCounts> {
  return page.evaluate(
    async ({ base64, plot, firstX, rows }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      ctx.drawImage(bitmap, 0, 0);
      const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const at = (x: number, y: number): [number, number, number] => {
        const i = (Math.round(y) * bitmap.width + Math.round(x)) * 4;
        return [data[i] as number, data[i + 1] as number, data[i + 2] as number];
      };
      const green = ([r, g, b]: [number, number, number]): boolean => g > 120 && r < 110 && b < 110;
      const orange = ([r, g, b]: [number, number, number]): boolean => r > 200 && g > 80 && g < 190 && b < 110;
      let greenLeft = 0;
      let greenRight = 0;
      for (let y = Math.ceil(plot.top) + 2; y < plot.bottom - 2; y++) {
        for (let x = Math.ceil(plot.left) + 2; x < plot.right - 2; x++) {
          if (!green(at(x, y))) continue;
          if (x < firstX - 4) greenLeft++;
          else greenRight++;
        }
      }
      const dashes = rows.map((b) => {
        let n = 0;
        for (let x = Math.ceil(b.left) + 2; x < b.right - 2; x++) if (orange(at(x, b.y))) n++;
        return n;
      });
      return { greenLeft, greenRight, dashes };
    },
    { base64: png.toString('base64'), plot, firstX, rows },
  );
}

describe.skipIf(CHROMIUM_MISSING !== undefined)('the reward figure of report.html in Chromium, with baselines', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the baselines as reference lines and the best so far left to right, in the DOM and in the pixels', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 1600 }, deviceScaleFactor: 1 });
    try {
      await page.setContent(renderReport(contents), { waitUntil: 'load' });
      const svg = page.locator('svg[aria-label="Reward over trials"]');
      const geo = await svg.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const plot = (el.querySelector('rect') as SVGRectElement).getBoundingClientRect();
        const centre = (r: DOMRect): { x: number; y: number } => ({ x: r.x + r.width / 2 - box.x, y: r.y + r.height / 2 - box.y });
        const line = el.querySelector('polyline.best-so-far') as SVGPolylineElement;
        return {
          plot: { left: plot.left - box.x, right: plot.right - box.x, top: plot.top - box.y, bottom: plot.bottom - box.y },
          dots: Array.from(el.querySelectorAll('circle')).map((c) => centre(c.getBoundingClientRect())),
          best: Array.from({ length: line.points.numberOfItems }, (_, i) => line.points.getItem(i)).map((p) => ({ x: p.x, y: p.y })),
          baselines: Array.from(el.querySelectorAll('g.baseline-reward line')).map((l) => {
            const r = l.getBoundingClientRect();
            return { left: r.left - box.x, right: r.right - box.x, y: r.y + r.height / 2 - box.y };
          }),
          labels: Array.from(el.querySelectorAll('g.baseline-reward text')).map((t) => t.textContent),
        };
      });
      // One dot per trial, none for a baseline; all inside the plot.
      expect(geo.dots).toHaveLength(20);
      for (const d of geo.dots) {
        expect(d.x).toBeGreaterThan(geo.plot.left);
        expect(d.x).toBeLessThan(geo.plot.right);
      }
      // The best so far: one vertex per trial, x never going back, y never going down (up on screen).
      expect(geo.best).toHaveLength(20);
      for (let i = 1; i < geo.best.length; i++) {
        expect(geo.best[i]?.x).toBeGreaterThan(geo.best[i - 1]?.x as number);
        expect(geo.best[i]?.y).toBeLessThanOrEqual(geo.best[i - 1]?.y as number);
      }
      // Two reference lines (the failed baseline has none) across the plot; mnasnet-a1 above every trial.
      expect(geo.labels).toEqual(['mnasnet-a1', 'mobilenet-v2-0.35']);
      for (const b of geo.baselines) {
        expect(b.left).toBeCloseTo(geo.plot.left, 0);
        expect(b.right).toBeCloseTo(geo.plot.right, 0);
      }
      expect(geo.baselines[0]?.y).toBeLessThan(Math.min(...geo.dots.map((d) => d.y)));

      // No best-so-far pixel left of the first trial: the line is not drawn back across the chart.
      const firstX = Math.min(...geo.dots.map((d) => d.x));
      const counts = await countPixels(page, await svg.screenshot(), geo.plot, firstX, geo.baselines);
      expect(counts.greenLeft).toBe(0);
      expect(counts.greenRight).toBeGreaterThan(100);
      // The dashed reference lines are drawn in orange across the plot (dashes: about 60 % of the row).
      geo.baselines.forEach((b, i) => expect(counts.dashes[i]).toBeGreaterThan(0.4 * (b.right - b.left)));
    } finally {
      await page.close();
    }
  }, 180_000);
});

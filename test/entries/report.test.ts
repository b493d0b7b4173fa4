import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as report from 'mnas-ts/report';
import { renderReport as cliRenderReport } from '../../src/cli/report.js';
import * as root from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-report-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function journal(): string {
  const header = {
    type: 'header',
    version: 1,
    createdAt: '2026-12-07T00:00:00.000Z',
    space: { fingerprint: 'f', decisions: 2 },
    controllerFingerprint: 'c',
    concurrency: 1,
    trials: 2,
    reward: 'mnas-soft(targetMs=4)',
    seed: 0,
    meta: {},
  };
  const trial = (index: number, accuracy: number, latencyMs: number): Record<string, unknown> => ({
    type: 'trial',
    index,
    id: String(index),
    tokens: [index, 0],
    value: { archStr: `cell-${index}` },
    status: 'ok',
    reward: accuracy,
    accuracy,
    latencyMs,
    startedAt: '2026-12-07T00:00:00.000Z',
    durationMs: 1,
  });
  const path = join(dir, 'search.jsonl');
  writeFileSync(path, `${[header, trial(0, 0.8, 3), trial(1, 0.9, 5)].map((l) => JSON.stringify(l)).join('\n')}\n`);
  return path;
}

describe('mnas-ts/report', () => {
  it("renders a journal as the CLI's report does (the same function)", async () => {
    expect(report.renderReport).toBe(cliRenderReport);
    const page = report.renderReport(await root.readJournal(journal()), { title: 'A <search>' });
    expect(page).toContain('A &lt;search&gt;');
    expect(page).toContain('<svg');
    expect(page).toContain('cell-1');
  });

  it('draws a figure with the kit: fitted axes, 1-2-5 or decade ticks, escaped labels', () => {
    const x = report.axis([1, 10, 100], true);
    const y = report.axis([0, 1], false);
    expect(report.tickValues(x)).toEqual([1, 10, 100]);
    expect(report.tickValues(y).map((v) => v + 0)).toEqual([0, 0.5, 1]);
    const px = (v: number): number => report.scale(x, v, report.FIGURE_MARGINS.l, report.FIGURE_WIDTH - report.FIGURE_MARGINS.r);
    const py = (v: number): number => report.scale(y, v, report.FIGURE_HEIGHT - report.FIGURE_MARGINS.b, report.FIGURE_MARGINS.t);
    const body = report.html`<circle cx="${px(10)}" cy="${py(0.5)}" r="3"/>${'<b>'}`;
    const svg = report.frame('latency <ms>', { x: 'ms & more', y: 'accuracy' }, body, { x, y, px, py }).text;
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('aria-label="latency &lt;ms&gt;"');
    expect(svg).toContain('ms &amp; more');
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).not.toContain('<b>');
    expect(report.round3(1234.5)).toBe('1,230');
  });

  it('is not re-exported by the root', () => {
    for (const name of ['renderReport', 'frame', 'html', 'FIGURE_WIDTH']) expect(name in root, name).toBe(false);
  });
});

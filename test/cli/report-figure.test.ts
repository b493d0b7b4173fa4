import { describe, expect, it } from 'vitest';
import { paretoFigure } from '../../src/cli/pareto-figure.js';
import { renderReport } from '../../src/cli/report.js';
import type { JournalContents, Trial } from '../../src/index.js';

function trial(
  index: number,
  accuracy: number,
  latencyMs: number,
  extra: Partial<Trial<unknown>> & { baseline?: string } = {},
): Trial<unknown> {
  return {
    index,
    id: `t${index}`,
    tokens: [index, 0],
    value: { archStr: `arch-${index}` },
    status: 'ok',
    reward: accuracy * (latencyMs / 2) ** -0.07,
    accuracy,
    latencyMs,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    ...extra,
  };
}

function failedTrial(index: number): Trial<unknown> {
  const { reward: _r, accuracy: _a, latencyMs: _l, ...rest } = trial(index, 0, 0);
  return { ...rest, status: 'failed', error: 'evaluate: NaN' };
}

// Ten informative networks (1-4.6 ms), three repeats of #2's architecture, two untrainable
// networks at 0.004 ms and chance accuracy, a failed trial and a baseline.
const trials: Trial<unknown>[] = [
  ...Array.from({ length: 10 }, (_, i) => trial(i, 0.86 + i * 0.008, 1 + i * 0.4)),
  trial(10, 0.87, 1.8, { tokens: [2, 0] }),
  trial(11, 0.875, 1.8, { tokens: [2, 0] }),
  trial(12, 0.1, 0.004),
  trial(13, 0.1135, 0.0041),
  failedTrial(14),
  trial(15, 0.93, 3.1, { baseline: 'mobilenet-v2-0.35' }),
];
const contents: JournalContents<unknown> = {
  baselines: [],
  header: {
    type: 'header',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    space: { fingerprint: 'fp', decisions: 2 },
    controllerFingerprint: 'c',
    concurrency: 1,
    trials: trials.length,
    reward: 'mnas-soft',
    meta: { costLabel: 'wasm latency (ms)', config: { targetMs: 2 } },
  },
  trials,
};

describe('paretoFigure', () => {
  const f = paretoFigure(trials, 'wasm latency (ms)', 2, (t) => String(t.index));
  if (f === undefined) throw new Error('no figure');

  it('merges repeated architectures into one point, counted', () => {
    expect(f.points).toHaveLength(13); // 16 trials - 1 failed - 2 repeats
    expect(f.merged).toBe(2);
    const repeated = f.points.find((p) => p.indices.length > 1);
    expect(repeated?.indices).toEqual([2, 10, 11]);
    // The repeat with the highest reward is drawn.
    expect(repeated?.trial.index).toBe(2);
    expect(f.svg.text).toContain('>×3</text>');
    expect(f.svg.text).toContain('proposed 3 times (#2, #10, #11)');
  });

  it('draws degenerate points at the edge, counted, and fits the axis to the rest', () => {
    expect(f.clipped).toBe(2);
    expect(
      f.points
        .filter((p) => p.clipped)
        .map((p) => p.trial.index)
        .sort(),
    ).toEqual([12, 13]);
    expect(f.log).toBe(false);
    // Ticks of the informative range (1-4.6 ms), not of 0.004 ms.
    expect(f.svg.text).toMatch(/>1<\/text>.*>2<\/text>.*>3<\/text>.*>4<\/text>/);
    expect(f.svg.text).not.toContain('>0.001<');
    expect(f.svg.text).toContain('outside the axes (drawn at the edge)');
  });

  it('labels the baselines and keeps them off the front', () => {
    const b = f.points.find((p) => p.baseline !== undefined);
    expect(b?.baseline).toBe('mobilenet-v2-0.35');
    expect(b?.front).toBe(false);
    expect(f.svg.text).toContain('>mobilenet-v2-0.35</text>');
    expect(f.svg.text).toContain('baseline mobilenet-v2-0.35 (trial #15)');
  });

  it('gives every point hover details with rounded numbers', () => {
    expect(f.svg.text.match(/<title>/g)).toHaveLength(13);
    expect(f.svg.text).toContain('accuracy 0.868, wasm latency (ms) 1.4, reward');
    expect(f.svg.text).not.toMatch(/\d\.\d{5,}/);
  });

  it('marks a target far outside the informative range at the edge instead of stretching the axis', () => {
    const far = paretoFigure(trials, 'ms', 200, (t) => String(t.index));
    expect(far?.svg.text).toContain('target 200 →');
    expect(far?.svg.text).not.toContain('stroke-dasharray="5,4"');
  });
});

describe('renderReport', () => {
  const page = renderReport(contents);

  it('has a legend, a baselines table and merged rows', () => {
    expect(page).toContain('<p class="legend">');
    expect(page).toContain('Pareto front (no other trial is both more accurate and cheaper)');
    expect(page).toContain('2 repeated trials merged');
    expect(page).toContain('2 degenerate points lie far outside the others');
    expect(page).toContain('<h2>Baselines</h2>');
    expect(page).toContain('mobilenet-v2-0.35 (#15)');
    // One row per architecture in the best table: #10 and #11 are merged into #2.
    const best = page.slice(page.indexOf('<h2>Best architectures</h2>'));
    expect(best).not.toMatch(/<td>#1[01]<\/td>/);
    expect(best).toMatch(/<td>#2<\/td>(<td[^>]*>[^<]*<\/td>){4}<td class="n">3<\/td>/);
  });

  it('renders without baselines or a target', () => {
    const plain = renderReport({ ...contents, header: { ...contents.header, meta: {} }, trials: trials.slice(0, 10) });
    expect(plain).not.toContain('<h2>Baselines</h2>');
    expect(plain).not.toContain('target');
    expect(plain).not.toContain('outside the axes');
  });

  it('keeps the Content-Security-Policy that forbids scripts', () => {
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(page).not.toMatch(/<script/i);
  });
});

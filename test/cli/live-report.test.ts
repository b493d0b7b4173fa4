import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveReport } from '../../src/cli/live-report.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-live-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'run');
const journal = join(out, 'journal.jsonl');

beforeAll(async () => {
  const r = await cli('search', '--benchmark', 'nas-bench-201', '--controller', 'random', '--trials', '12', '--out', out, '--no-progress');
  expect(r.code).toBe(0);
}, 60_000);

describe('liveReport', () => {
  it('writes the running report after a trial, at most once per interval, whole (no temporary file left)', async () => {
    let now = 0;
    const path = join(dir, 'live', 'report.html');
    const live = liveReport({ journal, path, costLabel: 'pixel3 latency (ms)', targetMs: 10, intervalMs: 5000, clock: () => now });
    live.trial();
    await live.settled();
    const page = readFileSync(path, 'utf8');
    expect(page).toContain('<meta http-equiv="refresh" content="5">');
    expect(page).toContain('<title>mnas-ts search report (running)</title>');
    expect(page).toContain('12 trials');
    rmSync(path);
    now = 4999;
    live.trial();
    await live.settled();
    expect(existsSync(path)).toBe(false);
    now = 5000;
    live.trial();
    await live.settled();
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(join(dir, 'live'))).toEqual(['report.html']);
  });

  it('reports a writing that fails and goes on', async () => {
    const errors: unknown[] = [];
    const live = liveReport({
      journal: join(dir, 'missing.jsonl'),
      path: join(dir, 'x', 'report.html'),
      costLabel: 'ms',
      targetMs: 1,
      onError: (e) => errors.push(e),
    });
    live.trial();
    await live.settled();
    expect(errors).toHaveLength(1);
  });
});

describe('mnas-ts search', () => {
  it('leaves the final report, which does not reload', () => {
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    expect(page).toContain('<title>mnas-ts search report</title>');
    expect(page).not.toContain('http-equiv="refresh"');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

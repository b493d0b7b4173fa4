import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/cli/trials-command.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-trials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = {
  type: 'header',
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  space: { fingerprint: 'fp', decisions: 2 },
  controllerFingerprint: 'c',
  concurrency: 1,
  trials: 6,
  reward: 'mnas-soft',
  seed: 0,
  meta: { costLabel: 'pixel3 latency (ms)' },
};

function trial(index: number, accuracy: number, latencyMs: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'trial',
    index,
    id: `t${index}`,
    tokens: [index, 0],
    value: { archStr: `arch-${index}` },
    status: 'ok',
    reward: accuracy - latencyMs / 100,
    accuracy,
    latencyMs,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10,
    ...extra,
  };
}

// Front: #1 (0.9, 5) and #2 (0.7, 2); #0 and #4 are dominated by #1; #3 failed; #5 pruned.
const lines = [
  header,
  trial(0, 0.8, 6),
  trial(1, 0.9, 5),
  trial(2, 0.7, 2),
  { ...trial(3, 0, 0), status: 'failed', reward: undefined, accuracy: undefined, latencyMs: undefined, error: 'evaluate: =HYPERLINK("x")' },
  trial(4, 0.6, 8, { value: { archStr: '=1+1, "quoted"' } }),
  trial(5, 0.5, 9, { evaluation: { accuracy: 0.5, extra: { pruned: true } } }),
];
const journal = join(dir, 'journal.jsonl');
writeFileSync(journal, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));

describe('mnas-ts trials', () => {
  it('lists every trial as a table, rounded, with the journal cost label', async () => {
    const r = await cli('trials', journal);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n');
    expect(rows[0]).toMatch(/^trial\s+status\s+reward\s+accuracy\s+pixel3 latency \(ms\)\s+front\s+value$/);
    expect(rows).toHaveLength(7);
    expect(rows[2]).toMatch(/^#1\s+ok\s+0\.8500\s+0\.9000\s+5\.00\s+yes\s+arch-1$/);
    expect(rows[4]).toMatch(/^#3\s+failed\s+-\s+-\s+-\s+evaluate: =HYPERLINK/);
    expect(rows[6]).toMatch(/^#5\s+pruned\s/);
  });

  it('prints one JSON array, filtered by status', async () => {
    const ok = JSON.parse((await cli('trials', journal, '--format', 'json', '--status', 'ok')).out) as { index: number }[];
    expect(ok.map((t) => t.index)).toEqual([0, 1, 2, 4]);
    const failed = JSON.parse((await cli('trials', journal, '--format', 'json', '--status', 'failed')).out) as Record<string, unknown>[];
    expect(failed).toEqual([
      expect.objectContaining({ index: 3, status: 'failed', reward: null, accuracy: null, error: 'evaluate: =HYPERLINK("x")' }),
    ]);
    const pruned = JSON.parse((await cli('trials', journal, '--format', 'json', '--status', 'pruned')).out) as { index: number }[];
    expect(pruned.map((t) => t.index)).toEqual([5]);
  });

  it('keeps the Pareto front, sorts and limits', async () => {
    const front = JSON.parse((await cli('trials', journal, '--format', 'json', '--pareto')).out) as { index: number }[];
    expect(front.map((t) => t.index)).toEqual([1, 2]);
    const byAcc = JSON.parse((await cli('trials', journal, '--format', 'json', '--sort', 'accuracy', '--limit', '2')).out) as {
      index: number;
    }[];
    expect(byAcc.map((t) => t.index)).toEqual([1, 0]);
    const byLat = JSON.parse((await cli('trials', journal, '--format', 'json', '--sort', 'latency')).out) as { index: number }[];
    expect(byLat.map((t) => t.index)).toEqual([2, 1, 0, 4, 5, 3]);
  });

  it('writes CSV quoted and safe from spreadsheet formulas', async () => {
    const r = await cli('trials', journal, '--format', 'csv');
    expect(r.code).toBe(0);
    const rows = r.out.split('\n');
    expect(rows[0]).toBe('index,status,reward,accuracy,latencyMs,latencyLowMs,latencyHighMs,noisy,front,baseline,durationMs,value,error');
    expect(rows[2]).toBe('1,ok,0.85,0.9,5,,,,true,,10,arch-1,');
    expect(rows[4]).toBe('3,failed,,,,,,,false,,10,arch-3,"evaluate: =HYPERLINK(""x"")"');
    expect(rows[5]).toContain(`,"'=1+1, ""quoted""",`);
  });

  it('refuses a bad flag with exit code 2, naming it', async () => {
    const r = await cli('trials', journal, '--limit', '0');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Invalid --limit: expected a decimal integer in [1, 9007199254740991], received "0"');
    const f = await cli('trials', journal, '--format', 'xml');
    expect(f.code).toBe(2);
    expect(f.err).toContain("argument 'xml' is invalid");
    const missing = await cli('trials', join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Cannot read journal');
  });
});

describe('mnas-ts trials with latency reports', () => {
  const platform = { name: 'node-wasm', backend: 'wasm' };
  const samplesMs = [4.8, 5, 5.1, 4.9, 5.3, 5, 5.2, 4.7, 5.4, 5];
  // #0 from a journal written before reports carried medianCi and load; #1 measured on a busy machine.
  const old = { medianMs: 5, samplesMs, p10Ms: 4.79, p90Ms: 5.31, madMs: 0.15, runs: 10, warmupRuns: 20, platform };
  const busy = {
    ...old,
    medianCi: { lowMs: 4.5, highMs: 5.6, level: 0.98 },
    load: { noisy: true, reasons: ['other processes used 1.40 cores on average'], otherCores: 1.4, cpuShare: 0.6, waitedMs: 0 },
  };
  const measured = join(dir, 'measured.jsonl');
  writeFileSync(
    measured,
    [header, trial(0, 0.8, 5, { latency: old }), trial(1, 0.9, 5, { latency: busy })].map((l) => `${JSON.stringify(l)}\n`).join(''),
  );

  it("shows the median's 95% interval (computed from the samples of an older journal) and the noisy flag", async () => {
    const r = await cli('trials', measured);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n');
    expect(rows[0]).toMatch(/^trial\s+status\s+reward\s+accuracy\s+pixel3 latency \(ms\)\s+95% CI\s+noisy\s+front\s+value$/);
    // n = 10: the 2nd and 9th smallest samples.
    expect(rows[1]).toMatch(/^#0\s+ok\s+0\.7500\s+0\.8000\s+5\.00\s+4\.80-5\.30\s+arch-0$/);
    expect(rows[2]).toMatch(/^#1\s+ok\s+0\.8500\s+0\.9000\s+5\.00\s+4\.50-5\.60\s+noisy\s+yes\s+arch-1$/);
  });

  it('writes the interval and the flag to JSON and CSV (noisy empty when the load was not watched)', async () => {
    const json = JSON.parse((await cli('trials', measured, '--format', 'json')).out) as Record<string, unknown>[];
    expect(json[0]).toMatchObject({ latencyLowMs: 4.8, latencyHighMs: 5.3, noisy: null });
    expect(json[1]).toMatchObject({ latencyLowMs: 4.5, latencyHighMs: 5.6, noisy: true });
    const csv = (await cli('trials', measured, '--format', 'csv')).out.split('\n');
    expect(csv[1]).toMatch(/^0,ok,0\.75,0\.8,5,4\.8,5\.3,,/);
    expect(csv[2]).toMatch(/^1,ok,0\.85,0\.9,5,4\.5,5\.6,true,/);
  });
});

describe('mnas-ts best', () => {
  it('prints the trial with the highest reward', async () => {
    const r = await cli('best', journal, '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { index: number }[]).map((t) => t.index)).toEqual([1]);
  });

  it('prints the Pareto front by latency with --pareto', async () => {
    const r = await cli('best', journal, '--pareto', '--format', 'json');
    expect((JSON.parse(r.out) as { index: number }[]).map((t) => t.index)).toEqual([2, 1]);
  });

  it('leaves baselines out and exits 1 when no trial succeeded', async () => {
    const only = join(dir, 'baseline.jsonl');
    const failed = { ...trial(1, 0, 0), status: 'failed', reward: undefined, accuracy: undefined, latencyMs: undefined, error: 'x' };
    writeFileSync(only, [header, trial(0, 0.9, 1, { baseline: 'mobilenet-v2' }), failed].map((l) => `${JSON.stringify(l)}\n`).join(''));
    const r = await cli('best', only);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no successful trial');
    const all = await cli('trials', only);
    expect(all.out).toContain('baseline mobilenet-v2: arch-0');
  });
});

describe('csvCell', () => {
  it('prefixes formula starts and quotes separators', () => {
    expect(['=A1', '+1', '-2', '@x', 'plain', 'a,b', 'say "hi"', 'two\nlines'].map(csvCell)).toEqual([
      "'=A1",
      "'+1",
      "'-2",
      "'@x",
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
    ]);
    expect([1.5, -2, true, null].map(csvCell)).toEqual(['1.5', '-2', 'true', '']);
  });
});

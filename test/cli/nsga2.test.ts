import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/index.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-nsga2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mnas-ts search --controller nsga2', { timeout: 120_000 }, () => {
  it("searches for the front of accuracy and latency, under the hard reward's target as a constraint, and resumes", async () => {
    const out = join(dir, 'hard');
    const args = ['search', '--benchmark', 'nas-bench-201', '--controller', 'nsga2', '--reward', 'hard', '--target-ms', '8', '--out', out];
    const first = await cli(...args, '--trials', '30');
    expect(first.code).toBe(0);
    const resumed = await cli(...args, '--trials', '60', '--resume');
    expect(resumed.code).toBe(0);
    const journal = await readJournal(join(out, 'journal.jsonl'));
    expect(journal.header.objectives).toEqual([
      { name: 'accuracy', direction: 'maximize' },
      { name: 'latencyMs', direction: 'minimize' },
    ]);
    expect(journal.header.constrained).toBe(true);
    expect(journal.trials).toHaveLength(60);
    for (const t of journal.trials) {
      expect(t.objectives).toEqual([t.accuracy, t.latencyMs]);
      expect(t.violation).toBeCloseTo(Math.max(0, (t.latencyMs as number) / 8 - 1), 12);
    }
    // The front the CLI lists holds only trials within the target.
    const front = await cli('trials', join(out, 'journal.jsonl'), '--pareto', '--format', 'json');
    expect(front.code).toBe(0);
    const rows = JSON.parse(front.out) as { index: number; latencyMs: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.latencyMs <= 8)).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/index.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-cli-surrogate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mnas-ts search --controller surrogate', { timeout: 120_000 }, () => {
  it('searches NAS-Bench-201 under the hard reward (told the violation), resumes, and repeats no candidate', async () => {
    const out = join(dir, 'hard');
    const args = [
      'search',
      '--benchmark',
      'nas-bench-201',
      '--controller',
      'surrogate',
      '--reward',
      'hard',
      '--target-ms',
      '8',
      '--out',
      out,
    ];
    const first = await cli(...args, '--trials', '20');
    expect(first.code).toBe(0);
    const resumed = await cli(...args, '--trials', '40', '--resume');
    expect(resumed.code).toBe(0);
    const journal = await readJournal(join(out, 'journal.jsonl'));
    expect(journal.trials).toHaveLength(40);
    expect(journal.header.constrained).toBe(true);
    expect(new Set(journal.trials.map((t) => t.tokens.join(','))).size).toBe(40);
    for (const t of journal.trials) expect(t.violation).toBeCloseTo(Math.max(0, (t.latencyMs as number) / 8 - 1), 12);
  });
});

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalError, journalLockPath, readJournal, search } from '../../src/index.js';
import type { SearchOptions, Trial } from '../../src/index.js';
import { snapshotDisagreement } from '../../src/search/resume.js';
import type { SearchSnapshot } from '../../src/search/snapshot.js';
import { ToyController, toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

function options(extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> {
  const space = toySpace();
  return {
    space,
    controller: new ToyController(space, 3),
    evaluator: toyEvaluator(),
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials: 12 },
    ...extra,
  };
}

const summary = (trials: readonly Trial<string>[]): unknown[] => trials.map((t) => [t.index, t.id, t.tokens, t.status, t.reward]);
const snapshotOf = (journal: string): string => `${journal}.snapshot.json`;

describe('resume of a file that is not a journal', () => {
  const notJournals: [string, string][] = [
    ['a text file', 'hello\nworld\n'],
    ['one line without a newline', 'hello'],
    ['a JSON object that is not a header', '{"name":"my notes"}\n'],
    ['a header of another format version', '{"type":"header","version":99}\n{"type":"trial"}\n'],
    ['binary data', '\u0000\u0001\u0002\u00ff'],
  ];
  for (const [what, content] of notJournals) {
    it(`refuses ${what} with a JournalError and leaves it byte for byte`, async () => {
      const journal = journalPath();
      writeFileSync(journal, content);
      const before = readFileSync(journal);
      const error = await search(options({ journal, resume: true })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JournalError);
      expect((error as Error).message).toMatch(/^Cannot resume .*: it is not a search journal \(.+\); the file was left as it is$/);
      expect(readFileSync(journal).equals(before)).toBe(true);
      expect(existsSync(snapshotOf(journal))).toBe(false);
      expect(existsSync(journalLockPath(journal))).toBe(false);
    });
  }

  it('refuses a file that starts like a journal header but has no complete header line, and leaves it byte for byte', async () => {
    for (const content of ['{"type":"head', '{"type":"header","version":1,"createdAt":"2026-', '{"type":"header"} and more, no newline']) {
      const journal = journalPath();
      writeFileSync(journal, content);
      const error = await search(options({ journal, resume: true })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JournalError);
      expect((error as Error).message).toMatch(/^Cannot resume .*: it is not a search journal \(.+\); the file was left as it is$/);
      expect(readFileSync(journal, 'utf8')).toBe(content);
    }
  });

  it('starts over on an empty file, with a warning', async () => {
    const journal = journalPath();
    writeFileSync(journal, '');
    const warnings: string[] = [];
    const result = await search(options({ journal, resume: true, onWarning: (m) => warnings.push(m) }));
    expect(result.trials).toHaveLength(12);
    expect(warnings).toEqual([`Journal ${journal} is empty: starting over`]);
  });
});

describe('resume with a snapshot that disagrees with its journal', () => {
  it('restores the controller from a snapshot that agrees with its journal, without a warning', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 5 } }));
    const space = toySpace();
    const controller = new ToyController(space, 3);
    const restored: unknown[] = [];
    const restore = controller.restore.bind(controller);
    controller.restore = (state) => {
      restored.push(state);
      restore(state);
    };
    const warnings: string[] = [];
    const resumed = await search(options({ journal, space, controller, resume: true, onWarning: (m) => warnings.push(m) }));
    expect(warnings).toEqual([]);
    expect(restored).toHaveLength(1);
    expect(summary(resumed.trials)).toEqual(summary((await search(options())).trials));
  });

  it('replays the journal when the snapshot is ahead of it, and ends as an uninterrupted run', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 8 } }));
    // The journal loses its last 4 trials (an older copy restored); the snapshot was told all 8.
    const lines = readFileSync(journal, 'utf8').split('\n');
    writeFileSync(journal, `${lines.slice(0, 5).join('\n')}\n`);
    const warnings: string[] = [];
    const evaluator = toyEvaluator();
    const resumed = await search(options({ journal, resume: true, budget: { trials: 8 }, evaluator, onWarning: (m) => warnings.push(m) }));
    expect(warnings).toEqual([
      `Snapshot ${snapshotOf(journal)} is ahead of the journal (it was told trial 4, which the journal does not hold): replaying the journal from the start instead`,
    ]);
    expect(evaluator.calls).toHaveLength(4);
    expect(summary(resumed.trials)).toEqual(summary((await search(options({ budget: { trials: 8 } }))).trials));
    expect((await readJournal(journal)).trials.map((t) => t.index)).toEqual([...Array(8).keys()]);
  });

  it('replays the journal when the snapshot is from another run, and ends as an uninterrupted run', async () => {
    const [mine, other] = [journalPath(), journalPath()];
    await search(options({ journal: mine, budget: { trials: 6 } }));
    // Another run, with another controller seed, as far along: its snapshot is well formed for `mine`.
    const space = toySpace();
    await search(options({ journal: other, space, controller: new ToyController(space, 4), budget: { trials: 6 } }));
    copyFileSync(snapshotOf(other), snapshotOf(mine));
    const warnings: string[] = [];
    const resumed = await search(options({ journal: mine, resume: true, onWarning: (m) => warnings.push(m) }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Snapshot .* belongs to another run \(run [0-9a-f]{16}; the journal's is [0-9a-f]{16}\): replaying the journal from the start instead$/,
    );
    expect(summary(resumed.trials)).toEqual(summary((await search(options())).trials));
  });

  it('detects snapshots that are inconsistent in themselves', () => {
    const journaled = new Map([0, 1, 2].map((i) => [i, {}]));
    const base = { version: 1 as const, run: 'r', told: 2, asked: 3, pending: [{ index: 2, id: 'x', tokens: [1] }], controller: {} };
    expect(snapshotDisagreement(base, 'r', journaled)).toBeUndefined();
    expect(snapshotDisagreement({ ...base, run: undefined }, 'r', journaled)).toBe('has no run id');
    expect(snapshotDisagreement({ ...base, told: 4, asked: 3 }, 'r', journaled)).toBe('is inconsistent (told 4, asked 3)');
    expect(snapshotDisagreement({ ...base, pending: [] }, 'r', journaled)).toBe(
      'is inconsistent (its outstanding proposals are not trials 2 to 2)',
    );
    expect(snapshotDisagreement({ ...base, pending: [{ index: 5, id: 'x', tokens: [1] }] }, 'r', journaled)).toMatch(/not trials 2 to 2/);
    const broken = [null] as unknown as SearchSnapshot['pending'];
    expect(snapshotDisagreement({ ...base, pending: broken }, 'r', journaled)).toBe(
      'is inconsistent (an outstanding proposal is not { index, id, tokens })',
    );
  });
});

describe('resume and temporary snapshot files', () => {
  it('deletes the temporary snapshot files of killed runs at open, and nothing else', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 4 } }));
    const name = journal.split('/').pop() as string;
    const temps = [`.${name}.snapshot.json.4242.tmp`, `.${name}.snapshot.json.77.tmp`];
    for (const t of temps) writeFileSync(join(dir, t), '{"half');
    writeFileSync(join(dir, `.${name}.notes.tmp`), 'keep');
    writeFileSync(join(dir, `.${name}.snapshot.json.mine.tmp`), 'keep');
    const warnings: string[] = [];
    await search(options({ journal, resume: true, budget: { trials: 6 }, onWarning: (m) => warnings.push(m) }));
    const left = readdirSync(dir);
    for (const t of temps) expect(left).not.toContain(t);
    expect(left).toContain(`.${name}.notes.tmp`);
    expect(left).toContain(`.${name}.snapshot.json.mine.tmp`);
    expect(warnings.join('\n')).toMatch(/deleted 2 temporary snapshot file\(s\) of a killed run/);
  });
});

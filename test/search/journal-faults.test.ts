// Journals and snapshots that a user, a crash or the disk can leave behind:
// resume and readJournal keep every finished trial and never delete or
// replace a file that is not theirs.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalError, RandomController, readJournal, search } from '../../src/index.js';
import type { SearchOptions, Trial } from '../../src/index.js';
import { toySearchOptions, toySpace, trialSummary } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-journal-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

const options = (extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> => toySearchOptions(15, extra);

const summary = trialSummary;

/** A finished journal of `trials` trials; returns its path. */
async function journalOf(trials: number, extra: Partial<SearchOptions<string>> = {}): Promise<string> {
  const journal = journalPath();
  await search(options({ journal, budget: { trials }, ...extra }));
  return journal;
}

describe('resume and files that are not its journals', () => {
  it('refuses a 15-trial journal with CR line endings and leaves it byte for byte', async () => {
    const journal = await journalOf(15);
    writeFileSync(journal, readFileSync(journal, 'utf8').replaceAll('\n', '\r'));
    const before = readFileSync(journal);
    const error = await search(options({ journal, resume: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toMatch(/^Cannot resume .*: it is not a search journal \(.+\); the file was left as it is$/);
    expect(readFileSync(journal).equals(before)).toBe(true);
  });

  it('refuses a FIFO at the journal path without waiting on it, and leaves it', async () => {
    const fifo = join(dir, 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    for (const resume of [true, false]) {
      const error = await search(options({ journal: fifo, resume })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JournalError);
      expect((error as Error).message).toBe(
        `Cannot read journal ${fifo}: it is a FIFO (named pipe), not a regular file; it was left as it is`,
      );
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    }
    await expect(readJournal(fifo)).rejects.toThrow(/it is a FIFO \(named pipe\), not a regular file/);
  });

  it('refuses a character device at the journal path and does not replace it', async () => {
    // A symlink to /dev/null stands for a device node anywhere (mknod needs root).
    const link = join(dir, 'device.jsonl');
    symlinkSync('/dev/null', link);
    const error = await search(options({ journal: link, resume: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toMatch(/it is a character device, not a regular file; it was left as it is$/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('does not delete a snapshot path that is not a regular file when starting over', async () => {
    const journal = journalPath();
    writeFileSync(journal, '');
    execFileSync('mkfifo', [`${journal}.snapshot.json`]);
    const error = await search(options({ journal, resume: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toMatch(
      /^Cannot remove .*\.snapshot\.json of journal .*: it is a FIFO \(named pipe\), not a file it wrote; it was left as it is$/,
    );
    expect(lstatSync(`${journal}.snapshot.json`).isFIFO()).toBe(true);
  });
});

describe('resume of a journal with a torn or odd last line', () => {
  it('resumes a journal whose last line was cut inside a UTF-8 character', async () => {
    const journal = await journalOf(6);
    const text = readFileSync(journal);
    // A trial line with a 3-byte character, cut after its first byte.
    const torn = Buffer.concat([text, Buffer.from('{"type":"trial","index":6,"error":"€'.slice(0, -1)), Buffer.from([0xe2])]);
    writeFileSync(journal, torn);
    const warnings: string[] = [];
    const resumed = await search(options({ journal, resume: true, budget: { trials: 9 }, onWarning: (m) => warnings.push(m) }));
    expect(warnings).toEqual([
      `Journal ${journal}: dropped the half-written last line 8 (a trial interrupted while being recorded; it runs again)`,
    ]);
    expect(summary(resumed.trials)).toEqual(summary((await search(options({ budget: { trials: 9 } }))).trials));
    expect(readFileSync(journal).subarray(0, text.length).equals(text)).toBe(true);
    expect((await readJournal(journal)).trials).toHaveLength(9);
  });

  it('resumes a journal holding a byte that is not UTF-8 inside a complete line, keeping that line', async () => {
    const journal = await journalOf(4);
    const lines = readFileSync(journal, 'utf8').split('\n');
    const trial = JSON.parse(lines[2] as string) as Record<string, unknown>;
    const [left, right] = JSON.stringify({ ...trial, error: 'x@y' }).split('@') as [string, string];
    const odd = Buffer.concat([
      Buffer.from(`${lines.slice(0, 2).join('\n')}\n${left}`),
      Buffer.from([0xff]),
      Buffer.from(`${right}\n${lines.slice(3).join('\n')}`),
    ]);
    writeFileSync(journal, odd);
    const resumed = await search(options({ journal, resume: true, budget: { trials: 6 } }));
    expect(resumed.resumedTrials).toBe(4);
    expect(resumed.trials).toHaveLength(6);
    expect(readFileSync(journal).subarray(0, odd.length).equals(odd)).toBe(true);
  });

  it('ignores blank lines, a trailing one included, when reading and resuming', async () => {
    const journal = await journalOf(4);
    const lines = readFileSync(journal, 'utf8').split('\n');
    writeFileSync(journal, `${lines.slice(0, 3).join('\n')}\n\n  \n${lines.slice(3).join('\n')}\n`);
    expect((await readJournal(journal)).trials).toHaveLength(4);
    const resumed = await search(options({ journal, resume: true, budget: { trials: 6 } }));
    expect(resumed.resumedTrials).toBe(4);
    expect((await readJournal(journal)).trials.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('readJournal refuses values no search writes', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['an accuracy of 7.5', { accuracy: 7.5 }, 'field accuracy: expected a number in [0, 1], received 7.5'],
    ['a latency of -3', { latencyMs: -3 }, 'field latencyMs: expected a finite number >= 0, received -3'],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what}, naming the line and the field`, async () => {
      const journal = await journalOf(3);
      const lines = readFileSync(journal, 'utf8').split('\n');
      lines[2] = JSON.stringify({ ...(JSON.parse(lines[2] as string) as object), ...change });
      writeFileSync(journal, lines.join('\n'));
      const error = await readJournal(journal).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JournalError);
      expect((error as Error).message).toBe(`Invalid journal trial at line 3, ${message}`);
      expect((error as JournalError).line).toBe(3);
    });
  }

  it('refuses a meta nested 100,000 deep with a JournalError naming line 1, not a stack overflow', async () => {
    const journal = await journalOf(2);
    const lines = readFileSync(journal, 'utf8').split('\n');
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    lines[0] = (lines[0] as string).replace(/}$/, `,"meta":${deep}}`);
    writeFileSync(journal, lines.join('\n'));
    const error = await readJournal(journal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toMatch(
      /^Corrupt journal line 1: arrays and objects nested deeper than 64 \(LIMITS\.jsonDepth\) at character \d+$/,
    );
    const resumed = await search(options({ journal, resume: true })).catch((e: unknown) => e);
    expect(resumed).toBeInstanceOf(JournalError);
    expect((resumed as Error).message).toMatch(
      /^Cannot resume .*: it is not a search journal \(Corrupt journal line 1: arrays and objects nested/,
    );
  });
});

describe('resume with a snapshot whose controller state is corrupt', () => {
  const random = (): Partial<SearchOptions<string>> => {
    const space = toySpace();
    return { space, controller: new RandomController(space, { seed: 2 }), concurrency: 2 };
  };

  it('warns and replays the journal when the controller refuses the state, ending as an uninterrupted run', async () => {
    const journal = await journalOf(6, random());
    const path = `${journal}.snapshot.json`;
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { controller: Record<string, unknown> };
    writeFileSync(path, JSON.stringify({ ...snapshot, controller: { ...snapshot.controller, rng: 'garbage' } }));
    const warnings: string[] = [];
    const resumed = await search(
      options({ ...random(), journal, resume: true, budget: { trials: 9 }, onWarning: (m) => warnings.push(m) }),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Snapshot .*: the controller cannot restore its state \(.*rng.*\): replaying the journal from the start instead$/,
    );
    expect(summary(resumed.trials)).toEqual(summary((await search(options({ ...random(), budget: { trials: 9 } }))).trials));
  });

  it("warns and replays when the restored state does not hold the snapshot's outstanding proposals, appending no bogus trial", async () => {
    const journal = await journalOf(6, random());
    const path = `${journal}.snapshot.json`;
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { told: number; asked: number; pending: unknown[] };
    const trial5 = (await readJournal<string>(journal)).trials[5] as Trial<string>;
    // A valid envelope (told 5, trial 5 outstanding) over a controller state with nothing outstanding.
    writeFileSync(path, JSON.stringify({ ...snapshot, told: 5, asked: 6, pending: [{ index: 5, id: trial5.id, tokens: trial5.tokens }] }));
    const warnings: string[] = [];
    const resumed = await search(
      options({ ...random(), journal, resume: true, budget: { trials: 9 }, onWarning: (m) => warnings.push(m) }),
    );
    expect(warnings).toEqual([
      `Snapshot ${path}: its controller state has outstanding proposals [], not the snapshot's [${trial5.id}]: replaying the journal from the start instead`,
    ]);
    expect(summary(resumed.trials)).toEqual(summary((await search(options({ ...random(), budget: { trials: 9 } }))).trials));
    expect((await readJournal(journal)).trials.map((t) => t.index)).toEqual([...Array(9).keys()]);
    expect(existsSync(journal)).toBe(true);
  });
});

// A full disk under the journal and the snapshot, injected through the one
// write they make (src/search/file-io.ts): a short write followed by ENOSPC.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { JournalError, readJournal, search } from '../../src/index.js';
import type { SearchOptions } from '../../src/index.js';
import { cli } from '../cli/helpers.js';
import { toySearchOptions, trialSummary } from './doubles.js';

/** When to fill the disk: the first write whose text `when` accepts gets half its bytes, every later write ENOSPC. */
const disk = vi.hoisted(() => ({ when: (_text: string): boolean => false, full: false, chunk: Number.POSITIVE_INFINITY }));

vi.mock('../../src/search/file-io.js', () => ({
  fileIo: {
    async write(handle: FileHandle, data: Uint8Array): Promise<number> {
      if (disk.full)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      if (disk.when(Buffer.from(data).toString('utf8'))) {
        disk.full = true;
        return (await handle.write(data, 0, Math.floor(data.length / 2))).bytesWritten;
      }
      return (await handle.write(data, 0, Math.min(data.length, disk.chunk))).bytesWritten;
    },
  },
}));

const dir = mkdtempSync(join(tmpdir(), 'mnas-disk-full-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  disk.when = () => false;
  disk.full = false;
  disk.chunk = Number.POSITIVE_INFINITY;
});
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

const options = (extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> => toySearchOptions(8, extra);

const summary = trialSummary;
const fullMessage =
  /^Cannot write journal .*: the disk mounted at \/\S* \(\d+ bytes free\) is full \(ENOSPC: no space left on device, write\); /;

describe('JournalWriter on a full disk', () => {
  it('stops at the first short write, cuts the journal back to its last complete line, and resumes to the uninterrupted result', async () => {
    const journal = journalPath();
    disk.when = (text) => text.startsWith('{"type":"trial","index":4,');
    const error = await search(options({ journal })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toMatch(fullMessage);
    expect((error as Error).message).toMatch(
      /the journal was cut back to its last complete line \(\d+ bytes\): free some space and resume it/,
    );
    const text = readFileSync(journal, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const contents = await readJournal<string>(journal);
    expect(contents.droppedTail).toBeUndefined();
    expect(contents.trials.map((t) => t.index)).toEqual([0, 1, 2, 3]);
    expect(existsSync(`${journal}.lock`)).toBe(false);

    disk.when = () => false;
    disk.full = false;
    const resumed = await search(options({ journal, resume: true }));
    expect(summary(resumed.trials)).toEqual(summary((await search(options())).trials));
    expect((await readJournal<string>(journal)).trials).toHaveLength(8);
  });

  it('continues short writes that make progress: the journal is the same as with whole writes', async () => {
    const [whole, short] = [journalPath(), journalPath()];
    await search(options({ journal: whole }));
    disk.chunk = 7;
    await search(options({ journal: short }));
    const strip = (t: string): string => t.replace(/"(createdAt|startedAt|id)":"[^"]*"|"durationMs":[\d.e-]+/g, '');
    expect(strip(readFileSync(short, 'utf8'))).toBe(strip(readFileSync(whole, 'utf8')));
  });

  it('creates no journal when the disk is full while writing the header', async () => {
    const journal = journalPath();
    disk.when = (text) => text.startsWith('{"type":"header"');
    const error = await search(options({ journal })).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(fullMessage);
    expect((error as Error).message).toMatch(/; nothing was created$/);
    expect(existsSync(journal)).toBe(false);
  });
});

describe('writeSnapshot on a full disk', () => {
  it('keeps the previous snapshot when the new one cannot be written whole, and stops the search naming the disk', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 3 } }));
    const path = `${journal}.snapshot.json`;
    let writes = 0;
    let kept = Buffer.alloc(0);
    // The second snapshot write of the resumed run (after its first tell) is cut short.
    disk.when = (text) => {
      if (!text.startsWith('{"version":1') || ++writes !== 2) return false;
      kept = readFileSync(path);
      return true;
    };
    const error = await search(options({ journal, resume: true, budget: { trials: 6 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toMatch(
      /^Cannot write snapshot .*\.snapshot\.json: the disk mounted at .* is full \(ENOSPC.*\); the previous snapshot was kept$/,
    );
    expect(kept.length).toBeGreaterThan(0);
    expect(readFileSync(path).equals(kept)).toBe(true);
    expect((await readJournal(journal)).trials.length).toBeGreaterThanOrEqual(4);
  });
});

describe('mnas-ts search on a full disk', () => {
  it('exits with 1 naming the disk, leaves a journal that trials and --resume read', async () => {
    const out = join(dir, 'cli-run');
    const journal = join(out, 'journal.jsonl');
    const args = ['search', '--benchmark', 'nas-bench-201', '--controller', 'random', '--trials', '6', '--out', out, '--no-progress'];
    disk.when = (text) => text.startsWith('{"type":"trial","index":3,');
    let r = await cli(...args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^mnas-ts: JournalError: Cannot write journal .*journal\.jsonl: the disk mounted at \/\S* \(\d+ bytes free\) is full/,
    );
    disk.when = () => false;
    disk.full = false;
    r = await cli('trials', journal, '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as unknown[]).length).toBe(3);
    r = await cli(...args, '--resume');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Done: 6 trials \(3 from the journal\)/);
  }, 60_000);
});

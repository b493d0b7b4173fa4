// Fault suite of the journal: a journal torn at every byte, bytes that are not
// UTF-8, and writes that are short or fail with a full disk (injected through
// src/search/file-io.ts). Whatever the fault, the finished trials before it are
// read back, and resuming ends as the uninterrupted search.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MnasError } from '../../src/errors.js';
import { readJournal, search } from '../../src/search/index.js';
import { parseJournal } from '../../src/search/journal.js';
import type { SearchOptions } from '../../src/search/index.js';
import { toySearchOptions, trialSummary } from '../search/doubles.js';
import { fuzzParams, fuzzTimeout } from './settings.js';

/** The injected disk: writes at most `chunk` bytes at once; after `budget` bytes, ENOSPC. */
const disk = vi.hoisted(() => ({ chunk: Number.POSITIVE_INFINITY, budget: Number.POSITIVE_INFINITY }));
vi.mock('../../src/search/file-io.js', () => ({
  fileIo: {
    async write(handle: FileHandle, data: Uint8Array): Promise<number> {
      if (disk.budget <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      const size = Math.min(data.length, disk.chunk, disk.budget);
      disk.budget -= size;
      return (await handle.write(data, 0, size)).bytesWritten;
    },
  },
}));

const TRIALS = 6;
const dir = mkdtempSync(join(tmpdir(), 'mnas-fuzz-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  disk.chunk = Number.POSITIVE_INFINITY;
  disk.budget = Number.POSITIVE_INFINITY;
});
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

const options = (extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> => toySearchOptions(TRIALS, extra);

const summary = trialSummary;

/** A finished journal's bytes, the end of each of its lines, and the uninterrupted run's trials. */
let bytes = Buffer.alloc(0);
let lineEnds: number[] = [];
let expected: unknown[] = [];
beforeAll(async () => {
  const journal = journalPath();
  expected = summary((await search(options({ journal }))).trials);
  bytes = readFileSync(journal);
  lineEnds = [...bytes.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1);
});

/** Complete lines (the header included) in the first `cut` bytes; a line missing only its newline counts. */
const completeLines = (cut: number): number => lineEnds.filter((end) => end <= cut + 1).length;

/** Resumes `journal` and checks that the search ends as the uninterrupted one. */
async function resumesToTheEnd(journal: string): Promise<void> {
  const resumed = await search(options({ journal, resume: true }));
  expect(summary(resumed.trials)).toEqual(expected);
  expect((await readJournal(journal)).trials).toHaveLength(TRIALS);
}

describe('a journal torn at any byte (fuzz)', () => {
  it('reads back every complete trial before the cut, at every byte, and drops only the torn tail', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const parsed = parseJournal(bytes.subarray(0, cut));
      const lines = completeLines(cut);
      expect(parsed.header === undefined, `cut at ${cut}`).toBe(lines === 0);
      expect(parsed.trials, `cut at ${cut}`).toHaveLength(Math.max(0, lines - 1));
      const whole = lineEnds.filter((end) => end <= cut).at(-1) ?? 0;
      expect(parsed.validBytes, `cut at ${cut}`).toBe(lineEnds.includes(cut + 1) ? cut : whole);
    }
  });

  it(
    'resumes a journal torn at any byte after its header to the uninterrupted result',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: (lineEnds[0] as number) - 1, max: bytes.length }), async (cut) => {
          const journal = journalPath();
          writeFileSync(journal, bytes.subarray(0, cut));
          await resumesToTheEnd(journal);
        }),
        fuzzParams(25),
      );
    },
    fuzzTimeout(25, 500),
  );

  it(
    'reads or refuses (MnasError) a journal with bytes that are not UTF-8, and resumes it when it reads',
    async () => {
      const odd = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0x80, max: 0xff }) });
      await fc.assert(
        fc.asyncProperty(fc.array(odd, { minLength: 1, maxLength: 3 }), async (edits) => {
          const copy = Buffer.from(bytes);
          for (const { at, byte } of edits) copy[at % copy.length] = byte;
          const journal = journalPath();
          writeFileSync(journal, copy);
          const read = await readJournal(journal).catch((e: unknown) => e);
          if (read instanceof Error) {
            expect(read).toBeInstanceOf(MnasError);
            return;
          }
          const resumed = await search(options({ journal, resume: true })).then(
            (result) => result.trials.length,
            (error: unknown) => error,
          );
          // A changed byte may make a trial disagree with its replay (a MnasError); never another failure.
          if (resumed instanceof Error) expect(resumed).toBeInstanceOf(MnasError);
          else expect(resumed).toBe(TRIALS);
        }),
        fuzzParams(40),
      );
    },
    fuzzTimeout(40, 500),
  );
});

describe('short writes and a full disk (fuzz)', () => {
  it(
    'writes the same journal whatever the sizes of the writes',
    async () => {
      const strip = (t: string): string => t.replace(/"(createdAt|startedAt|id)":"[^"]*"|"durationMs":[\d.e-]+/g, '');
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 300 }), async (chunk) => {
          disk.chunk = chunk;
          const journal = journalPath();
          await search(options({ journal }));
          expect(strip(readFileSync(journal, 'utf8'))).toBe(strip(bytes.toString('utf8')));
        }),
        fuzzParams(15),
      );
    },
    fuzzTimeout(15, 500),
  );

  it(
    'stops at a full disk with only complete lines in the journal, and resumes to the uninterrupted result',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 3 * bytes.length }), fc.integer({ min: 1, max: 400 }), async (budget, chunk) => {
          disk.budget = budget;
          disk.chunk = chunk;
          const journal = journalPath();
          const outcome = await search(options({ journal })).catch((e: unknown) => e);
          disk.budget = Number.POSITIVE_INFINITY;
          if (!(outcome instanceof Error)) return; // the disk held the whole run
          expect(outcome).toBeInstanceOf(MnasError);
          expect(outcome.message).toMatch(/is full \(ENOSPC/);
          if (!existsSync(journal)) return; // nothing was created: the header did not fit
          expect(readFileSync(journal, 'utf8').endsWith('\n')).toBe(true);
          const read = await readJournal(journal);
          expect(read.droppedTail).toBeUndefined();
          await resumesToTheEnd(journal);
        }),
        fuzzParams(30),
      );
    },
    fuzzTimeout(30, 500),
  );
});

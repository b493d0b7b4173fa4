/**
 * The append-only JSONL search journal: a header line, then one line per
 * finished trial, each written with a single `write` and flushed with `fsync`.
 *
 * @module
 */

import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalError } from '../errors.js';
import type { Architecture } from '../space/types.js';
import type { JournalLock } from './journal-lock.js';
import { checkBaseline, checkHeader, checkTrial, isRecord } from './journal-records.js';
import type { JournalHeader } from './types.js';
import type { BaselineResult, Trial } from './types.js';

export { JOURNAL_VERSION } from './journal-records.js';
export type { JournalHeader } from './types.js';

/** What a journal holds. */
export interface JournalContents<T = Architecture> {
  readonly header: JournalHeader;
  /** Finished trials, sorted by index. */
  readonly trials: readonly Trial<T>[];
  /** Scored baselines, in the order they were journaled. */
  readonly baselines: readonly BaselineResult<T>[];
  /** A half-written last line that was ignored (1-based line number and its text). */
  readonly droppedTail?: { readonly line: number; readonly text: string };
}

/** @internal Parsed journal text before the header is required. */
export interface ParsedJournal<T> {
  readonly header: JournalHeader | undefined;
  readonly trials: Trial<T>[];
  readonly baselines: BaselineResult<T>[];
  readonly droppedTail?: { readonly line: number; readonly text: string };
  /** Byte length of the valid prefix. */
  readonly validBytes: number;
  /** The valid prefix lacks its final newline (a write cut just before it). */
  readonly needsNewline: boolean;
}

/**
 * Parses journal text. A last line without its newline, or one that is not
 * valid JSON, is a half-written line from a crash: dropped and reported.
 * @throws JournalError naming the line for any other corruption.
 */
export function parseJournal<T>(text: string): ParsedJournal<T> {
  const lines = text.split('\n');
  let header: JournalHeader | undefined;
  const trials: Trial<T>[] = [];
  const seen = new Map<number, number>();
  const baselines: BaselineResult<T>[] = [];
  const seenBaselines = new Map<string, number>();
  let validBytes = 0;
  let droppedTail: { line: number; text: string } | undefined;
  let needsNewline = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const isLast = i === lines.length - 1;
    if (isLast && raw === '') break;
    const lineNo = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      if (isLast) {
        droppedTail = { line: lineNo, text: raw };
        break;
      }
      throw new JournalError(`Corrupt journal line ${lineNo}: not valid JSON (${raw.slice(0, 60)})`, { line: lineNo, cause });
    }
    if (!isRecord(value)) throw new JournalError(`Corrupt journal line ${lineNo}: expected a JSON object`, { line: lineNo });
    if (lineNo === 1) {
      if (value['type'] !== 'header') throw new JournalError('Corrupt journal line 1: expected the header', { line: 1 });
      header = checkHeader(value, 1);
    } else if (value['type'] === 'trial') {
      const trial = checkTrial<T>(value, lineNo);
      const first = seen.get(trial.index);
      if (first !== undefined) {
        throw new JournalError(`Corrupt journal line ${lineNo}: trial ${trial.index} was already recorded at line ${first}`, {
          line: lineNo,
        });
      }
      seen.set(trial.index, lineNo);
      trials.push(trial);
    } else if (value['type'] === 'baseline') {
      const baseline = checkBaseline<T>(value, lineNo);
      const first = seenBaselines.get(baseline.baseline);
      if (first !== undefined) {
        throw new JournalError(
          `Corrupt journal line ${lineNo}: baseline ${JSON.stringify(baseline.baseline)} was already recorded at line ${first}`,
          { line: lineNo },
        );
      }
      seenBaselines.set(baseline.baseline, lineNo);
      baselines.push(baseline);
    } else {
      throw new JournalError(`Corrupt journal line ${lineNo}: unknown line type ${JSON.stringify(value['type'])}`, { line: lineNo });
    }
    // A complete last line whose newline was cut off is kept; the writer restores the newline.
    validBytes += Buffer.byteLength(raw, 'utf8') + (isLast ? 0 : 1);
    if (isLast) needsNewline = true;
  }
  trials.sort((a, b) => a.index - b.index);
  const base = { header, trials, baselines, validBytes, needsNewline };
  return droppedTail === undefined ? base : { ...base, droppedTail };
}

/**
 * Reads a search journal (for reports, exports and resuming).
 *
 * @param path - the JSONL journal file.
 * @returns the header, the finished trials sorted by index, and any dropped half-written last line.
 * @throws JournalError when the file cannot be read, has no header, or a line other than the last is corrupt.
 * @example
 * const { header, trials } = await readJournal('runs/search.jsonl');
 */
export async function readJournal<T = Architecture>(path: string): Promise<JournalContents<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new JournalError(`Cannot read journal ${path}: ${(cause as Error).message}`, { cause });
  }
  const parsed = parseJournal<T>(text);
  if (parsed.header === undefined) throw new JournalError(`Journal ${path} has no complete header line`, { line: 1 });
  const base = { header: parsed.header, trials: parsed.trials, baselines: parsed.baselines };
  return parsed.droppedTail === undefined ? base : { ...base, droppedTail: parsed.droppedTail };
}

/**
 * Appends lines to a journal, one `write` + `fsync` per line, in call order,
 * through a file opened in append mode. It holds the journal's lock and
 * releases it on {@link JournalWriter.close}.
 */
export class JournalWriter {
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly handle: FileHandle,
    private readonly lock: JournalLock,
  ) {}

  /** Creates a new journal holding `header` (fails if the file exists); `lock` must be the journal's. */
  static async create(path: string, header: JournalHeader, lock: JournalLock): Promise<JournalWriter> {
    await mkdir(dirname(path), { recursive: true });
    const writer = new JournalWriter(await open(path, 'ax'), lock);
    await writer.append(header);
    return writer;
  }

  /**
   * Opens an existing journal for appending. A half-written last line (the
   * bytes after `validBytes`) is cut off first, and a cut-off final newline
   * restored; the file must still be `totalBytes` long, as it was read.
   * @throws JournalError when the file changed since it was read.
   */
  static async reopen(
    path: string,
    parsed: { readonly validBytes: number; readonly needsNewline: boolean; readonly totalBytes: number },
    lock: JournalLock,
  ): Promise<JournalWriter> {
    const handle = await open(path, 'a');
    try {
      const { size } = await handle.stat();
      if (size !== parsed.totalBytes) {
        throw new JournalError(
          `Journal ${path} changed while being opened (${parsed.totalBytes} bytes read, now ${size}): is another process writing it?`,
          { path: ['journal'] },
        );
      }
      if (parsed.validBytes < size) {
        await handle.truncate(parsed.validBytes);
        await handle.sync();
      }
      if (parsed.needsNewline) {
        await handle.write('\n');
        await handle.sync();
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new JournalWriter(handle, lock);
  }

  /** Appends one JSON line and flushes it to disk. */
  append(record: unknown): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const next = this.chain.then(async () => {
      await this.handle.write(line);
      await this.handle.sync();
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Waits for pending writes, closes the file and releases the journal's lock. */
  async close(): Promise<void> {
    try {
      await this.chain;
      await this.handle.close();
    } finally {
      await this.lock.release();
    }
  }
}

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
import type { Trial } from './types.js';

/** Version of the journal format. */
export const JOURNAL_VERSION = 1;

/** The first line of a journal: what the search was run with. */
export interface JournalHeader {
  readonly type: 'header';
  readonly version: number;
  /** ISO time the search started. */
  readonly createdAt: string;
  /** Fingerprint of the space's decisions, and their number. */
  readonly space: { readonly fingerprint: string; readonly decisions: number };
  /** Fingerprint of the controller's snapshot before its first ask. */
  readonly controllerFingerprint: string;
  /** Trials evaluated at once (the order of asks and tells depends on it). */
  readonly concurrency: number;
  /** Trial budget of the first run (`null`: none). */
  readonly trials: number | null;
  /** Name of the reward function. */
  readonly reward: string;
  /** The search's `seed` option, when given. */
  readonly seed?: number | string;
  /** The search's `meta` option, when given. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** What a journal holds. */
export interface JournalContents<T = Architecture> {
  readonly header: JournalHeader;
  /** Finished trials, sorted by index. */
  readonly trials: readonly Trial<T>[];
  /** A half-written last line that was ignored (1-based line number and its text). */
  readonly droppedTail?: { readonly line: number; readonly text: string };
}

/** @internal Parsed journal text before the header is required. */
export interface ParsedJournal<T> {
  readonly header: JournalHeader | undefined;
  readonly trials: Trial<T>[];
  readonly droppedTail?: { readonly line: number; readonly text: string };
  /** Byte length of the valid prefix. */
  readonly validBytes: number;
  /** The valid prefix lacks its final newline (a write cut just before it). */
  readonly needsNewline: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkHeader(value: Record<string, unknown>, line: number): JournalHeader {
  const space = value['space'];
  const ok =
    value['version'] === JOURNAL_VERSION &&
    typeof value['createdAt'] === 'string' &&
    isRecord(space) &&
    typeof space['fingerprint'] === 'string' &&
    typeof value['controllerFingerprint'] === 'string' &&
    Number.isSafeInteger(value['concurrency']);
  if (!ok) throw new JournalError(`Invalid journal header at line ${line}: expected a version ${JOURNAL_VERSION} header`, { line });
  return value as unknown as JournalHeader;
}

function checkTrial<T>(value: Record<string, unknown>, line: number): Trial<T> {
  const bad = (what: string): never => {
    throw new JournalError(`Invalid journal trial at line ${line}: ${what}`, { line, path: [what.split(' ')[0] ?? ''] });
  };
  const index = value['index'];
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) bad('index must be an integer >= 0');
  if (typeof value['id'] !== 'string') bad('id must be a string');
  const tokens = value['tokens'];
  if (!Array.isArray(tokens) || !tokens.every((t) => Number.isSafeInteger(t))) bad('tokens must be an array of integers');
  const status = value['status'];
  if (status !== 'ok' && status !== 'failed') bad('status must be "ok" or "failed"');
  if (status === 'ok' && (typeof value['reward'] !== 'number' || !Number.isFinite(value['reward']))) bad('reward must be a finite number');
  if (!('value' in value)) bad('value is missing');
  const { type: _type, ...trial } = value;
  return trial as unknown as Trial<T>;
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
        throw new JournalError(`Corrupt journal line ${lineNo}: trial ${trial.index} was already recorded at line ${first}`, { line: lineNo });
      }
      seen.set(trial.index, lineNo);
      trials.push(trial);
    } else {
      throw new JournalError(`Corrupt journal line ${lineNo}: unknown line type ${JSON.stringify(value['type'])}`, { line: lineNo });
    }
    // A complete last line whose newline was cut off is kept; the writer restores the newline.
    validBytes += Buffer.byteLength(raw, 'utf8') + (isLast ? 0 : 1);
    if (isLast) needsNewline = true;
  }
  trials.sort((a, b) => a.index - b.index);
  const base = { header, trials, validBytes, needsNewline };
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
  const base = { header: parsed.header, trials: parsed.trials };
  return parsed.droppedTail === undefined ? base : { ...base, droppedTail: parsed.droppedTail };
}

/** Appends lines to a journal, one `write` + `fsync` per line, in call order. */
export class JournalWriter {
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly handle: FileHandle) {}

  /** Creates a new journal holding `header` (fails if the file exists). */
  static async create(path: string, header: JournalHeader): Promise<JournalWriter> {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'wx');
    const writer = new JournalWriter(handle);
    await writer.append(header);
    return writer;
  }

  /**
   * Opens an existing journal for appending, first cutting it to its valid
   * prefix of `validBytes` (and restoring a cut-off final newline).
   */
  static async reopen(path: string, validBytes: number, needsNewline: boolean): Promise<JournalWriter> {
    const handle = await open(path, 'r+');
    await handle.truncate(validBytes);
    await handle.sync();
    await handle.close();
    const writer = new JournalWriter(await open(path, 'a'));
    if (needsNewline) {
      await writer.handle.write('\n');
      await writer.handle.sync();
    }
    return writer;
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

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }
}

/**
 * The append-only JSONL search journal: a header line, then one line per
 * finished trial (see {@link JournalWriter}). This module reads it.
 *
 * @module
 */

import { JournalError } from '../errors.js';
import { LIMITS } from '../validate.js';
import type { Architecture } from '../space/types.js';
import { readRegularFile } from './journal-io.js';
import { checkBaseline, checkHeader, checkTrial, depthExceeded, isRecord } from './journal-records.js';
import type { JournalHeader } from './types.js';
import type { BaselineResult, Trial } from './types.js';

export { JOURNAL_VERSION } from './journal-records.js';
export { JournalWriter } from './journal-writer.js';
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

/** The records of a journal read so far, with the line each was first seen at. */
interface Records<T> {
  header: JournalHeader | undefined;
  readonly trials: Trial<T>[];
  readonly seen: Map<number, number>;
  readonly baselines: BaselineResult<T>[];
  readonly seenBaselines: Map<string, number>;
}

/** Parses one line as JSON, refusing nesting past `LIMITS.jsonDepth`; `undefined` when it is not JSON. */
function parseLine(raw: string, lineNo: number): { value: unknown } | undefined {
  const at = depthExceeded(raw, LIMITS.jsonDepth);
  if (at !== undefined) {
    throw new JournalError(
      `Corrupt journal line ${lineNo}: arrays and objects nested deeper than ${LIMITS.jsonDepth} (LIMITS.jsonDepth) at character ${at + 1}`,
      { line: lineNo, expected: `nesting depth <= ${LIMITS.jsonDepth}` },
    );
  }
  try {
    return { value: JSON.parse(raw) };
  } catch {
    return undefined;
  }
}

/** Checks one parsed line and adds it to `records`. @throws JournalError naming the line. */
function addRecord<T>(records: Records<T>, value: unknown, lineNo: number): void {
  if (!isRecord(value)) throw new JournalError(`Corrupt journal line ${lineNo}: expected a JSON object`, { line: lineNo });
  if (records.header === undefined) {
    if (value['type'] !== 'header') throw new JournalError(`Corrupt journal line ${lineNo}: expected the header`, { line: lineNo });
    records.header = checkHeader(value, lineNo);
  } else if (value['type'] === 'trial') {
    const trial = checkTrial<T>(value, lineNo);
    const first = records.seen.get(trial.index);
    if (first !== undefined) {
      throw new JournalError(`Corrupt journal line ${lineNo}: trial ${trial.index} was already recorded at line ${first}`, {
        line: lineNo,
      });
    }
    records.seen.set(trial.index, lineNo);
    records.trials.push(trial);
  } else if (value['type'] === 'baseline') {
    const baseline = checkBaseline<T>(value, lineNo);
    const first = records.seenBaselines.get(baseline.baseline);
    if (first !== undefined) {
      throw new JournalError(
        `Corrupt journal line ${lineNo}: baseline ${JSON.stringify(baseline.baseline)} was already recorded at line ${first}`,
        { line: lineNo },
      );
    }
    records.seenBaselines.set(baseline.baseline, lineNo);
    records.baselines.push(baseline);
  } else {
    throw new JournalError(`Corrupt journal line ${lineNo}: unknown line type ${JSON.stringify(value['type'])}`, { line: lineNo });
  }
}

/**
 * Parses a journal, given as its bytes (or as text). Blank lines are
 * skipped. A last line without its newline that is not valid JSON (cut
 * anywhere, inside a UTF-8 character included) is a half-written line from a
 * crash: dropped and reported. Byte counts are of the file's bytes, whatever
 * they hold.
 * @throws JournalError naming the line for any other corruption.
 */
export function parseJournal<T>(input: string | Uint8Array): ParsedJournal<T> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const records: Records<T> = { header: undefined, trials: [], seen: new Map(), baselines: [], seenBaselines: new Map() };
  let validBytes = 0;
  let droppedTail: { line: number; text: string } | undefined;
  let needsNewline = false;
  for (let start = 0, lineNo = 1; start < bytes.length; lineNo++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    const raw = bytes.toString('utf8', start, end);
    start = end + 1;
    if (raw.trim() === '') {
      if (newline !== -1) validBytes = start;
      continue;
    }
    const parsed = parseLine(raw, lineNo);
    if (parsed === undefined) {
      if (newline === -1) {
        droppedTail = { line: lineNo, text: raw };
        break;
      }
      throw new JournalError(`Corrupt journal line ${lineNo}: not valid JSON (${raw.slice(0, 60)})`, { line: lineNo });
    }
    addRecord(records, parsed.value, lineNo);
    // A complete last line whose newline was cut off is kept; the writer restores the newline.
    validBytes = Math.min(start, bytes.length);
    needsNewline = newline === -1;
  }
  records.trials.sort((a, b) => a.index - b.index);
  const base = { header: records.header, trials: records.trials, baselines: records.baselines, validBytes, needsNewline };
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
  const bytes = await readRegularFile(path, 'journal');
  if (bytes === undefined) {
    throw new JournalError(`Cannot read journal ${path}: ENOENT: no such file or directory`, {
      cause: Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT', syscall: 'open' }),
    });
  }
  const parsed = parseJournal<T>(bytes);
  if (parsed.header === undefined) throw new JournalError(`Journal ${path} has no complete header line`, { line: 1 });
  const base = { header: parsed.header, trials: parsed.trials, baselines: parsed.baselines };
  return parsed.droppedTail === undefined ? base : { ...base, droppedTail: parsed.droppedTail };
}

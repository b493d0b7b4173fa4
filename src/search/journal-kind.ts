/**
 * Whether a file is a journal this library wrote, and deleting one: a file
 * whose first line is not a complete journal header, or anything that is not
 * a regular file, is never deleted or replaced.
 *
 * @module
 */

import type { Stats } from 'node:fs';
import { lstat, rm } from 'node:fs/promises';
import { JournalError } from '../errors.js';
import { fileKind, readRegularFile } from './journal-io.js';
import { JournalLock } from './journal-lock.js';
import { parseJournal } from './journal.js';
import { snapshotPath } from './snapshot.js';

/** End of the first line that is not blank (after its newline), or the length of `bytes`. */
function firstLineEnd(bytes: Buffer): number {
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline + 1;
    if (bytes.toString('utf8', start, end).trim() !== '') return end;
    start = end;
  }
  return bytes.length;
}

/**
 * @internal Refuses `data` (the bytes of the file at `path`) unless its first line is a
 * complete journal header; `verb` says what was refused (`resume`, `delete`).
 * @throws JournalError naming the file, saying it was left as it is.
 */
export function checkIsJournal(data: Uint8Array, path: string, verb: string): void {
  // Uint8Array in the signature: the package's declarations name no Node global (a consumer may have no @types/node).
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const refuse = (cause?: JournalError): JournalError =>
    new JournalError(
      `Cannot ${verb} ${path}: it is not a search journal (${cause?.message ?? 'line 1 is not a complete journal header'}); the file was left as it is`,
      { line: 1, path: ['journal'], cause },
    );
  let head: ReturnType<typeof parseJournal>;
  try {
    head = parseJournal(bytes.subarray(0, firstLineEnd(bytes)));
  } catch (error) {
    throw error instanceof JournalError ? refuse(error) : error;
  }
  if (head.header === undefined || head.droppedTail !== undefined) throw refuse();
}

/**
 * @internal Deletes `path` when it is a regular file (or absent).
 * @throws JournalError when it is anything else: it is left as it is.
 */
export async function removeRegularFile(path: string, journal: string): Promise<void> {
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new JournalError(`Cannot remove ${path} of journal ${journal}: ${(cause as Error).message}`, { cause });
  }
  if (!stats.isFile()) {
    throw new JournalError(
      `Cannot remove ${path} of journal ${journal}: it is ${fileKind(stats)}, not a file it wrote; it was left as it is`,
      {
        path: ['journal'],
      },
    );
  }
  await rm(path, { force: true });
}

/**
 * Deletes a search journal and its snapshot, under the journal's lock
 * (`mnas-ts search --force`). Only an empty file or one whose first line is
 * a complete journal header is deleted; nothing happens when there is none.
 * @throws JournalLockError when a live process writes it; JournalError, the
 *   file left as it is, when it is not a journal or not a regular file.
 * @example await deleteJournal('runs/a.jsonl');
 */
export async function deleteJournal(path: string): Promise<void> {
  const lock = await JournalLock.acquire(path);
  try {
    const bytes = await readRegularFile(path, 'journal');
    if (bytes === undefined) return;
    if (bytes.length > 0) checkIsJournal(bytes, path, 'delete');
    await removeRegularFile(snapshotPath(path), path);
    await removeRegularFile(path, path);
  } finally {
    await lock.release();
  }
}

/**
 * Controller snapshots beside the journal, written atomically and verified
 * (temporary file, fsync, read back, rename, fsync of the directory).
 *
 * @module
 */

import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalError } from '../errors.js';
import { LIMITS } from '../validate.js';
import { readRegularFile, tempPath, writeError, writeSynced } from './journal-io.js';
import { depthExceeded } from './journal-records.js';

/** A proposal that was asked and not yet told when the snapshot was taken. */
export interface PendingProposal {
  readonly index: number;
  readonly id: string;
  readonly tokens: readonly number[];
}

/**
 * The search state that goes with a controller snapshot: the controller has
 * been told trials `0 .. told-1` (in index order) and asked `0 .. asked-1`.
 */
export interface SearchSnapshot {
  readonly version: 1;
  /**
   * The run the snapshot belongs to: the fingerprint of its journal's header.
   * A snapshot without it, or with another run's, is not used.
   */
  readonly run?: string | undefined;
  readonly told: number;
  readonly asked: number;
  readonly pending: readonly PendingProposal[];
  readonly controller: unknown;
}

/** Where the snapshot of `journal` lives. */
export function snapshotPath(journal: string): string {
  return `${journal}.snapshot.json`;
}

/**
 * Writes `snapshot` so that a crash leaves either the old or the new file,
 * never a mix: to a temporary file (every byte written, `fsync`), read back
 * and compared, then renamed into place and the folder `fsync`ed.
 * @throws JournalError naming the disk when it cannot be written (the previous snapshot is kept).
 */
export async function writeSnapshot(path: string, snapshot: SearchSnapshot): Promise<void> {
  const tmp = tempPath(path);
  const data = Buffer.from(JSON.stringify(snapshot), 'utf8');
  try {
    await writeSynced(tmp, data, 'w');
    const back = await readFile(tmp);
    if (!back.equals(data)) {
      const detail = `the file read back holds ${back.length} bytes, not the ${data.length} written`;
      throw Object.assign(new Error(detail), { code: 'EIO', syscall: 'read' });
    }
  } catch (cause) {
    await rm(tmp, { force: true });
    throw await writeError('snapshot', path, cause, 'the previous snapshot was kept');
  }
  await rename(tmp, path);
  try {
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Directories cannot be fsynced on every platform; the rename is still atomic.
  }
}

/**
 * Reads a snapshot; `undefined` when there is none.
 * @throws JournalError when the file exists but is not a snapshot.
 */
export async function readSnapshot(path: string): Promise<SearchSnapshot | undefined> {
  const bytes = await readRegularFile(path, 'snapshot');
  if (bytes === undefined) return undefined;
  const text = bytes.toString('utf8');
  if (depthExceeded(text, LIMITS.jsonDepth) !== undefined) {
    throw new JournalError(`Corrupt snapshot ${path}: arrays and objects nested deeper than ${LIMITS.jsonDepth} (LIMITS.jsonDepth)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new JournalError(`Corrupt snapshot ${path}: not valid JSON`, { cause });
  }
  const s = value as Partial<SearchSnapshot> | null;
  const ok =
    s !== null &&
    typeof s === 'object' &&
    s.version === 1 &&
    Number.isSafeInteger(s.told) &&
    Number.isSafeInteger(s.asked) &&
    Array.isArray(s.pending) &&
    (s.run === undefined || typeof s.run === 'string') &&
    'controller' in s;
  if (!ok) throw new JournalError(`Corrupt snapshot ${path}: expected { version: 1, run, told, asked, pending, controller }`);
  return s as SearchSnapshot;
}

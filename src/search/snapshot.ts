/**
 * Controller snapshots beside the journal, written atomically
 * (temporary file, fsync, rename, fsync of the directory).
 *
 * @module
 */

import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { JournalError } from '../errors.js';

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

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

/**
 * Deletes the temporary files that writes of the snapshot at `path` left
 * when their process was killed. Only the journal's lock holder may call it.
 * @returns the names of the deleted files.
 */
export async function removeSnapshotTemps(path: string): Promise<string[]> {
  const dir = dirname(path);
  const prefix = tempPrefix(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const temps = names.filter((n) => n.startsWith(prefix) && /^\d+\.tmp$/.test(n.slice(prefix.length)));
  await Promise.all(temps.map((n) => rm(join(dir, n), { force: true })));
  return temps;
}

/** Writes `snapshot` so that a crash leaves either the old or the new file, never a mix. */
export async function writeSnapshot(path: string, snapshot: SearchSnapshot): Promise<void> {
  const tmp = join(dirname(path), `${tempPrefix(path)}${process.pid}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.write(JSON.stringify(snapshot));
    await handle.sync();
  } finally {
    await handle.close();
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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new JournalError(`Cannot read snapshot ${path}: ${(cause as Error).message}`, { cause });
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

/**
 * The file operations behind the journal and its snapshot: reading a file
 * that must be a regular file (a FIFO or a device is refused, never waited
 * on), and writing every byte of a buffer (a short write is continued, a
 * write that fails is reported with the disk it failed on).
 *
 * @module
 */

import { constants, type Stats } from 'node:fs';
import { link, open, readdir, rm, stat, statfs, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { JournalError } from '../errors.js';
import { fileIo } from './file-io.js';

/** What kind of file `stats` describe, for messages. */
export function fileKind(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * Reads the whole file at `path` as bytes, or `undefined` when there is none.
 * It is opened without blocking, so a FIFO or a device is refused rather than
 * waited on.
 * @param what - what the file is, for messages (`journal`, `snapshot`).
 * @throws JournalError (without a system cause: bad input) when it is a FIFO, socket
 *   or device; JournalError with the system error as cause when it cannot be read.
 */
export async function readRegularFile(path: string, what: string): Promise<Buffer | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new JournalError(`Cannot read ${what} ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() && !stats.isDirectory()) {
      throw new JournalError(`Cannot read ${what} ${path}: it is ${fileKind(stats)}, not a regular file; it was left as it is`, {
        path: [what],
      });
    }
    return await handle.readFile();
  } catch (cause) {
    if (cause instanceof JournalError) throw cause;
    throw new JournalError(`Cannot read ${what} ${path}: ${(cause as Error).message}`, { cause });
  } finally {
    await handle.close();
  }
}

/** The mount point of the file system holding `path` (the highest ancestor on the same device). */
async function mountPoint(path: string): Promise<string> {
  let dir = resolve(dirname(path));
  const { dev } = await stat(dir);
  for (;;) {
    const parent = dirname(dir);
    if (parent === dir || (await stat(parent)).dev !== dev) return dir;
    dir = parent;
  }
}

/** Names the disk holding `path` and its free space, as well as can be found out. */
export async function describeDisk(path: string): Promise<string> {
  try {
    const [mount, fs] = await Promise.all([mountPoint(path), statfs(dirname(resolve(path)))]);
    return `the disk mounted at ${mount} (${fs.bavail * fs.bsize} bytes free)`;
  } catch {
    return `the disk holding ${path}`;
  }
}

/** A write error on `path`, naming the disk when it is full. */
export async function writeError(what: string, path: string, cause: unknown, after: string): Promise<JournalError> {
  const code = (cause as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `${await describeDisk(path)} is full (${(cause as Error).message})`
      : `${(cause as Error).message} on ${await describeDisk(path)}`;
  return new JournalError(`Cannot write ${what} ${path}: ${reason}; ${after}`, { cause, path: [what] });
}

/**
 * Writes every byte of `data` through {@link fileIo}, continuing after short writes.
 * @throws the write's error; an `EIO` error when a write makes no progress.
 */
export async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const n = await fileIo.write(handle, data.subarray(done));
    if (!(n > 0))
      throw Object.assign(new Error(`write made no progress (${done} of ${data.length} bytes written)`), { code: 'EIO', syscall: 'write' });
    done += n;
  }
}

/**
 * Opens `path` with `flags`, writes every byte of `data` ({@link writeAll}), `fsync`s and closes it.
 * @throws the system error of the open, the write or the sync (the file is closed).
 */
export async function writeSynced(path: string, data: Uint8Array, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await writeAll(handle, data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

/** The temporary file this process writes `path` through: `.<name>.<pid>.tmp` beside it. */
export function tempPath(path: string): string {
  return join(dirname(path), `${tempPrefix(path)}${process.pid}.tmp`);
}

/**
 * Deletes the temporary files (see {@link tempPath}) that writes of `path`
 * left when their process was killed. Only the journal's lock holder may call it.
 * @returns the names of the deleted files.
 */
export async function removeTemps(path: string): Promise<string[]> {
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

/** Error codes of `link` on file systems without hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Creates `path` holding exactly `data`, failing with `EEXIST` if it exists:
 * through a complete, fsynced temporary file linked into place, or (where
 * hard links are not supported) an exclusive create.
 * @param temp - the temporary file (beside `path`) to write first.
 * @throws JournalError naming the disk when the data cannot be written; the
 *   system error `EEXIST` when `path` exists.
 */
export async function createWhole(path: string, data: Uint8Array, what: string, temp = tempPath(path)): Promise<void> {
  const handle = await open(temp, 'w');
  try {
    await writeAll(handle, data);
    await handle.sync();
  } catch (cause) {
    await handle.close();
    await rm(temp, { force: true });
    throw await writeError(what, path, cause, 'nothing was created');
  }
  await handle.close();
  try {
    await link(temp, path);
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await writeSynced(path, data, 'wx');
  } finally {
    await rm(temp, { force: true });
  }
}

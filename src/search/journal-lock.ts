/**
 * One writer per journal: a lock file beside the journal, created with the
 * OS's exclusive create (`open(path, 'wx')`) and holding the writer's pid,
 * host and start time. A lock whose process is gone (same host, no such
 * pid) is stale and taken over.
 *
 * @module
 */

import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { JournalError, type MnasErrorOptions } from '../errors.js';

/** Who holds a journal's lock, as recorded in the lock file. */
export interface JournalLockHolder {
  /** Process id of the writer. */
  readonly pid: number;
  /** Host name of the writer's machine. */
  readonly host: string;
  /** ISO time the writer took the lock. */
  readonly startedAt: string;
}

/** A journal is locked by another live writer (a second `--resume`, a resume while the first run is alive...). */
export class JournalLockError extends JournalError {
  /** The writer holding the lock. */
  readonly holder: JournalLockHolder;
  /** The lock file. */
  readonly lockPath: string;

  constructor(message: string, holder: JournalLockHolder, lockPath: string, options: MnasErrorOptions = {}) {
    super(message, { ...options, path: ['journal'] });
    this.holder = holder;
    this.lockPath = lockPath;
  }
}

/** Where the lock of `journal` lives. */
export function journalLockPath(journal: string): string {
  return `${journal}.lock`;
}

/** What a lock file says: its holder (and the file's text), the text of a lock without a complete record, or `undefined` for no lock. */
type LockState = { readonly holder: JournalLockHolder; readonly text: string } | { readonly corrupt: string } | undefined;

function parseHolder(text: string): JournalLockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<JournalLockHolder> | null;
    if (
      v !== null &&
      typeof v === 'object' &&
      Number.isSafeInteger(v.pid) &&
      typeof v.host === 'string' &&
      typeof v.startedAt === 'string'
    ) {
      return { pid: v.pid as number, host: v.host, startedAt: v.startedAt };
    }
  } catch {
    // Not JSON: a lock cut off while being written.
  }
  return undefined;
}

async function readLock(path: string): Promise<LockState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new JournalError(`Cannot read the journal lock ${path}: ${(cause as Error).message}`, { cause, path: ['journal'] });
  }
  const holder = parseHolder(text);
  return holder === undefined ? { corrupt: text } : { holder, text };
}

/** Whether process `pid` exists on this machine (`EPERM`: it exists, owned by another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(holder: JournalLockHolder): boolean {
  return holder.host === hostname() && !processAlive(holder.pid);
}

/** Describes the holder for messages: `pid 123 on host "a" since 2026-...`. */
export function describeHolder(holder: JournalLockHolder): string {
  const self = holder.pid === process.pid && holder.host === hostname() ? ' (this process)' : '';
  return `pid ${holder.pid}${self} on host ${JSON.stringify(holder.host)} since ${holder.startedAt}`;
}

function heldError(journal: string, lockPath: string, holder: JournalLockHolder): JournalLockError {
  const remote =
    holder.host === hostname()
      ? ''
      : `; its host is not this one, so whether it still runs cannot be checked: if it does not, delete ${lockPath}`;
  return new JournalLockError(
    `Journal ${journal} is being written by another search: ${describeHolder(holder)} (lock ${lockPath}); wait for it to end or stop it${remote}`,
    holder,
    lockPath,
  );
}

/**
 * Moves a stale lock aside and deletes it, unless what was moved is not the
 * stale lock that was read (another process took the lock over meanwhile):
 * then it is put back with `link`, which fails rather than replace a lock
 * created in between. (Only three processes racing for the same stale lock
 * within that window could then both believe they hold it.)
 */
async function removeStale(lockPath: string, staleText: string): Promise<void> {
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) await link(aside, lockPath).catch(() => undefined);
  await rm(aside, { force: true });
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a lock file without a complete record may be in the middle of being written. */
const WRITE_GRACE_MS = 200;

/** The lock of one journal, held by this process until {@link JournalLock.release}. */
export class JournalLock {
  private released = false;

  private constructor(
    /** The lock file. */
    readonly path: string,
    /** This process's record in it. */
    readonly holder: JournalLockHolder,
    private readonly text: string,
  ) {}

  /**
   * Takes the lock of `journal`, taking over a stale one (its process is gone).
   * @throws JournalLockError naming the holder when a live process holds it;
   *   JournalError when the lock file cannot be created.
   * @example
   * const lock = await JournalLock.acquire('runs/a.jsonl');
   * try { ... } finally { await lock.release(); }
   */
  static async acquire(journal: string): Promise<JournalLock> {
    const lockPath = journalLockPath(journal);
    await mkdir(dirname(lockPath), { recursive: true }).catch((cause: unknown) => {
      throw new JournalError(`Cannot create the folder of the journal lock ${lockPath}: ${(cause as Error).message}`, {
        cause,
        path: ['journal'],
      });
    });
    const holder: JournalLockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    const text = `${JSON.stringify(holder)}\n`;
    for (let attempt = 0; attempt < 8; attempt++) {
      if (await tryCreate(lockPath, text)) return new JournalLock(lockPath, holder, text);
      let state = await readLock(lockPath);
      if (state !== undefined && 'corrupt' in state) {
        // A writer between its exclusive create and its write, or one killed there.
        await delay(WRITE_GRACE_MS);
        const again = await readLock(lockPath);
        if (again !== undefined && 'corrupt' in again && again.corrupt === state.corrupt) {
          await removeStale(lockPath, state.corrupt);
          continue;
        }
        state = again;
      }
      if (state === undefined || 'corrupt' in state) continue;
      if (!isStale(state.holder)) throw heldError(journal, lockPath, state.holder);
      await removeStale(lockPath, state.text);
    }
    const last = await readLock(lockPath);
    if (last !== undefined && 'holder' in last) throw heldError(journal, lockPath, last.holder);
    throw new JournalError(`Cannot take the journal lock ${lockPath}: other processes keep taking it over`, { path: ['journal'] });
  }

  /**
   * Refuses when a live process holds `journal`'s lock; takes nothing (an
   * early check before long preparations; {@link JournalLock.acquire} decides).
   * @throws JournalLockError naming the holder.
   */
  static async check(journal: string): Promise<void> {
    const lockPath = journalLockPath(journal);
    const state = await readLock(lockPath);
    if (state !== undefined && 'holder' in state && !isStale(state.holder)) throw heldError(journal, lockPath, state.holder);
  }

  /** Deletes the lock file if it is still this lock's; idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const state = await readLock(this.path).catch(() => undefined);
    if (state !== undefined && 'holder' in state && state.text === this.text) await rm(this.path, { force: true });
  }
}

/** Creates the lock file exclusively with `text`; false when it exists. */
async function tryCreate(lockPath: string, text: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new JournalError(`Cannot create the journal lock ${lockPath}: ${(error as Error).message}`, { cause: error, path: ['journal'] });
  }
  try {
    await handle.write(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(lockPath, { force: true });
    throw new JournalError(`Cannot write the journal lock ${lockPath}: ${(error as Error).message}`, { cause: error, path: ['journal'] });
  }
  await handle.close();
  return true;
}

/**
 * One writer per journal: a lock file beside the journal's real path
 * (symlinks resolved), holding the writer's pid, host and start time and
 * created whole (a complete temporary file hard-linked into place, which fails
 * when the lock exists). A lock whose process is gone (same host, no such pid)
 * is stale and taken over by exactly one process: the one that creates the
 * claim file named after that stale lock's text.
 *
 * @module
 */

import { mkdir, readFile, readlink, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { JournalError, type MnasErrorOptions } from '../errors.js';
import { fingerprint } from './fingerprint.js';
import { createWhole } from './journal-io.js';

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

/** The text of a lock file that exists. */
function textOf(state: NonNullable<LockState>): string {
  return 'holder' in state ? state.text : state.corrupt;
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
 * The journal's path with symlinks resolved: a second writer given another
 * name for the same file takes the same lock. A journal not created yet
 * resolves through its nearest existing folder (and a dangling symlink
 * through its target).
 */
export async function realJournalPath(journal: string): Promise<string> {
  let path = resolve(journal);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return await realpath(path);
    } catch {
      const target = await readlink(path).catch(() => undefined);
      if (target === undefined) break;
      path = resolve(dirname(path), target);
    }
  }
  const rest: string[] = [];
  for (let dir = path; ; ) {
    const parent = dirname(dir);
    rest.unshift(basename(dir));
    if (parent === dir) return path;
    dir = parent;
    const real = await realpath(dir).catch(() => undefined);
    if (real !== undefined) return join(real, ...rest);
  }
}

/** Creates `path` holding `text` whole; false when it exists. */
async function tryCreate(path: string, text: string, temp: string): Promise<boolean> {
  try {
    await createWhole(path, Buffer.from(text, 'utf8'), 'journal lock', temp);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    if (error instanceof JournalError) throw error;
    throw new JournalError(`Cannot create the journal lock ${path}: ${(error as Error).message}`, { cause: error, path: ['journal'] });
  }
}

/** How deep a claim on a claim (whose taker died while taking over) may go. */
const MAX_CLAIM_DEPTH = 3;

/**
 * Replaces the stale file `path` (which held `staleText`) with `text`, or
 * returns false when another process does so first. Only the process that
 * creates the claim `<path>.takeover-<fingerprint of staleText>` may replace
 * it, and only while `path` still holds `staleText`; a claim whose own
 * process is gone is itself taken over the same way.
 */
async function takeOver(path: string, staleText: string, text: string, temp: string, depth = 0): Promise<boolean> {
  const claim = `${path}.takeover-${fingerprint(staleText)}`;
  if (!(await tryCreate(claim, text, temp))) {
    const state = await readLock(claim);
    if (state === undefined || depth >= MAX_CLAIM_DEPTH) return false;
    if ('holder' in state && !isStale(state.holder)) return false;
    if (!(await takeOver(claim, textOf(state), text, temp, depth + 1))) return false;
  }
  try {
    if ((await readFile(path, 'utf8').catch(() => undefined)) !== staleText) return false;
    const mine = `${temp}.new`;
    await writeFile(mine, text);
    await rename(mine, path);
    return true;
  } finally {
    await rm(claim, { force: true });
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
    const lockPath = journalLockPath(await realJournalPath(journal));
    await mkdir(dirname(lockPath), { recursive: true }).catch((cause: unknown) => {
      throw new JournalError(`Cannot create the folder of the journal lock ${lockPath}: ${(cause as Error).message}`, {
        cause,
        path: ['journal'],
      });
    });
    const holder: JournalLockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    const text = `${JSON.stringify(holder)}\n`;
    const temp = join(dirname(lockPath), `.${basename(lockPath)}.${process.pid}.${globalThis.crypto.randomUUID()}.tmp`);
    try {
      for (let attempt = 0; attempt < 50; attempt++) {
        if (await tryCreate(lockPath, text, temp)) return new JournalLock(lockPath, holder, text);
        const state = await readLock(lockPath);
        if (state === undefined) continue;
        // A lock is created whole, so one without a complete record was not written by a live writer.
        if ('holder' in state && !isStale(state.holder)) throw heldError(journal, lockPath, state.holder);
        if (await takeOver(lockPath, textOf(state), text, temp)) {
          return new JournalLock(lockPath, holder, text);
        }
        await delay(10 + attempt);
      }
    } finally {
      await rm(temp, { force: true });
      await rm(`${temp}.new`, { force: true });
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
    const lockPath = journalLockPath(await realJournalPath(journal));
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

/**
 * Opens a search's journal: creates it, or reloads it to resume (restoring
 * the controller from its snapshot and collecting the trials to replay).
 *
 * @module
 */

import { readFile, rm } from 'node:fs/promises';
import { InvalidOptionsError, JournalError } from '../errors.js';
import type { Proposal } from '../controller/types.js';
import { fingerprint } from './fingerprint.js';
import { JOURNAL_VERSION, JournalWriter, parseJournal, type JournalHeader } from './journal.js';
import type { ResolvedSearchOptions } from './options.js';
import { readSnapshot, snapshotPath, type PendingProposal } from './snapshot.js';
import type { Trial } from './types.js';

/** @internal Where a search starts from. */
export interface SearchStart<T> {
  readonly writer: JournalWriter | undefined;
  /** Trials already in the journal, by index. */
  readonly journaled: Map<number, Trial<T>>;
  /** Trials told to the (restored) controller. */
  readonly told: number;
  /** Trials asked of the (restored) controller. */
  readonly asked: number;
  /** Proposals asked and not told, by index. */
  readonly pending: Map<number, Proposal>;
}

function makeHeader<T>(o: ResolvedSearchOptions<T>, controllerFingerprint: string): JournalHeader {
  return {
    type: 'header',
    version: JOURNAL_VERSION,
    createdAt: new Date().toISOString(),
    space: { fingerprint: fingerprint(o.space.decisions), decisions: o.space.decisions.length },
    controllerFingerprint,
    concurrency: o.concurrency,
    trials: Number.isFinite(o.trials) ? o.trials : null,
    reward: o.rewardName,
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(o.meta === undefined ? {} : { meta: o.meta }),
  };
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new JournalError(`Cannot read journal ${path}: ${(cause as Error).message}`, { cause });
  }
}

function checkCompatible<T>(header: JournalHeader, o: ResolvedSearchOptions<T>, journal: string): void {
  const spaceFp = fingerprint(o.space.decisions);
  if (header.space.fingerprint !== spaceFp) {
    throw new JournalError(`Cannot resume ${journal}: the search space differs from the journal's (fingerprint ${spaceFp}, journal ${header.space.fingerprint})`, {
      path: ['space'],
    });
  }
  if (header.concurrency !== o.concurrency) {
    throw new JournalError(`Cannot resume ${journal}: concurrency ${o.concurrency} differs from the journal's ${header.concurrency}`, { path: ['concurrency'] });
  }
  if (header.seed !== undefined && o.seed !== undefined && header.seed !== o.seed) {
    throw new JournalError(`Cannot resume ${journal}: seed ${JSON.stringify(o.seed)} differs from the journal's ${JSON.stringify(header.seed)}`, { path: ['seed'] });
  }
}

function toProposals(pending: readonly PendingProposal[]): Map<number, Proposal> {
  return new Map(pending.map((p) => [p.index, { id: p.id, tokens: p.tokens }]));
}

/**
 * Creates the journal, or reloads it when resuming.
 * @throws InvalidOptionsError when the journal exists and `resume` is false;
 *   JournalError when it is corrupt or was written by a different space, concurrency or controller.
 */
export async function openSearch<T>(o: ResolvedSearchOptions<T>, warn: (m: string) => void): Promise<SearchStart<T>> {
  const controllerFp = fingerprint(o.controller.snapshot());
  const fresh = { journaled: new Map<number, Trial<T>>(), told: 0, asked: 0, pending: new Map<number, Proposal>() };
  const journal = o.journal;
  if (journal === undefined) return { writer: undefined, ...fresh };
  const text = await readText(journal);
  if (text !== undefined && !o.resume) {
    throw new InvalidOptionsError(`Invalid search option at journal: ${journal} already exists; resume it (resume: true / --resume) or choose another path`, {
      path: ['journal'],
    });
  }
  const parsed = text === undefined ? undefined : parseJournal<T>(text);
  if (parsed?.header === undefined) {
    if (o.resume) warn(text === undefined ? `No journal at ${journal}: starting a new search` : `Journal ${journal} has no complete header: starting over`);
    await rm(journal, { force: true });
    await rm(snapshotPath(journal), { force: true });
    return { writer: await JournalWriter.create(journal, makeHeader(o, controllerFp)), ...fresh };
  }
  checkCompatible(parsed.header, o, journal);
  if (parsed.droppedTail !== undefined) {
    warn(`Journal ${journal}: dropped the half-written last line ${parsed.droppedTail.line} (a trial interrupted while being recorded; it runs again)`);
  }
  const journaled = new Map(parsed.trials.map((t) => [t.index, t]));
  let snapshot;
  try {
    snapshot = await readSnapshot(snapshotPath(journal));
  } catch (error) {
    warn(`${(error as Error).message}: replaying the journal from the start instead`);
  }
  let start = fresh;
  if (snapshot !== undefined) {
    o.controller.restore(snapshot.controller);
    start = { journaled, told: snapshot.told, asked: snapshot.asked, pending: toProposals(snapshot.pending) };
  } else {
    if (controllerFp !== parsed.header.controllerFingerprint) {
      throw new JournalError(
        `Cannot resume ${journal}: it has no snapshot to restore and the controller differs from the one it was started with (construct it with the same class, options and seed)`,
        { path: ['controller'] },
      );
    }
    start = { ...fresh, journaled };
  }
  return { writer: await JournalWriter.reopen(journal, parsed.validBytes, parsed.needsNewline), ...start };
}

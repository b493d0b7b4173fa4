/**
 * Opens a search's journal under its lock: creates it, or reloads it to
 * resume (restoring the controller from its snapshot when the snapshot agrees
 * with the journal, and collecting the trials to replay).
 *
 * @module
 */

import { InvalidOptionsError, JournalError } from '../errors.js';
import type { Controller, Proposal } from '../controller/types.js';
import { fingerprint } from './fingerprint.js';
import { JournalLock } from './journal-lock.js';
import { checkPrunerCompatible, prunerHeader } from './pruning.js';
import { JOURNAL_VERSION, JournalWriter, parseJournal, type JournalHeader, type ParsedJournal } from './journal.js';
import type { ResolvedSearchOptions } from './options.js';
import { readRegularFile, removeTemps } from './journal-io.js';
import { checkIsJournal, removeRegularFile } from './journal-kind.js';
import { readSnapshot, snapshotPath, type PendingProposal, type SearchSnapshot } from './snapshot.js';
import type { BaselineResult, Trial } from './types.js';

/** @internal Where a search starts from. */
export interface SearchStart<T> {
  /** The journal's writer (it holds the journal's lock until closed). */
  readonly writer: JournalWriter | undefined;
  /** The run id that snapshots carry: the fingerprint of the journal's header. */
  readonly run: string | undefined;
  /** Trials already in the journal, by index. */
  readonly journaled: Map<number, Trial<T>>;
  /** Baselines already in the journal, by name. */
  readonly baselines: Map<string, BaselineResult<T>>;
  /** Trials told to the (restored) controller. */
  readonly told: number;
  /** Trials asked of the (restored) controller. */
  readonly asked: number;
  /** Proposals asked and not told, by index. */
  readonly pending: Map<number, Proposal>;
}

/** Fingerprints of what a journal is checked against, each computed once. */
interface Fingerprints {
  readonly space: string;
  readonly controller: string;
  /** The controller's in the form of snapshot that holds weights, when it has one (journals before snapshots of calls). */
  readonly controllerWeights?: string;
}

/** The fingerprint of the controller's snapshot that holds weights, for a controller that has that form. */
function weightsFingerprint(controller: unknown): string | undefined {
  const weights = (controller as { weightsSnapshot?: () => unknown }).weightsSnapshot;
  return typeof weights === 'function' ? fingerprint(weights.call(controller)) : undefined;
}

function makeHeader<T>(o: ResolvedSearchOptions<T>, fp: Fingerprints): JournalHeader {
  return {
    type: 'header',
    version: JOURNAL_VERSION,
    createdAt: new Date().toISOString(),
    id: globalThis.crypto.randomUUID(),
    space: { fingerprint: fp.space, decisions: o.space.decisions.length },
    controllerFingerprint: fp.controller,
    concurrency: o.concurrency,
    trials: Number.isFinite(o.trials) ? o.trials : null,
    reward: o.rewardName,
    ...(o.meta === undefined ? {} : { meta: o.meta }),
    ...(o.pruner === undefined ? {} : { pruner: prunerHeader(o.pruner, o.promotion) }),
    ...(o.resolvedObjectives === undefined ? {} : { objectives: o.resolvedObjectives.map(({ name, direction }) => ({ name, direction })) }),
    ...(o.constraint === undefined ? {} : { constrained: true }),
  };
}

function checkCompatible<T>(header: JournalHeader, o: ResolvedSearchOptions<T>, fp: Fingerprints, journal: string): void {
  if (header.space.fingerprint !== fp.space) {
    throw new JournalError(
      `Cannot resume ${journal}: the search space differs from the journal's (fingerprint ${fp.space}, journal ${header.space.fingerprint})`,
      {
        path: ['space'],
      },
    );
  }
  if (header.concurrency !== o.concurrency) {
    throw new JournalError(`Cannot resume ${journal}: concurrency ${o.concurrency} differs from the journal's ${header.concurrency}`, {
      path: ['concurrency'],
    });
  }
  checkPrunerCompatible(header, o.pruner, journal, o.promotion);
  const describe = (objectives: JournalHeader['objectives']): string =>
    objectives === undefined ? 'none' : objectives.map((x) => `${x.name} (${x.direction})`).join(', ');
  const mine = o.resolvedObjectives?.map(({ name, direction }) => ({ name, direction }));
  if (describe(mine) !== describe(header.objectives)) {
    throw new JournalError(
      `Cannot resume ${journal}: objectives ${describe(mine)} differ from the journal's ${describe(header.objectives)}`,
      {
        path: ['objectives'],
      },
    );
  }
  if ((o.constraint !== undefined) !== (header.constrained === true)) {
    throw new JournalError(
      `Cannot resume ${journal}: the search ${o.constraint === undefined ? 'has no' : 'has a'} constraint, the journal's ${header.constrained === true ? 'has one' : 'has none'}`,
      { path: ['constraint'] },
    );
  }
}

/**
 * @internal Why `snapshot` cannot be used with the journal of run `run` holding
 * `journaled`, or `undefined` when it agrees with it.
 */
export function snapshotDisagreement(snapshot: SearchSnapshot, run: string, journaled: ReadonlyMap<number, unknown>): string | undefined {
  if (snapshot.run === undefined) return 'has no run id';
  if (snapshot.run !== run) return `belongs to another run (run ${snapshot.run}; the journal's is ${run})`;
  const { told, asked, pending } = snapshot;
  if (told < 0 || asked < told) return `is inconsistent (told ${told}, asked ${asked})`;
  for (let index = 0; index < told; index++) {
    if (!journaled.has(index)) return `is ahead of the journal (it was told trial ${index}, which the journal does not hold)`;
  }
  const wellFormed = pending.every(
    (p: Partial<PendingProposal> | null) =>
      typeof p === 'object' &&
      p !== null &&
      Number.isSafeInteger(p.index) &&
      typeof p.id === 'string' &&
      Array.isArray(p.tokens) &&
      p.tokens.every((t) => Number.isSafeInteger(t)),
  );
  if (!wellFormed) return 'is inconsistent (an outstanding proposal is not { index, id, tokens })';
  const indices = pending.map((p) => p.index).sort((a, b) => a - b);
  if (indices.length !== asked - told || indices.some((index, i) => index !== told + i)) {
    return `is inconsistent (its outstanding proposals are not trials ${told} to ${asked - 1})`;
  }
  return undefined;
}

/** Reads the snapshot of `journal`, or `undefined` (warning why) when it is missing or does not agree with the journal. */
async function usableSnapshot(
  journal: string,
  run: string,
  journaled: ReadonlyMap<number, unknown>,
  warn: (m: string) => void,
): Promise<SearchSnapshot | undefined> {
  const path = snapshotPath(journal);
  let snapshot: SearchSnapshot | undefined;
  try {
    snapshot = await readSnapshot(path);
  } catch (error) {
    warn(`${(error as Error).message}: replaying the journal from the start instead`);
    return undefined;
  }
  if (snapshot === undefined) return undefined;
  const reason = snapshotDisagreement(snapshot, run, journaled);
  if (reason === undefined) return snapshot;
  warn(`Snapshot ${path} ${reason}: replaying the journal from the start instead`);
  return undefined;
}

/** The ids a controller says are outstanding, when it can say (every built-in controller can). */
function outstandingIds(controller: Controller): string[] | undefined {
  const outstanding = (controller as { outstanding?: () => unknown }).outstanding;
  if (typeof outstanding !== 'function') return undefined;
  const ids: unknown = outstanding.call(controller);
  return Array.isArray(ids) ? ids.map(String).sort() : undefined;
}

/**
 * Restores `controller` from `snapshot`; when the controller refuses the
 * snapshot's state, or the restored state's outstanding proposals are not the
 * snapshot's, puts its own state back, warns and returns false.
 */
function restored(controller: Controller, snapshot: SearchSnapshot, journal: string, warn: (m: string) => void): boolean {
  const own = controller.snapshot();
  let reason: string | undefined;
  try {
    controller.restore(snapshot.controller);
    const ids = outstandingIds(controller);
    const expected = snapshot.pending.map((p) => p.id).sort();
    if (ids !== undefined && ids.join() !== expected.join()) {
      reason = `its controller state has outstanding proposals [${ids.join(', ')}], not the snapshot's [${expected.join(', ')}]`;
    }
  } catch (error) {
    reason = `the controller cannot restore its state (${(error as Error).message})`;
  }
  if (reason === undefined) return true;
  controller.restore(own);
  warn(`Snapshot ${snapshotPath(journal)}: ${reason}: replaying the journal from the start instead`);
  return false;
}

function fresh<T>(): Omit<SearchStart<T>, 'writer' | 'run'> {
  return { journaled: new Map(), baselines: new Map(), told: 0, asked: 0, pending: new Map() };
}

async function startOver<T>(o: ResolvedSearchOptions<T>, journal: string, lock: JournalLock, fp: Fingerprints): Promise<SearchStart<T>> {
  await removeRegularFile(journal, journal);
  await removeRegularFile(snapshotPath(journal), journal);
  const header = makeHeader(o, fp);
  return { writer: await JournalWriter.create(journal, header, lock), run: fingerprint(header), ...fresh<T>() };
}

async function resumeJournal<T>(
  o: ResolvedSearchOptions<T>,
  journal: string,
  totalBytes: number,
  parsed: ParsedJournal<T> & { header: JournalHeader },
  lock: JournalLock,
  fp: Fingerprints,
  warn: (m: string) => void,
): Promise<SearchStart<T>> {
  checkCompatible(parsed.header, o, fp, journal);
  if (parsed.droppedTail !== undefined) {
    warn(
      `Journal ${journal}: dropped the half-written last line ${parsed.droppedTail.line} (a trial interrupted while being recorded; it runs again)`,
    );
  }
  const run = fingerprint(parsed.header);
  const journaled = new Map(parsed.trials.map((t) => [t.index, t]));
  const baselines = new Map(parsed.baselines.map((b) => [b.baseline, b]));
  const snapshot = await usableSnapshot(journal, run, journaled, warn);
  let start: Omit<SearchStart<T>, 'writer' | 'run'>;
  if (snapshot !== undefined && restored(o.controller, snapshot, journal, warn)) {
    start = {
      journaled,
      baselines,
      told: snapshot.told,
      asked: snapshot.asked,
      pending: new Map(snapshot.pending.map((p) => [p.index, { id: p.id, tokens: p.tokens }])),
    };
  } else {
    if (fp.controller !== parsed.header.controllerFingerprint && fp.controllerWeights !== parsed.header.controllerFingerprint) {
      throw new JournalError(
        `Cannot resume ${journal}: it has no usable snapshot to restore and the controller differs from the one it was started with (construct it with the same class, options and seed)`,
        { path: ['controller'] },
      );
    }
    start = { ...fresh<T>(), journaled, baselines };
  }
  return { writer: await JournalWriter.reopen(journal, { ...parsed, totalBytes }, lock), run, ...start };
}

async function openLocked<T>(
  o: ResolvedSearchOptions<T>,
  journal: string,
  lock: JournalLock,
  warn: (m: string) => void,
): Promise<SearchStart<T>> {
  for (const [what, path] of [
    ['journal', journal],
    ['snapshot', snapshotPath(journal)],
  ] as const) {
    const temps = await removeTemps(path);
    if (temps.length > 0)
      warn(`Journal ${journal}: deleted ${temps.length} temporary ${what} file(s) of a killed run (${temps.join(', ')})`);
  }
  const bytes = await readRegularFile(journal, 'journal');
  if (bytes !== undefined && !o.resume) {
    throw new InvalidOptionsError(
      `Invalid search option at journal: ${journal} already exists; resume it (resume: true / --resume), start over (delete it / --force) or choose another path`,
      {
        path: ['journal'],
      },
    );
  }
  const controllerWeights = weightsFingerprint(o.controller);
  const fp: Fingerprints = {
    space: fingerprint(o.space.decisions),
    controller: fingerprint(o.controller.snapshot()),
    ...(controllerWeights === undefined ? {} : { controllerWeights }),
  };
  if (bytes === undefined || bytes.length === 0) {
    if (o.resume)
      warn(bytes === undefined ? `No journal at ${journal}: starting a new search` : `Journal ${journal} is empty: starting over`);
    return startOver(o, journal, lock, fp);
  }
  checkIsJournal(bytes, journal, 'resume');
  const parsed = parseJournal<T>(bytes);
  if (parsed.header === undefined) throw new JournalError(`Journal ${journal} has no complete header line`, { line: 1 });
  return resumeJournal(o, journal, bytes.length, { ...parsed, header: parsed.header }, lock, fp, warn);
}

/**
 * Takes the journal's lock, then creates the journal or reloads it when resuming.
 * A file that is not a journal is refused and left as it is.
 * @throws InvalidOptionsError when the journal exists and `resume` is false;
 *   JournalLockError when another live process writes the journal;
 *   JournalError when it is not a journal, is corrupt, or was written by a different space, concurrency or controller.
 */
export async function openSearch<T>(o: ResolvedSearchOptions<T>, warn: (m: string) => void): Promise<SearchStart<T>> {
  const journal = o.journal;
  if (journal === undefined) return { writer: undefined, run: undefined, ...fresh<T>() };
  const lock = await JournalLock.acquire(journal);
  try {
    return await openLocked(o, journal, lock, warn);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

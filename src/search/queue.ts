/**
 * The trial queue of `search()`: which trials are asked, running and
 * finished, and the order in which they are handed back to be told.
 *
 * @module
 */

import { JournalError } from '../errors.js';
import type { Controller, Proposal } from '../controller/types.js';
import type { PendingProposal } from './snapshot.js';
import type { StopReason, Trial } from './types.js';

/** @internal What the queue needs from the search. */
export interface TrialQueueOptions<T> {
  readonly controller: Controller;
  /** Trials running at once. */
  readonly concurrency: number;
  /** Trials in the whole search (resumed ones included); `Infinity` for none. */
  readonly trials: number;
  /** No trial is asked for once `now()` reaches this. */
  readonly deadline: number;
  /** Clock in ms, the same one `deadline` is on. */
  readonly now: () => number;
  /** No trial is asked for once this is aborted. */
  readonly signal: AbortSignal;
  /** The journal path, for messages. */
  readonly journal: string | undefined;
  /** Runs one trial; its result is awaited in proposal order. */
  readonly run: (index: number, proposal: Proposal) => Promise<Trial<T>>;
}

/** @internal Where the queue starts: a fresh search, or a resumed one. */
export interface TrialQueueStart<T> {
  readonly journaled: ReadonlyMap<number, Trial<T>>;
  readonly told: number;
  readonly asked: number;
  readonly pending: ReadonlyMap<number, Proposal>;
}

/** @internal A finished trial, handed back in proposal order. */
export interface NextTrial<T> {
  readonly index: number;
  readonly proposal: Proposal;
  readonly trial: Trial<T>;
  /** The trial was read from the journal (resume), not run by this call. */
  readonly fromJournal: boolean;
}

function sameTokens(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * Keeps up to `concurrency` trials running and hands them back in the order
 * they were proposed, whatever order they finish in.
 * @internal
 */
export class TrialQueue<T> {
  /** Every finished trial, by index (journaled ones included). */
  readonly finished: Map<number, Trial<T>>;
  private readonly journaled: ReadonlyMap<number, Trial<T>>;
  private readonly proposals: Map<number, Proposal>;
  private readonly inflight = new Map<number, Promise<Trial<T>>>();
  private toldCount: number;
  private askedCount: number;
  private stop: StopReason = 'trials';

  constructor(
    private readonly o: TrialQueueOptions<T>,
    start: TrialQueueStart<T>,
  ) {
    this.journaled = start.journaled;
    this.finished = new Map(start.journaled);
    this.proposals = new Map(start.pending);
    this.toldCount = start.told;
    this.askedCount = start.asked;
  }

  /** Trials told so far. */
  get told(): number {
    return this.toldCount;
  }

  /** Trials asked so far. */
  get asked(): number {
    return this.askedCount;
  }

  /** Every asked trial has been told. */
  get drained(): boolean {
    return this.toldCount >= this.askedCount;
  }

  /** Which budget stopped the asking. */
  get stopReason(): StopReason {
    return this.stop;
  }

  /** Proposals asked and not yet told, in index order (for the snapshot). */
  pending(): PendingProposal[] {
    return [...this.proposals].map(([index, p]) => ({ index, id: p.id, tokens: [...p.tokens] }));
  }

  /** The tokens of the trial at `index` (asked, running or finished), or undefined. */
  tokensOf(index: number): readonly number[] | undefined {
    return this.proposals.get(index)?.tokens ?? this.finished.get(index)?.tokens;
  }

  /** Relaunches the outstanding proposals of a resumed search, then fills the queue. */
  start(): void {
    for (const [index, proposal] of this.proposals) this.launch(index, proposal);
    this.fill();
  }

  /** Asks the controller for trials until `concurrency` are outstanding or a budget is reached. */
  fill(): void {
    const o = this.o;
    while (this.askedCount - this.toldCount < o.concurrency && this.askedCount < o.trials && !o.signal.aborted) {
      if (o.now() >= o.deadline) {
        this.stop = 'wall-time';
        return;
      }
      const proposal = o.controller.ask();
      this.proposals.set(this.askedCount, proposal);
      this.launch(this.askedCount++, proposal);
    }
  }

  /** Waits for the oldest untold trial. Call only when not {@link drained}. */
  async next(): Promise<NextTrial<T>> {
    const index = this.toldCount;
    const proposal = this.proposals.get(index) as Proposal;
    const running = this.inflight.get(index);
    const trial = running === undefined ? (this.finished.get(index) as Trial<T>) : await running;
    this.inflight.delete(index);
    return { index, proposal, trial, fromJournal: running === undefined };
  }

  /** Records that the trial `next()` returned was told to the controller. */
  markTold(index: number): void {
    this.proposals.delete(index);
    this.toldCount++;
  }

  /** Waits until no trial is running (each ends or rejects). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inflight.values());
  }

  private launch(index: number, proposal: Proposal): void {
    const recorded = this.journaled.get(index);
    if (recorded !== undefined) {
      if (!sameTokens(recorded.tokens, proposal.tokens)) {
        throw new JournalError(
          `Cannot resume ${this.o.journal}: the controller proposed [${proposal.tokens.join(', ')}] for trial ${index}, the journal has [${recorded.tokens.join(', ')}] (is the controller deterministic for its seed?)`,
          { path: ['controller'] },
        );
      }
      return;
    }
    const run = this.o.run(index, proposal).then((trial) => {
      this.finished.set(index, trial);
      return trial;
    });
    run.catch(() => undefined); // awaited in order by next(); no unhandled rejection meanwhile
    this.inflight.set(index, run);
  }
}

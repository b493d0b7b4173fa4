import { describe, expect, it } from 'vitest';
import { JournalError } from '../../src/index.js';
import type { Proposal, Trial } from '../../src/index.js';
import { SnapshotCadence } from '../../src/search/cadence.js';
import { TrialQueue, type TrialQueueOptions } from '../../src/search/queue.js';
import { ToyController, toySpace } from './doubles.js';

/** A promise with its resolve function, to finish trials in any order. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function trial(index: number, proposal: Proposal): Trial<string> {
  return {
    index,
    id: proposal.id,
    tokens: [...proposal.tokens],
    value: proposal.tokens.join('-'),
    status: 'ok',
    reward: index,
    startedAt: '',
    durationMs: 0,
  };
}

const empty = { journaled: new Map<number, Trial<string>>(), told: 0, asked: 0, pending: new Map<number, Proposal>() };

function setup(extra: Partial<TrialQueueOptions<string>> = {}, start = empty) {
  const space = toySpace();
  const runs = new Map<number, { proposal: Proposal; done: ReturnType<typeof deferred<Trial<string>>> }>();
  const clock = { t: 0 };
  const queue = new TrialQueue<string>(
    {
      controller: new ToyController(space, 1),
      concurrency: 3,
      trials: 5,
      deadline: Infinity,
      now: () => clock.t,
      signal: new AbortController().signal,
      journal: 'j.jsonl',
      run: (index, proposal) => {
        const done = deferred<Trial<string>>();
        runs.set(index, { proposal, done });
        return done.promise;
      },
      ...extra,
    },
    start,
  );
  const finish = (index: number): void => {
    const r = runs.get(index);
    r?.done.resolve(trial(index, r.proposal));
  };
  return { queue, runs, clock, finish };
}

describe('TrialQueue', () => {
  it('keeps concurrency trials running and hands them back in proposal order, whatever order they finish in', async () => {
    const { queue, runs, finish } = setup();
    queue.start();
    expect([...runs.keys()]).toEqual([0, 1, 2]);
    finish(2);
    finish(1);
    const order: number[] = [];
    const first = queue.next().then((n) => order.push(n.index));
    await Promise.resolve();
    expect(order).toEqual([]); // trial 0 still runs
    finish(0);
    await first;
    queue.markTold(0);
    queue.fill();
    expect([...runs.keys()]).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < 2; i++) {
      const n = await queue.next();
      order.push(n.index);
      expect(n.fromJournal).toBe(false);
      queue.markTold(n.index);
      queue.fill();
    }
    expect(order).toEqual([0, 1, 2]);
    expect([...runs.keys()]).toEqual([0, 1, 2, 3, 4]); // the budget of 5 is reached
    expect(queue.pending().map((p) => p.index)).toEqual([3, 4]);
    expect(queue.stopReason).toBe('trials');
  });

  it('stops asking at the deadline of the injected clock and says wall-time', () => {
    const { queue, runs, clock } = setup({ deadline: 100, concurrency: 1 });
    queue.start();
    expect(queue.asked).toBe(1);
    queue.markTold(0);
    clock.t = 99;
    queue.fill();
    expect(queue.asked).toBe(2);
    queue.markTold(1);
    clock.t = 100;
    queue.fill();
    expect(queue.asked).toBe(2);
    expect(queue.drained).toBe(true);
    expect(queue.stopReason).toBe('wall-time');
    expect(runs.size).toBe(2);
  });

  it('asks nothing once its signal is aborted', () => {
    const ac = new AbortController();
    ac.abort();
    const { queue, runs } = setup({ signal: ac.signal });
    queue.start();
    expect(runs.size).toBe(0);
    expect(queue.drained).toBe(true);
  });

  it('hands back a journaled trial without running it, and refuses a proposal that differs from the journal', async () => {
    const space = toySpace();
    const proposal = new ToyController(space, 1).ask();
    const recorded = trial(0, proposal);
    const { queue, runs } = setup({ concurrency: 1 }, { ...empty, journaled: new Map([[0, recorded]]) });
    queue.start();
    expect(runs.size).toBe(0);
    await expect(queue.next()).resolves.toMatchObject({ index: 0, trial: recorded, fromJournal: true });
    const other = { ...recorded, tokens: recorded.tokens.map((t) => t + 1) };
    const mismatch = setup({ concurrency: 1 }, { ...empty, journaled: new Map([[0, other]]) });
    expect(() => mismatch.queue.start()).toThrow(JournalError);
    expect(() => mismatch.queue.start()).toThrow(/the controller proposed \[.*\] for trial 0, the journal has/);
  });
});

describe('SnapshotCadence', () => {
  it('is always due when no trial is outstanding', () => {
    const cadence = new SnapshotCadence(1000, () => 0);
    expect(cadence.due(7, 7)).toBe(true);
    expect(cadence.due(7, 9)).toBe(false);
  });

  it('with a number, is due every that many tells', () => {
    const cadence = new SnapshotCadence(4, () => 0);
    expect([1, 2, 3, 4, 5, 8].map((told) => cadence.due(told, told + 2))).toEqual([false, false, false, true, false, true]);
  });

  it("with 'auto', is due once 9 times the last write's duration has passed since it ended", async () => {
    const clock = { t: 0 };
    const cadence = new SnapshotCadence('auto', () => clock.t);
    expect(cadence.due(1, 3)).toBe(true); // never written
    await cadence.write(async () => {
      clock.t = 10; // the write takes 10 ms
    });
    clock.t = 99;
    expect(cadence.due(2, 4)).toBe(false);
    clock.t = 100;
    expect(cadence.due(2, 4)).toBe(true);
  });
});

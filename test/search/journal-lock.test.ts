import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, JournalError, JournalLock, JournalLockError, journalLockPath, search } from '../../src/index.js';
import type { AccuracyEvaluator, JournalLockHolder, SearchOptions } from '../../src/index.js';
import { realJournalPath } from '../../src/search/journal-lock.js';
import { ToyController, toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

const holdLock = join(import.meta.dirname, 'fixtures', 'hold-lock.ts');
const raceLock = join(import.meta.dirname, 'fixtures', 'race-lock.ts');
const dir = mkdtempSync(join(tmpdir(), 'mnas-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

/** Spawns a real process that takes `journal`'s lock; resolves once it holds it. */
function holder(journal: string): Promise<{ child: ChildProcess; holder: JournalLockHolder; exited: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', holdLock, journal], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const exited = new Promise<void>((done) => child.on('close', () => done()));
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ child, holder: JSON.parse(out) as JournalLockHolder, exited });
    });
    child.on('close', (code) => reject(new Error(`the lock holder exited with ${code} before taking the lock: ${err}`)));
  });
}

function options(extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> {
  const space = toySpace();
  return {
    space,
    controller: new ToyController(space, 3),
    evaluator: toyEvaluator(),
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials: 6 },
    ...extra,
  };
}

describe('JournalLock', () => {
  it('refuses a lock held by a live process, naming its pid, host and start time, and takes it over once the process is SIGKILLed', async () => {
    const journal = journalPath();
    const held = await holder(journal);
    expect(held.holder.pid).toBe(held.child.pid);
    const error = await JournalLock.acquire(journal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalLockError);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalLockError).holder).toEqual(held.holder);
    expect((error as JournalLockError).code).toBe('journal');
    expect((error as JournalLockError).message).toBe(
      `Journal ${journal} is being written by another search: pid ${held.holder.pid} on host ${JSON.stringify(hostname())} since ${held.holder.startedAt} (lock ${journalLockPath(journal)}); wait for it to end or stop it`,
    );
    await expect(JournalLock.check(journal)).rejects.toThrow(JournalLockError);

    held.child.kill('SIGKILL');
    await held.exited;
    await expect(JournalLock.check(journal)).resolves.toBeUndefined();
    const lock = await JournalLock.acquire(journal);
    expect(JSON.parse(readFileSync(journalLockPath(journal), 'utf8'))).toEqual({
      pid: process.pid,
      host: hostname(),
      startedAt: lock.holder.startedAt,
    });
    await lock.release();
    expect(existsSync(journalLockPath(journal))).toBe(false);
  }, 60_000);

  it('lets exactly one of several processes take over the same stale lock', async () => {
    const journal = journalPath();
    const dead = await holder(journal);
    dead.child.kill('SIGKILL');
    await dead.exited;
    const outcomes = await Promise.allSettled([0, 1, 2].map(() => holder(journal)));
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected') expect(String(o.reason)).toMatch(/is being written by another search: pid \d+ on host/);
    const winner = (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof holder>>>).value;
    expect(JSON.parse(readFileSync(journalLockPath(journal), 'utf8'))).toEqual(winner.holder);
    winner.child.kill('SIGKILL');
    await winner.exited;
  }, 60_000);

  it('gives every one of 50 stale locks exactly one of 3 racing processes as its holder', async () => {
    const race = mkdtempSync(join(dir, 'race-'));
    const rounds = 50;
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const stale = JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    for (let round = 0; round < rounds; round++) writeFileSync(journalLockPath(join(race, `r${round}.jsonl`)), stale);
    const racers = [0, 1, 2].map((i) => {
      const args = ['--import', 'tsx', raceLock, race, String(rounds), String(i), '3'];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const won = new Promise<number[]>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(JSON.parse(out) as number[]);
        });
        child.on('close', (code) => reject(new Error(`a racer exited with ${code}: ${err}`)));
      });
      return { child, won };
    });
    const won = await Promise.all(racers.map((r) => r.won));
    for (let round = 0; round < rounds; round++) {
      const winners = racers.filter((_, i) => (won[i] as number[]).includes(round));
      expect(winners, `round ${round}`).toHaveLength(1);
      const lock = JSON.parse(readFileSync(journalLockPath(join(race, `r${round}.jsonl`)), 'utf8')) as JournalLockHolder;
      expect(lock.pid, `round ${round}`).toBe(winners[0]?.child.pid);
    }
    for (const r of racers) r.child.kill('SIGKILL');
  }, 120_000);

  it('takes the lock on the real path: a symlink to a journal, or to its folder, finds the lock of the journal', async () => {
    const journal = journalPath();
    const viaFile = join(dir, `link-${n}.jsonl`);
    const viaFolder = join(dir, `folder-link-${n}`);
    symlinkSync(journal, viaFile);
    symlinkSync(dir, viaFolder);
    const lock = await JournalLock.acquire(journal);
    for (const other of [viaFile, join(viaFolder, journal.split('/').pop() as string)]) {
      const error = await JournalLock.acquire(other).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JournalLockError);
      expect((error as JournalLockError).lockPath).toBe(journalLockPath(journal));
      await expect(JournalLock.check(other)).rejects.toThrow(JournalLockError);
    }
    await lock.release();
    const viaLink = await JournalLock.acquire(viaFile);
    expect(viaLink.path).toBe(journalLockPath(journal));
    await viaLink.release();
    expect(await realJournalPath(viaFile)).toBe(journal);
  });

  it('refuses a second lock in the same process', async () => {
    const journal = journalPath();
    const lock = await JournalLock.acquire(journal);
    await expect(JournalLock.acquire(journal)).rejects.toThrow(/pid \d+ \(this process\) on host/);
    await lock.release();
    await (await JournalLock.acquire(journal)).release();
  });

  it('takes over a lock file left empty by a process killed between its create and its write', async () => {
    const journal = journalPath();
    writeFileSync(journalLockPath(journal), '');
    const lock = await JournalLock.acquire(journal);
    expect(JSON.parse(readFileSync(journalLockPath(journal), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('refuses a lock of another host, saying to delete it if that process is gone', async () => {
    const journal = journalPath();
    const other = { pid: 1, host: `not-${hostname()}`, startedAt: '2026-01-01T00:00:00.000Z' };
    writeFileSync(journalLockPath(journal), JSON.stringify(other));
    const error = await JournalLock.acquire(journal).catch((e: unknown) => e);
    expect((error as JournalLockError).holder).toEqual(other);
    expect((error as Error).message).toMatch(
      /pid 1 on host "not-.*" since 2026-01-01T00:00:00.000Z .*if it does not, delete .*j\d+\.jsonl\.lock$/,
    );
  });

  it('release leaves a lock that is no longer its own', async () => {
    const journal = journalPath();
    const lock = await JournalLock.acquire(journal);
    const other = JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: 'x' });
    writeFileSync(journalLockPath(journal), other);
    await lock.release();
    expect(readFileSync(journalLockPath(journal), 'utf8')).toBe(other);
  });
});

describe('search and the journal lock', () => {
  it('refuses a second search given a symlink to a journal another process writes, and leaves the journal as it is', async () => {
    const journal = journalPath();
    await search(options({ journal }));
    const before = readFileSync(journal);
    const link = join(dir, `symlink-${n}.jsonl`);
    symlinkSync(journal, link);
    const held = await holder(journal);
    const error = await search(options({ journal: link, resume: true, budget: { trials: 9 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalLockError);
    expect((error as Error).message).toContain(`pid ${held.holder.pid} on host`);
    expect(readFileSync(journal).equals(before)).toBe(true);
    held.child.kill('SIGKILL');
    await held.exited;
  }, 60_000);

  it('refuses a journal whose lock a live process holds, and leaves the journal as it is', async () => {
    const journal = journalPath();
    await search(options({ journal }));
    const before = readFileSync(journal);
    const held = await holder(journal);
    const error = await search(options({ journal, resume: true, budget: { trials: 9 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalLockError);
    expect((error as Error).message).toContain(`pid ${held.holder.pid} on host`);
    expect(readFileSync(journal).equals(before)).toBe(true);
    held.child.kill('SIGKILL');
    await held.exited;
    const resumed = await search(options({ journal, resume: true, budget: { trials: 9 } }));
    expect(resumed.trials).toHaveLength(9);
    expect(existsSync(journalLockPath(journal))).toBe(false);
  }, 60_000);

  it('holds the lock while it runs and releases it at the end', async () => {
    const journal = journalPath();
    const seen: unknown[] = [];
    await search(options({ journal, onTrial: () => seen.push(JSON.parse(readFileSync(journalLockPath(journal), 'utf8')).pid) }));
    expect(seen).toEqual(Array(6).fill(process.pid));
    expect(existsSync(journalLockPath(journal))).toBe(false);
  });

  it('refuses a second search of the same journal in the same process while the first runs', async () => {
    const journal = journalPath();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const inner = toyEvaluator();
    const evaluator: AccuracyEvaluator<string> = {
      evaluate: async (value, o) => {
        await gate;
        return inner.evaluate(value, o);
      },
    };
    const first = search(options({ journal, evaluator }));
    while (!existsSync(journalLockPath(journal))) await new Promise((resolve) => setTimeout(resolve, 5));
    const error = await search(options({ journal, resume: true })).catch((e: unknown) => e);
    open();
    expect((await first).trials).toHaveLength(6);
    expect(error).toBeInstanceOf(JournalLockError);
    expect((error as Error).message).toContain(`pid ${process.pid} (this process)`);
  });

  it('releases the lock when aborted', async () => {
    const journal = journalPath();
    const ac = new AbortController();
    await expect(search(options({ journal, signal: ac.signal, onTrial: () => ac.abort() }))).rejects.toThrow(AbortError);
    expect(existsSync(journalLockPath(journal))).toBe(false);
  });

  it('releases the lock when the search fails', async () => {
    const journal = journalPath();
    const space = toySpace();
    const controller = new ToyController(space, 3);
    let tells = 0;
    const tell = controller.tell.bind(controller);
    controller.tell = (id, outcome) => {
      if (++tells === 3) throw new Error('controller broke');
      tell(id, outcome);
    };
    await expect(search(options({ journal, space, controller }))).rejects.toThrow('controller broke');
    expect(existsSync(journalLockPath(journal))).toBe(false);
  });

  it('releases the lock when the journal cannot be resumed', async () => {
    const journal = journalPath();
    await search(options({ journal, concurrency: 1 }));
    await expect(search(options({ journal, resume: true, concurrency: 2 }))).rejects.toMatchObject({ path: ['concurrency'] });
    expect(existsSync(journalLockPath(journal))).toBe(false);
  });
});

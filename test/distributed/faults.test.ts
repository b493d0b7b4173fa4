// Faults of distributed evaluation, done for real: worker and coordinator processes killed with
// SIGKILL, a redis-server stopped and started again, jobs that always fail, two searches on one queue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { queueExecutor } from '../../src/distributed/index.js';
import { EvolutionController, benchmarkLatency, readJournal, search } from '../../src/index.js';
import type { SearchResult } from '../../src/index.js';
import type { Nb201Cell } from '../../src/index.js';
import { bench, slowEvaluator } from './fixtures/nb201.js';
import {
  type CoordinatorOutcome,
  type WorkerProcess,
  evaluationsByCell,
  lineCount,
  readLog,
  runCoordinator,
  spawnWorker,
  until,
} from './processes.js';
import { type RedisServer, startRedis } from './redis.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-dist-'));
let n = 0;
const path = (name: string): string => join(dir, `${n++}-${name}`);

const servers: RedisServer[] = [];
const workers: WorkerProcess[] = [];
async function redis(): Promise<RedisServer> {
  const server = await startRedis();
  servers.push(server);
  return server;
}
function worker(...args: Parameters<typeof spawnWorker>): WorkerProcess {
  const w = spawnWorker(...args);
  workers.push(w);
  return w;
}
afterEach(async () => {
  for (const w of workers.splice(0)) w.child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => s.dispose()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = [number, string, string, number | null, string | null];

/** The same search in this process with the table's evaluator: what every distributed run must give. */
async function reference(trials: number, concurrency: number, seed: number, failFraction = 0): Promise<Row[]> {
  const result = await search<Nb201Cell>({
    space: bench.space,
    controller: new EvolutionController(bench.space, { seed, populationSize: 8, sampleSize: 3 }),
    evaluator: slowEvaluator({ delayMs: 0, failFraction }),
    measurer: benchmarkLatency(bench, 'pixel3'),
    targetMs: 10,
    budget: { trials },
    concurrency,
  });
  return rows(result);
}

/** Trials as rows; a failed trial's error keeps only the evaluator's message (workers add their name and attempts). */
function rows(result: Pick<SearchResult<Nb201Cell>, 'trials'>): Row[] {
  return result.trials.map((t) => [t.index, t.tokens.join(''), t.status, t.reward ?? null, cellError(t.error)]);
}
function cellError(error: string | null | undefined): string | null {
  return error == null ? null : (/cell \S+ always fails/.exec(error)?.[0] ?? error);
}
function outcomeRows(o: CoordinatorOutcome): Row[] {
  return o.trials.map(([i, tokens, status, reward, error]) => [i, tokens, status, reward, cellError(error)]);
}

/** A search of this process on the queue. */
function coordinate(
  url: string,
  prefix: string,
  o: { trials: number; concurrency: number; seed: number; journal?: string; attempts?: number },
) {
  const executor = queueExecutor<Nb201Cell>({
    connection: url,
    prefix,
    measurer: benchmarkLatency(bench, 'pixel3'),
    attempts: o.attempts ?? 3,
    backoffMs: 100,
    pollMs: 200,
  });
  const run = search<Nb201Cell>({
    space: bench.space,
    controller: new EvolutionController(bench.space, { seed: o.seed, populationSize: 8, sampleSize: 3 }),
    executor,
    targetMs: 10,
    budget: { trials: o.trials },
    concurrency: o.concurrency,
    ...(o.journal === undefined ? {} : { journal: o.journal }),
  });
  return run.finally(() => executor.close());
}

async function journaledIndexes(journal: string): Promise<number[]> {
  return (await readJournal(journal)).trials.map((t) => t.index);
}

// Each test starts redis-server and several Node processes under tsx (1-2 s each on a loaded machine).
describe('distributed evaluation faults', { timeout: 240_000 }, () => {
  it('a worker SIGKILLed in the middle of a job: the job is taken again and its trial journaled once', async () => {
    const server = await redis();
    const log = path('log');
    const journal = path('journal.jsonl');
    const a = worker({ url: server.url, prefix: 'kill-worker', delayMs: 4000, log, lockMs: 2000 });
    await a.ready;
    const running = coordinate(server.url, 'kill-worker', { trials: 5, concurrency: 1, seed: 3, journal });
    await until(() => readLog(log).some((l) => l.event === 'start' && l.pid === a.child.pid), 'worker A to start a job');
    const cell = readLog(log).find((l) => l.pid === a.child.pid)?.cell;
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');
    const b = worker({ url: server.url, prefix: 'kill-worker', delayMs: 100, log, lockMs: 2000 });
    await b.ready;
    const result = await running;
    expect(rows(result)).toEqual(await reference(5, 1, 3));
    expect(await journaledIndexes(journal)).toEqual([0, 1, 2, 3, 4]);
    // A never finished the job it died in; B did, once.
    expect(readLog(log).filter((l) => l.event === 'done' && l.pid === a.child.pid)).toEqual([]);
    expect(
      readLog(log)
        .filter((l) => l.event === 'done' && l.cell === cell)
        .map((l) => l.pid),
    ).toEqual([b.child.pid]);
  });

  it('a worker stopped with SIGINT finishes the job in hand, hands it in, and exits 0', async () => {
    const server = await redis();
    const log = path('log');
    const a = worker({ url: server.url, prefix: 'sigint', delayMs: 2000, log, lockMs: 30_000 });
    await a.ready;
    const running = coordinate(server.url, 'sigint', { trials: 3, concurrency: 1, seed: 4 });
    await until(() => readLog(log).some((l) => l.event === 'start'), 'the first job to start');
    a.child.kill('SIGINT');
    expect(await a.exited).toBe(0);
    expect(readLog(log).map((l) => [l.event, l.pid])).toEqual([
      ['start', a.child.pid],
      ['done', a.child.pid],
    ]);
    // The rest goes to a new worker, without waiting for a lock to expire (30 s here).
    const b = worker({ url: server.url, prefix: 'sigint', delayMs: 100, log, lockMs: 30_000 });
    await b.ready;
    expect(rows(await running)).toEqual(await reference(3, 1, 4));
    expect([...evaluationsByCell(log).values()]).toEqual([1, 1, 1]);
  });

  it('the coordinator SIGKILLed: --resume re-attaches, uses results that arrived meanwhile, loses and doubles nothing', async () => {
    const server = await redis();
    const log = path('log');
    const journal = path('journal.jsonl');
    const ws = [0, 1].map(() => worker({ url: server.url, prefix: 'kill-coord', delayMs: 400, log, lockMs: 10_000 }));
    await Promise.all(ws.map((w) => w.ready));
    const args = { url: server.url, prefix: 'kill-coord', journal, trials: 16, concurrency: 3, seed: 5 };
    expect(await runCoordinator({ ...args, resume: false }, 6)).toBe('killed');
    const journaledAtKill = (await readJournal(journal)).trials.length;
    // The jobs in flight when it died finish while it is down.
    await until(() => [...evaluationsByCell(log).values()].length > journaledAtKill, 'results to arrive while the coordinator is down');
    await new Promise((r) => setTimeout(r, 1000));
    const doneWhileDown = evaluationsByCell(log).size;
    const resumed = await runCoordinator({ ...args, resume: true });
    expect(resumed).not.toBe('killed');
    const final = resumed as CoordinatorOutcome;
    expect(final.resumed).toBe(journaledAtKill);
    expect(outcomeRows(final)).toEqual(await reference(16, 3, 5));
    expect(await journaledIndexes(journal)).toEqual([...Array(16).keys()]);
    // Every candidate was evaluated exactly once: what finished while the coordinator was down was used, not run again.
    expect(doneWhileDown).toBeGreaterThan(journaledAtKill);
    const counts = evaluationsByCell(log);
    expect(counts.size).toBe(16);
    expect(Math.max(...counts.values())).toBe(1);
  });

  it('Redis stopped and started again (append-only file): the search goes on', async () => {
    const server = await redis();
    const journal = path('journal.jsonl');
    const ws = [0, 1].map(() => worker({ url: server.url, prefix: 'restart', delayMs: 300, lockMs: 5000 }));
    await Promise.all(ws.map((w) => w.ready));
    const running = coordinate(server.url, 'restart', { trials: 16, concurrency: 2, seed: 6, journal });
    await until(() => lineCount(journal) >= 6, 'five trials');
    await server.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await server.start();
    const result = await running;
    expect(rows(result)).toEqual(await reference(16, 2, 6));
    expect(await journaledIndexes(journal)).toEqual([...Array(16).keys()]);
  });

  it('a job that fails on every attempt: a failed trial with the error after the attempts; the search goes on', async () => {
    const server = await redis();
    const log = path('log');
    const ws = [0, 1].map(() => worker({ url: server.url, prefix: 'failing', delayMs: 50, failFraction: 0.3, log, lockMs: 5000 }));
    await Promise.all(ws.map((w) => w.ready));
    const result = await coordinate(server.url, 'failing', { trials: 16, concurrency: 2, seed: 7, attempts: 2 });
    const expected = await reference(16, 2, 7, 0.3);
    expect(rows(result)).toEqual(expected);
    const failed = result.trials.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(16);
    for (const t of failed) expect(t.error).toMatch(/^evaluate: Error: .*cell \S+ always fails \(job \S+, 2 attempts\)$/);
    // Each failing cell was tried exactly twice.
    const starts = new Map<string, number>();
    for (const l of readLog(log)) if (l.event === 'start') starts.set(l.cell, (starts.get(l.cell) ?? 0) + 1);
    for (const t of failed) expect(starts.get((t.value as Nb201Cell | null)?.archStr ?? '')).toBe(2);
  });

  it("two searches on one queue never take each other's jobs, nor a finished search's", async () => {
    const server = await redis();
    const log = path('log');
    const ws = [0, 1].map(() => worker({ url: server.url, prefix: 'shared', delayMs: 100, log, lockMs: 5000 }));
    await Promise.all(ws.map((w) => w.ready));
    const expected = await reference(10, 2, 8);
    // The same seed: the two searches propose the same candidates at the same indexes.
    const [a, b] = await Promise.all([
      coordinate(server.url, 'shared', { trials: 10, concurrency: 2, seed: 8, journal: path('a.jsonl') }),
      coordinate(server.url, 'shared', { trials: 10, concurrency: 2, seed: 8, journal: path('b.jsonl') }),
    ]);
    expect(rows(a)).toEqual(expected);
    expect(rows(b)).toEqual(expected);
    expect(new Set(evaluationsByCell(log).values())).toEqual(new Set([2]));
    // A new search (a new journal) over the same candidates evaluates them again.
    const c = await coordinate(server.url, 'shared', { trials: 10, concurrency: 2, seed: 8, journal: path('c.jsonl') });
    expect(rows(c)).toEqual(expected);
    expect(new Set(evaluationsByCell(log).values())).toEqual(new Set([3]));
  });
});

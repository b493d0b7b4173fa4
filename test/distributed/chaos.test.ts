// 300 trials of a NAS-Bench-201 search on four worker processes, with the coordinator and the
// workers SIGKILLed at random points (seeded) and started again: the journal ends with 300 distinct
// trials, the same as an uninterrupted search in one process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvolutionController, benchmarkLatency, readJournal, search } from '../../src/index.js';
import type { Nb201Cell } from '../../src/index.js';
import { Rng } from '../../src/rng.js';
import { bench, slowEvaluator } from './fixtures/nb201.js';
import { type CoordinatorOutcome, type WorkerProcess, runCoordinator, spawnWorker } from './processes.js';
import { startRedis } from './redis.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-chaos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRIALS = 300;
const CONCURRENCY = 4;
const SEED = 11;

describe('distributed search under chaos', { timeout: 600_000 }, () => {
  it('journals 300 distinct trials, as an uninterrupted search, with coordinator and workers killed at random', async () => {
    const reference = await search<Nb201Cell>({
      space: bench.space,
      controller: new EvolutionController(bench.space, { seed: SEED, populationSize: 8, sampleSize: 3 }),
      evaluator: slowEvaluator({ delayMs: 0, failFraction: 0 }),
      measurer: benchmarkLatency(bench, 'pixel3'),
      targetMs: 10,
      budget: { trials: TRIALS },
      concurrency: CONCURRENCY,
    });
    const server = await startRedis();
    const rng = new Rng(2026);
    const journal = join(dir, 'journal.jsonl');
    const spawn = (): WorkerProcess => spawnWorker({ url: server.url, prefix: 'chaos', delayMs: 40, lockMs: 2000 });
    const workers = Array.from({ length: 4 }, spawn);
    await Promise.all(workers.map((w) => w.ready));
    let workerKills = 0;
    let stop = false;
    // Every 1.5-3.5 s, one worker (at random) is SIGKILLed and a new one started.
    const chaos = (async () => {
      while (!stop) {
        await new Promise((r) => setTimeout(r, 1500 + 2000 * rng.next()));
        if (stop) break;
        const i = Math.floor(rng.next() * workers.length);
        workers[i]?.child.kill('SIGKILL');
        workerKills++;
        workers[i] = spawn();
      }
    })();
    try {
      const args = { url: server.url, prefix: 'chaos', journal, trials: TRIALS, concurrency: CONCURRENCY, seed: SEED };
      // The coordinator is killed at four random points of the journal, then finishes.
      const killPoints = [40, 110, 180, 250].map((p) => p + Math.floor(rng.next() * 50));
      let coordinatorKills = 0;
      let resume = false;
      for (const at of killPoints) {
        const r = await runCoordinator({ ...args, resume }, at);
        resume = true;
        if (r === 'killed') coordinatorKills++;
      }
      const final = await runCoordinator({ ...args, resume: true });
      expect(final).not.toBe('killed');
      stop = true;
      await chaos;

      const journaled = (await readJournal<Nb201Cell>(journal)).trials;
      expect(journaled.map((t) => t.index)).toEqual([...Array(TRIALS).keys()]);
      expect(new Set(journaled.map((t) => t.value?.archStr)).size).toBe(TRIALS);
      const rows = reference.trials.map((t) => [t.index, t.tokens.join(''), t.status, t.reward ?? null, null]);
      expect((final as CoordinatorOutcome).trials).toEqual(rows);
      expect(coordinatorKills).toBe(4);
      expect(workerKills).toBeGreaterThanOrEqual(3);
    } finally {
      stop = true;
      for (const w of workers) w.child.kill('SIGKILL');
      await server.dispose();
    }
  });
});

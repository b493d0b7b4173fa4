import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/index.js';
import { lineCount } from '../distributed/processes.js';

const script = join(import.meta.dirname, 'fixtures', 'run-search.ts');
const dir = mkdtempSync(join(tmpdir(), 'mnas-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  trials: [number, string, string, number | null][];
  evaluations: number;
  resumed: number;
}

/** Runs the child; when killAtLines is given, SIGKILLs it once the journal has that many complete lines. */
function run(args: string[], killAtLines?: number): Promise<Outcome | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer =
      killAtLines === undefined
        ? undefined
        : setInterval(() => {
            if (lineCount(args[0] as string) >= killAtLines) child.kill('SIGKILL');
          }, 2);
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve(JSON.parse(out) as Outcome);
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

// Each test starts five child processes under tsx; on a loaded 2-core machine that took 50-60 s,
// the default test timeout.
describe('search resume after SIGKILL', { timeout: 300_000 }, () => {
  for (const [concurrency, controller] of [
    [1, 'evolution'],
    [3, 'evolution'],
    [2, 'random'],
  ] as const) {
    it(`loses no finished trial, runs none twice, and ends as an uninterrupted run (NAS-Bench-201, ${controller}, concurrency ${concurrency})`, async () => {
      const trials = '30';
      const args = (journal: string, resume: string): string[] => [journal, trials, String(concurrency), '7', '12', resume, controller];
      const reference = await run(args(join(dir, `ref-${concurrency}-${controller}.jsonl`), '0'));
      const journal = join(dir, `killed-${concurrency}-${controller}.jsonl`);
      let first = true;
      let kills = 0;
      for (const killAt of [4, 12, 22]) {
        const r = await run(args(journal, first ? '0' : '1'), killAt);
        first = false;
        if (r === 'killed') kills++;
        // Everything journaled so far parses: no corrupt line, no trial recorded twice.
        const contents = await readJournal(journal);
        expect(contents.trials.length).toBeGreaterThanOrEqual(killAt - 1 - concurrency);
      }
      expect(kills).toBeGreaterThanOrEqual(2);
      const before = (await readJournal(journal)).trials.length;
      const resumed = await run(args(journal, '1'));
      expect(resumed).not.toBe('killed');
      const final = resumed as Outcome;
      expect(final.resumed).toBe(before);
      // Only the trials missing from the journal were evaluated.
      expect(final.evaluations).toBe(30 - before);
      expect(final.trials).toEqual((reference as Outcome).trials);
      expect((await readJournal(journal)).trials.map((t) => t.index)).toEqual([...Array(30).keys()]);
    });
  }
});

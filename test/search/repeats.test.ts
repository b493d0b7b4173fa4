import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError, RandomController, readJournal, search } from '../../src/index.js';
import type { Decision, SearchOptions, SearchSpace } from '../../src/index.js';
import { toyEvaluator, toyMeasurer } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-repeats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 12 token lists, 6 values: the first decision only counts modulo 2 (as an unused op would). */
function foldingSpace(): SearchSpace<string> {
  const decisions: Decision[] = [
    { name: 'a', size: 4 },
    { name: 'b', size: 3 },
  ];
  return {
    decisions,
    decode: (t) => `${(t[0] as number) % 2}-${t[1]}`,
    encode: (v) => v.split('-').map(Number),
    size: () => 12n,
    sample: (rng) => `${rng.int(2)}-${rng.int(3)}`,
  };
}

function options(extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> {
  const space = foldingSpace();
  return {
    space,
    controller: new RandomController(space, { seed: 2 }),
    evaluator: toyEvaluator(),
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials: 12 },
    ...extra,
  };
}

describe('search() repeats', () => {
  it('evaluates each decoded value once; a repeat copies the first trial with that value', async () => {
    const evaluator = toyEvaluator();
    const result = await search(options({ evaluator }));
    expect(new Set(result.trials.map((t) => t.tokens.join(','))).size).toBe(12);
    expect([...evaluator.calls].sort()).toEqual(['0-0', '0-1', '0-2', '1-0', '1-1', '1-2']);
    const first = new Map<string, number>();
    for (const t of result.trials) {
      const earlier = first.get(t.value);
      if (earlier === undefined) {
        first.set(t.value, t.index);
        expect(t.repeatOf).toBeUndefined();
        continue;
      }
      expect(t.repeatOf).toBe(earlier);
      const e = result.trials[earlier];
      expect([t.status, t.reward, t.accuracy, t.latencyMs, t.durationMs]).toEqual([e?.status, e?.reward, e?.accuracy, e?.latencyMs, 0]);
    }
    expect(result.paretoFront.every((t) => t.repeatOf === undefined)).toBe(true);
  });

  it('gives the same trials with concurrent evaluations finishing in any order', async () => {
    const straight = await search(options());
    const parallel = await search(
      options({ concurrency: 4, evaluator: toyEvaluator({ delayMs: 12 }), measurer: toyMeasurer({ delayMs: 4 }) }),
    );
    const summary = (ts: typeof straight.trials): unknown[] => ts.map((t) => [t.index, t.tokens, t.reward, t.repeatOf]);
    expect(summary(parallel.trials)).toEqual(summary(straight.trials));
  });

  it('finds repeats of trials read from the journal after a resume, and journals repeatOf', async () => {
    const journal = join(dir, 'resume.jsonl');
    await search(options({ journal, budget: { trials: 5 } }));
    const evaluator = toyEvaluator();
    const resumed = await search(options({ journal, resume: true, evaluator }));
    const before = new Set(resumed.trials.slice(0, 5).map((t) => t.value));
    expect(evaluator.calls.some((v) => before.has(v))).toBe(false);
    expect(new Set(evaluator.calls).size).toBe(evaluator.calls.length);
    const straight = await search(options());
    expect(resumed.trials.map((t) => [t.tokens, t.reward, t.repeatOf])).toEqual(
      straight.trials.map((t) => [t.tokens, t.reward, t.repeatOf]),
    );
    const read = await readJournal(journal);
    expect(read.trials.map((t) => t.repeatOf)).toEqual(straight.trials.map((t) => t.repeatOf));
  });

  it('evaluates every trial with reevaluateRepeats', async () => {
    const evaluator = toyEvaluator();
    const result = await search(options({ evaluator, reevaluateRepeats: true }));
    expect(evaluator.calls).toHaveLength(12);
    expect(result.trials.every((t) => t.repeatOf === undefined)).toBe(true);
  });

  it('rejects a reevaluateRepeats that is not a boolean, naming it', async () => {
    await expect(search(options({ reevaluateRepeats: 'yes' as never }))).rejects.toThrow(InvalidOptionsError);
    await expect(search(options({ reevaluateRepeats: 1 as never }))).rejects.toThrow(/reevaluateRepeats/);
  });
});

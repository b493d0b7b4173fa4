import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, InvalidOptionsError, JournalError, readJournal, search } from '../../src/index.js';
import type { SearchOptions, Trial } from '../../src/index.js';
import { ToyController, toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

function options(extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> {
  const space = toySpace();
  return {
    space,
    controller: new ToyController(space, 3),
    evaluator: toyEvaluator(),
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials: 20 },
    ...extra,
  };
}

const summary = (trials: readonly Trial<string>[]): unknown[] =>
  trials.map((t) => [t.index, t.id, t.tokens, t.status, t.reward, t.accuracy, t.latencyMs]);

describe('search', () => {
  it('returns every trial, the best by reward and the Pareto front of accuracy vs latency', async () => {
    const result = await search(options());
    expect(result.trials.map((t) => t.index)).toEqual([...Array(20).keys()]);
    expect(result.stopReason).toBe('trials');
    const ok = result.trials.filter((t) => t.status === 'ok');
    const maxReward = Math.max(...ok.map((t) => t.reward as number));
    expect(result.best?.reward).toBe(maxReward);
    for (const t of ok) {
      expect(t.reward).toBeCloseTo((t.accuracy as number) * ((t.latencyMs as number) / 10) ** -0.07, 12);
      const dominated = ok.some(
        (u) =>
          (u.accuracy as number) >= (t.accuracy as number) &&
          (u.latencyMs as number) <= (t.latencyMs as number) &&
          (u.accuracy !== t.accuracy || u.latencyMs !== t.latencyMs),
      );
      expect(result.paretoFront.includes(t)).toBe(!dominated && t.repeatOf === undefined);
    }
  });

  it('gives the same trials for the same seed, whatever order concurrent evaluations finish in', async () => {
    const fast = await search(options({ concurrency: 3 }));
    const shuffled = await search(
      options({ concurrency: 3, evaluator: toyEvaluator({ delayMs: 15 }), measurer: toyMeasurer({ delayMs: 5 }) }),
    );
    expect(summary(shuffled.trials)).toEqual(summary(fast.trials));
    const other = await search(options({ controller: new ToyController(toySpace(), 4) }));
    expect(summary(other.trials)).not.toEqual(summary(fast.trials));
  });

  it('records a trial whose evaluation throws as failed, tells the controller, and goes on', async () => {
    const space = toySpace();
    const controller = new ToyController(space, 3);
    const told: unknown[] = [];
    const tell = controller.tell.bind(controller);
    controller.tell = (id, outcome) => {
      told.push(outcome);
      tell(id, outcome);
    };
    const result = await search(options({ controller, evaluator: toyEvaluator({ failOn: (k) => k.startsWith('1') }) }));
    const failed = result.trials.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(result.trials).toHaveLength(20);
    for (const t of failed) {
      expect(t.value.startsWith('1')).toBe(true);
      expect(t.error).toMatch(/^evaluate: EvaluationError: toy evaluation of .* failed$/);
      expect(t.reward).toBeUndefined();
    }
    expect(told.filter((o) => typeof o === 'object' && o !== null && 'failed' in o)).toHaveLength(failed.length);
  });

  it('records a failed measurement without training the candidate', async () => {
    const evaluator = toyEvaluator();
    const result = await search(options({ evaluator, measurer: toyMeasurer({ failOn: (k) => k.startsWith('2') }) }));
    const failed = result.trials.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const t of failed) expect(t.error).toMatch(/^measure: MeasurementError/);
    const evaluated = result.trials.filter((t) => t.status === 'ok' && t.repeatOf === undefined);
    expect(evaluator.calls).toEqual(evaluated.map((t) => t.value));
  });

  it('records a reward function that throws or returns NaN as a failed trial', async () => {
    const result = await search(options({ reward: (m) => (m.accuracy > 0.8 ? Number.NaN : m.accuracy) }));
    for (const t of result.trials) expect(t.status).toBe((t.accuracy as number) > 0.8 ? 'failed' : 'ok');
  });

  it('never overlaps a measurement with another measurement or an evaluation', async () => {
    let evaluating = 0;
    let measuring = 0;
    let overlaps = 0;
    let maxEvaluating = 0;
    const evaluator = toyEvaluator({
      delayMs: 10,
      onEvent: (e) => {
        evaluating += e === 'start' ? 1 : -1;
        maxEvaluating = Math.max(maxEvaluating, evaluating);
        if (measuring > 0) overlaps++;
      },
    });
    const measurer = toyMeasurer({
      delayMs: 6,
      onEvent: (e) => {
        measuring += e === 'start' ? 1 : -1;
        if (measuring > 1 || evaluating > 0) overlaps++;
      },
    });
    await search(options({ concurrency: 4, evaluator, measurer, budget: { trials: 16 } }));
    expect(overlaps).toBe(0);
    expect(maxEvaluating).toBeGreaterThan(1);
  });

  it('stops asking when the wall time is spent', async () => {
    // Every evaluation waits on a timer (>= 1 ms), so 20 trials outlast 1 ms; how many ran depends on the load.
    const result = await search(options({ budget: { trials: 20, wallTimeMs: 1 }, evaluator: toyEvaluator({ delayMs: 20 }) }));
    expect(result.stopReason).toBe('wall-time');
    expect(result.trials.length).toBeLessThan(20);
  });

  it('calls onTrial in proposal order with the progress', async () => {
    const seen: [number, number, number | undefined][] = [];
    await search(
      options({ concurrency: 3, evaluator: toyEvaluator({ delayMs: 10 }), onTrial: (t, p) => seen.push([t.index, p.done, p.total]) }),
    );
    expect(seen.map((s) => s[0])).toEqual([...Array(20).keys()]);
    expect(seen.every((s) => s[2] === 20 && s[1] >= s[0] + 1)).toBe(true);
  });
});

describe('search journal and resume', () => {
  it('writes a header and one line per finished trial', async () => {
    const journal = journalPath();
    const result = await search(options({ journal, meta: { note: 'x' } }));
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      type: 'header',
      version: 1,
      concurrency: 1,
      trials: 20,
      meta: { note: 'x' },
      reward: 'mnas-soft(targetMs=10)',
    });
    expect(
      lines
        .slice(1)
        .map((l) => l.index)
        .sort((a, b) => a - b),
    ).toEqual([...Array(20).keys()]);
    const read = await readJournal<string>(journal);
    expect(summary(read.trials)).toEqual(summary(result.trials));
  });

  it('refuses to overwrite an existing journal unless resuming', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 2 } }));
    await expect(search(options({ journal }))).rejects.toThrow(InvalidOptionsError);
    await expect(search(options({ journal }))).rejects.toMatchObject({ path: ['journal'] });
  });

  it('continues a finished search to a larger budget', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 8 } }));
    const more = await search(options({ journal, resume: true, budget: { trials: 20 } }));
    const straight = await search(options());
    expect(more.resumedTrials).toBe(8);
    expect(summary(more.trials)).toEqual(summary(straight.trials));
  });

  it('resumes after an abort to the same result as an uninterrupted run', async () => {
    for (const [concurrency, snapshotEvery] of [
      [1, 'auto'],
      [3, 'auto'],
      [2, 4],
    ] as const) {
      const journal = journalPath();
      const ac = new AbortController();
      let count = 0;
      const evaluator = toyEvaluator({ delayMs: 8 });
      const first = search(
        options({ journal, concurrency, snapshotEvery, evaluator, signal: ac.signal, onTrial: () => ++count === 7 && ac.abort() }),
      );
      await expect(first).rejects.toThrow(AbortError);
      const partial = await readJournal(journal);
      expect(partial.trials.length).toBeGreaterThanOrEqual(7);
      const evaluator2 = toyEvaluator({ delayMs: 8 });
      const resumed = await search(options({ journal, concurrency, snapshotEvery, resume: true, evaluator: evaluator2 }));
      const journaled = new Set(partial.trials.map((t) => t.index));
      expect(evaluator2.calls).toHaveLength(resumed.trials.filter((t) => !journaled.has(t.index) && t.repeatOf === undefined).length);
      const straight = await search(options({ concurrency }));
      expect(summary(resumed.trials)).toEqual(summary(straight.trials));
    }
  });

  it('replays from the journal alone when the snapshot is missing', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 9 } }));
    rmSync(`${journal}.snapshot.json`);
    const warnings: string[] = [];
    const resumed = await search(options({ journal, resume: true, onWarning: (m) => warnings.push(m) }));
    expect(summary(resumed.trials)).toEqual(summary((await search(options())).trials));
  });

  it('drops and reports a half-written last line, and runs that trial again', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 6 } }));
    appendFileSync(journal, '{"type":"trial","index":6,"id":"t6","tok');
    const warnings: string[] = [];
    const resumed = await search(options({ journal, resume: true, onWarning: (m) => warnings.push(m) }));
    expect(warnings.join('\n')).toMatch(/dropped the half-written last line 8/);
    expect(resumed.trials).toHaveLength(20);
    expect((await readJournal(journal)).trials).toHaveLength(20);
  });

  it('keeps a complete last line whose newline was cut off', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 5 } }));
    writeFileSync(journal, readFileSync(journal, 'utf8').replace(/\n$/, ''));
    const evaluator = toyEvaluator();
    await search(options({ journal, resume: true, evaluator, budget: { trials: 7 } }));
    expect(evaluator.calls).toHaveLength(2);
    expect((await readJournal(journal)).trials.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('throws JournalError naming the line for corruption before the last line', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 5 } }));
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[3] = '{"type":"trial", oops';
    writeFileSync(journal, lines.join('\n'));
    const error = await search(options({ journal, resume: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect(error).toMatchObject({ line: 4 });
    expect((error as Error).message).toMatch(/^Corrupt journal line 4: not valid JSON/);
    await expect(readJournal(journal)).rejects.toMatchObject({ line: 4 });
  });

  it('throws JournalError for a trial recorded twice', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 3 } }));
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    writeFileSync(journal, [...lines, lines[1], ''].join('\n'));
    await expect(readJournal(journal)).rejects.toThrow(/line 5: trial 0 was already recorded at line 2/);
  });

  it('refuses to resume with another space or concurrency', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 3 } }));
    const space = toySpace([4, 4, 3, 6]);
    await expect(search(options({ journal, resume: true, space, controller: new ToyController(space, 3) }))).rejects.toMatchObject({
      path: ['space'],
    });
    await expect(search(options({ journal, resume: true, concurrency: 2 }))).rejects.toMatchObject({ path: ['concurrency'] });
  });

  it('detects a controller that proposes other tokens than the journal holds', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 5 } }));
    rmSync(`${journal}.snapshot.json`);
    const error = await search(options({ journal, resume: true, controller: new ToyController(toySpace(), 99) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).path).toEqual(['controller']);
  });
});

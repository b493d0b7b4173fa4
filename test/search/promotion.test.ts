import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InvalidOptionsError,
  JournalError,
  SuccessiveHalvingPruner,
  SurrogateController,
  readJournal,
  search,
  snapshotPath,
} from '../../src/index.js';
import type { Outcome, SearchOptions, Trial } from '../../src/index.js';
import { MAX_GAIN, modelRanker } from '../../src/search/promotion.js';
import { CURVE_STEPS, ToyController, curveEvaluator, toyMeasurer, toySpace } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-promotion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

const pruner = (): SuccessiveHalvingPruner => new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 3, maxResource: CURVE_STEPS });

/** The fake model: trials whose second token is even are expected to gain `gain` times from a rung to the full budget. */
const gainOf = (tokens: readonly number[], gain = 3): number => ((tokens[1] as number) % 2 === 0 ? gain : 1);

/** ToyController with a fake model and a record of what it was told. */
class FakeModelController extends ToyController {
  readonly outcomes: Outcome[] = [];
  predict(tokens: readonly number[], fidelity: number): { mean: number } {
    return { mean: fidelity < 1 ? 1 / gainOf(tokens) : 1 };
  }
  override tell(id: string, outcome: Outcome): void {
    this.outcomes.push(outcome);
    super.tell(id, outcome);
  }
}

function options(extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> {
  const space = toySpace();
  return {
    space,
    controller: new FakeModelController(space, 3),
    evaluator: curveEvaluator(),
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials: 24 },
    pruner: pruner(),
    reevaluateRepeats: true,
    ...extra,
  };
}

const curveOf = (t: Trial<string>): { step: number; accuracy: number }[] =>
  (t.evaluation as unknown as { curve: { step: number; accuracy: number }[] }).curve;

describe('modelRanker', () => {
  const model = { predict: (t: readonly number[], f: number) => ({ mean: f < 1 ? (t[0] as number) : 2 }) };
  const tokens = new Map<number, number[]>([
    [0, [1]],
    [1, [0.25]],
    [2, [4]],
    [3, [0]],
  ]);
  const ranker = modelRanker(model, (i) => tokens.get(i), 80);

  it('scores a value by the predicted gain to the full budget, bounded by MAX_GAIN, and keeps values it cannot predict', () => {
    const entries = ['0', '1', '2', '3', '9', 'x'].map((trialKey) => ({ trialKey, value: 0.5 }));
    expect(ranker(entries, 20)).toEqual([1, 0.5 * MAX_GAIN, 0.25, 0.5, 0.5, 0.5]);
    // At the full budget there is nothing to gain.
    expect(ranker(entries, 80)).toEqual(entries.map((e) => e.value));
  });
});

describe('search() with promotion by the model', () => {
  it('promotes as the model ranks: the decisions are those of the pruner fed each value times its predicted gain', async () => {
    const result = await search(options({ promotion: 'model' }));
    const replay = pruner();
    for (const t of result.trials) {
      const decisions = curveOf(t).map((p) => replay.report(String(t.index), p.step, p.accuracy * gainOf(t.tokens)));
      expect(t.status).toBe(decisions.at(-1) === 'prune' ? 'pruned' : 'ok');
    }
    const observed = await search(options());
    expect(observed.trials.map((t) => t.status)).not.toEqual(result.trials.map((t) => t.status));
  });

  it('tells and journals a pruned trial with its fidelity, the step over maxResource; a full trial without', async () => {
    const journal = journalPath();
    const controller = new FakeModelController(toySpace(), 3);
    const result = await search(options({ journal, controller, promotion: 'model' }));
    const pruned = result.trials.filter((t) => t.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of result.trials) {
      const expected = t.status === 'pruned' ? (t.evaluation?.extra?.['prunedAtStep'] as number) / CURVE_STEPS : undefined;
      expect(t.fidelity).toBe(expected);
      expect((controller.outcomes[t.index] as { fidelity?: number }).fidelity).toBe(expected);
    }
    const read = await readJournal<string>(journal);
    expect(read.trials.map((t) => t.fidelity)).toEqual(result.trials.map((t) => t.fidelity));
    expect(read.header.pruner?.promotion).toBe('model');
  });

  it("tells a trial's rewards at the rungs it passed before its final result, each at its fidelity", async () => {
    const controller = new FakeModelController(toySpace(), 3);
    const result = await search(options({ controller, budget: { trials: 30 } }));
    const partialsOf = (i: number) =>
      (controller.outcomes[i] as { partialRewards?: { fidelity: number; reward: number }[] }).partialRewards;
    for (const t of result.trials) {
      // The soft reward is the accuracy times a factor of the latency: at a checkpoint, its accuracy times the same factor.
      const factor = (t.reward as number) / (t.accuracy as number);
      const expected = curveOf(t)
        .filter((p) => p.step / CURVE_STEPS < (t.fidelity ?? 1))
        .map((p) => ({ fidelity: p.step / CURVE_STEPS, reward: expect.closeTo(p.accuracy * factor, 12) }));
      if (expected.length === 0) expect(partialsOf(t.index)).toBeUndefined();
      else expect(partialsOf(t.index)).toEqual(expected);
    }
    const full = result.trials.filter((t) => t.status === 'ok');
    expect(full.length).toBeGreaterThan(0);
    for (const t of full) expect(partialsOf(t.index)?.map((p) => p.fidelity)).toEqual([8 / CURVE_STEPS, 24 / CURVE_STEPS]);
    expect(result.trials.some((t) => t.status === 'pruned' && partialsOf(t.index)?.length === 1)).toBe(true);
    // Without a pruner nothing is partial.
    const { pruner: _p, ...unpruned } = options();
    const plain = new FakeModelController(toySpace(), 3);
    await search({ ...unpruned, controller: plain, budget: { trials: 6 } });
    expect(plain.outcomes.every((o) => !('partialRewards' in o))).toBe(true);
  });

  it('tells the same partial rewards to a resumed search, from the journal', async () => {
    const whole = new FakeModelController(toySpace(), 3);
    await search(options({ controller: whole }));
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 12 } }));
    rmSync(snapshotPath(journal)); // every journaled trial is told again from the journal
    const resumed = new FakeModelController(toySpace(), 3);
    await search(options({ journal, controller: resumed, resume: true }));
    expect(resumed.outcomes.some((o) => 'partialRewards' in o)).toBe(true);
    expect(resumed.outcomes).toEqual(whole.outcomes);
  });

  it('resumes a journal with partial results exactly, with SurrogateController ranking the rungs', async () => {
    const space = toySpace();
    const make = (): SearchOptions<string> =>
      options({
        space,
        controller: new SurrogateController(space, { seed: 5, initialTrials: 4, trees: 8, candidates: 60 }),
        promotion: 'model',
        budget: { trials: 30 },
      });
    const whole = await search(make());
    expect(whole.trials.some((t) => t.status === 'pruned' && t.index > 10)).toBe(true);
    const journal = journalPath();
    await search({ ...make(), journal, budget: { trials: 13 } });
    const resumed = await search({ ...make(), journal, resume: true });
    const summary = (ts: readonly Trial<string>[]) => ts.map((t) => [t.tokens, t.status, t.reward, t.fidelity]);
    expect(summary(resumed.trials)).toEqual(summary(whole.trials));
  });

  it('resumes exactly after an abort in the middle of a trial, between two rungs', async () => {
    const space = toySpace();
    const make = (evaluator = curveEvaluator()): SearchOptions<string> =>
      options({
        space,
        evaluator,
        controller: new SurrogateController(space, { seed: 6, initialTrials: 4, trees: 8, candidates: 60 }),
        promotion: 'model',
        budget: { trials: 24 },
      });
    const whole = await search(make());
    const journal = journalPath();
    const stop = new AbortController();
    const inner = curveEvaluator();
    let evaluations = 0;
    // The 15th evaluation is aborted at its first checkpoint: past rung 8, before rung 24.
    const stopping: typeof inner = {
      ...inner,
      evaluate: (key, opts) => {
        const mine = ++evaluations === 15;
        const onProgress: NonNullable<typeof opts>['onProgress'] = (p) => {
          opts?.onProgress?.(p);
          if (mine) stop.abort();
        };
        return inner.evaluate(key, { ...opts, onProgress });
      },
    };
    await expect(search({ ...make(stopping), journal, signal: stop.signal })).rejects.toThrow(/aborted/);
    expect((await readJournal<string>(journal)).trials).toHaveLength(14);
    const resumed = await search({ ...make(), journal, resume: true });
    const summary = (ts: readonly Trial<string>[]) => ts.map((t) => [t.tokens, t.status, t.reward, t.fidelity]);
    expect(summary(resumed.trials)).toEqual(summary(whole.trials));
  });

  it('resumes a journal written before fidelities: its pruned trials are told as they were, new ones with their fidelity', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 12 } }));
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    const old = lines.map((line) => {
      const { fidelity: _f, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    });
    writeFileSync(journal, `${old.join('\n')}\n`);
    rmSync(snapshotPath(journal)); // every journaled trial is told again from the journal
    const controller = new FakeModelController(toySpace(), 3);
    const resumed = await search(options({ journal, controller, resume: true, budget: { trials: 24 } }));
    const told = controller.outcomes as { fidelity?: number }[];
    expect(told).toHaveLength(24);
    expect(told.slice(0, 12).every((o) => o.fidelity === undefined)).toBe(true);
    const later = resumed.trials.filter((t) => t.index >= 12 && t.status === 'pruned');
    expect(later.length).toBeGreaterThan(0);
    for (const t of later) expect(told[t.index]?.fidelity).toBe(t.fidelity);
  });

  it('refuses to resume with another promotion, naming pruner', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 3 } }));
    const error = await search(options({ journal, resume: true, promotion: 'model' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).path).toEqual(['pruner']);
  });

  it('reads the promotion of a journal header, and refuses one no search writes, naming pruner', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 2 }, promotion: 'model' }));
    const [head, ...rest] = readFileSync(journal, 'utf8').split('\n');
    writeFileSync(journal, [(head as string).replace('"promotion":"model"', '"promotion":"best"'), ...rest].join('\n'));
    const error = await readJournal(journal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).path).toEqual(['pruner']);
  });

  it('validates promotion: a known value, with a pruner that has a full budget and a controller with predict()', async () => {
    const space = toySpace();
    const { pruner: _p, ...withoutPruner } = options({ promotion: 'model' });
    const cases: [SearchOptions<string>, string][] = [
      [options({ promotion: 'best' as 'model' }), 'promotion'],
      [withoutPruner, 'promotion'],
      [options({ promotion: 'model', pruner: new SuccessiveHalvingPruner({ minResource: 8 }) }), 'pruner'],
      [options({ promotion: 'model', controller: new ToyController(space, 1) }), 'controller'],
    ];
    for (const [o, path] of cases) {
      const error = await search(o).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect((error as InvalidOptionsError).path).toEqual([path]);
    }
  });
});

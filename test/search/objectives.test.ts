import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError, JournalError, NsgaIIController, readJournal, search } from '../../src/index.js';
import type { Outcome, SearchOptions } from '../../src/index.js';
import { paretoTrials } from '../../src/search/index.js';
import { ToyController, toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-objectives-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

const OBJECTIVES = [
  { name: 'accuracy', direction: 'maximize' },
  { name: 'latencyMs', direction: 'minimize' },
] as const;

class SpyController extends ToyController {
  readonly outcomes: Outcome[] = [];
  override tell(id: string, outcome: Outcome): void {
    this.outcomes.push(outcome);
    super.tell(id, outcome);
  }
}

function options(extra: Partial<SearchOptions<string>> = {}) {
  const space = toySpace();
  const controller = new SpyController(space, 5);
  const o: SearchOptions<string> = {
    space,
    controller,
    evaluator: toyEvaluator(),
    measurer: toyMeasurer(),
    objectives: OBJECTIVES,
    budget: { trials: 24 },
    ...extra,
  };
  return { o, controller };
}

describe('search with objectives', () => {
  it("journals each trial's vector and violation, tells them to the controller, and returns the feasible front over them", async () => {
    const journal = journalPath();
    const { o, controller } = options({ journal, constraint: (m) => Math.max(0, (m.latencyMs as number) / 10 - 1) });
    const result = await search(o);
    expect(result.trials).toHaveLength(24);
    for (const [i, t] of result.trials.entries()) {
      expect(t.objectives).toEqual([t.accuracy, t.latencyMs]);
      expect(t.violation).toBe(Math.max(0, (t.latencyMs as number) / 10 - 1));
      expect(controller.outcomes[i]).toEqual({ reward: t.reward, objectives: t.objectives, violation: t.violation });
    }
    // Without reward or targetMs, the reward is the first objective.
    expect(result.trials.every((t) => t.reward === t.accuracy)).toBe(true);
    const feasible = result.trials.filter((t) => t.violation === 0);
    expect(feasible.length).toBeGreaterThan(0);
    expect(feasible.length).toBeLessThan(24);
    // The front: feasible trials that no feasible trial beats on both (checked by brute force).
    const dominated = (a: (typeof feasible)[number]) =>
      feasible.some(
        (b) =>
          (b.accuracy as number) >= (a.accuracy as number) &&
          (b.latencyMs as number) <= (a.latencyMs as number) &&
          ((b.accuracy as number) > (a.accuracy as number) || (b.latencyMs as number) < (a.latencyMs as number)),
      );
    expect(result.paretoFront.map((t) => t.index)).toEqual(feasible.filter((t) => !dominated(t)).map((t) => t.index));
    expect(result.paretoFront.every((t) => t.violation === 0)).toBe(true);
    const contents = await readJournal<string>(journal);
    expect(contents.header.objectives).toEqual(OBJECTIVES);
    expect(contents.header.constrained).toBe(true);
    expect(contents.trials.map((t) => t.objectives)).toEqual(result.trials.map((t) => t.objectives));
    expect(paretoTrials(contents.trials, contents.header.objectives).map((t) => t.index)).toEqual(result.paretoFront.map((t) => t.index));
  });

  it('resumes with the same objectives and refuses others', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 6 } }).o);
    const resumed = await search(options({ journal, resume: true, budget: { trials: 10 } }).o);
    expect(resumed.trials).toHaveLength(10);
    expect(resumed.trials.every((t) => t.objectives?.length === 2)).toBe(true);
    const other = options({ journal, resume: true, objectives: [{ name: 'accuracy', direction: 'maximize' }] }).o;
    await expect(search(other)).rejects.toThrow(JournalError);
    await expect(search(other)).rejects.toThrow(
      /objectives accuracy \(maximize\) differ from the journal's accuracy \(maximize\), latencyMs \(minimize\)/,
    );
    await expect(search(options({ journal, resume: true, constraint: () => 0 }).o)).rejects.toThrow(
      /has a constraint, the journal's has none/,
    );
  });

  it('fails a trial whose objective is not finite, and goes on', async () => {
    let calls = 0;
    const { o } = options({
      objectives: [
        { name: 'accuracy', direction: 'maximize' },
        { name: 'odd', direction: 'minimize', value: () => (calls++ === 1 ? Number.NaN : 1) },
      ],
      budget: { trials: 3 },
    });
    const result = await search(o);
    expect(result.trials.map((t) => t.status)).toEqual(['ok', 'failed', 'ok']);
    expect(result.trials[1]?.error).toBe('objectives: Error: objective odd is NaN, expected a finite number');
  });

  it('drives NsgaIIController end to end', async () => {
    const space = toySpace();
    const result = await search({
      space,
      controller: new NsgaIIController(space, { seed: 3, directions: ['maximize', 'minimize'], populationSize: 6 }),
      evaluator: toyEvaluator(),
      measurer: toyMeasurer(),
      objectives: OBJECTIVES,
      budget: { trials: 30 },
    });
    expect(result.trials.filter((t) => t.status === 'ok')).toHaveLength(30);
    expect(result.paretoFront.length).toBeGreaterThan(0);
  });

  it('refuses bad objectives and a constraint without objectives, naming the field', async () => {
    const bad = async (extra: Partial<SearchOptions<string>>, message: RegExp) => {
      const { o } = options(extra);
      await expect(search(o)).rejects.toThrow(InvalidOptionsError);
      await expect(search(o)).rejects.toThrow(message);
    };
    await bad({ objectives: [] }, /objectives: expected an array of 1 to 16/);
    await bad(
      { objectives: [{ name: 'accuracy', direction: 'up' as never }] },
      /objectives\[0\]\.direction: expected "maximize" or "minimize"/,
    );
    await bad({ objectives: [{ name: 'params', direction: 'minimize' }] }, /objectives\[0\]\.value: expected a function/);
    await bad(
      { objectives: [...OBJECTIVES, { name: 'accuracy', direction: 'maximize' }] },
      /objectives\[2\]\.name: expected a name not used/,
    );
    await bad({ objectives: undefined as never, targetMs: 10, constraint: () => 0 }, /constraint: expected objectives beside it/);
  });
});

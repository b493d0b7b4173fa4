import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError, JournalError, SuccessiveHalvingPruner, readJournal, search } from '../../src/index.js';
import type { Outcome, SearchOptions, Trial } from '../../src/index.js';
import { CURVE_STEPS, ToyController, curveEvaluator, toyMeasurer, toySpace } from './doubles.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-pruner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const journalPath = (): string => join(dir, `j${n++}.jsonl`);

const STEPS = CURVE_STEPS;

const pruner = (): SuccessiveHalvingPruner => new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 3, maxResource: STEPS });

function options(extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> {
  const space = toySpace();
  return {
    space,
    controller: new ToyController(space, 3),
    evaluator: curveEvaluator(),
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials: 16 },
    pruner: pruner(),
    // Every trial evaluated, repeated candidates included, so the pruner sees each one.
    reevaluateRepeats: true,
    ...extra,
  };
}

const summary = (trials: readonly Trial<string>[]): unknown[] => trials.map((t) => [t.index, t.value, t.status, t.reward, t.accuracy]);

describe('search() with a pruner', () => {
  it('stops weak trials, journals them as pruned with their curve, and tells the controller their reward', async () => {
    const journal = journalPath();
    const space = toySpace();
    const controller = new ToyController(space, 3);
    const told: Outcome[] = [];
    const tell = controller.tell.bind(controller);
    controller.tell = (id, outcome) => {
      told.push(outcome);
      tell(id, outcome);
    };
    const evaluator = curveEvaluator();
    const result = await search(options({ journal, space, controller, evaluator }));
    const pruned = result.trials.filter((t) => t.status === 'pruned');
    const ok = result.trials.filter((t) => t.status === 'ok');
    expect(pruned.length).toBeGreaterThan(4);
    expect(ok.length).toBeGreaterThan(0);
    expect(pruned.length + ok.length).toBe(16);
    // Pruned trials trained less: the evaluator stopped at a checkpoint.
    expect(evaluator.stepsTrained).toBeLessThan(16 * STEPS);
    for (const t of pruned) {
      const step = t.evaluation?.extra?.['prunedAtStep'];
      expect([8, 24]).toContain(step);
      expect((t.evaluation as unknown as { curve: { step: number }[] }).curve.at(-1)?.step).toBe(step);
      expect(Number.isFinite(t.reward)).toBe(true);
    }
    // Every trial, pruned ones included, is told a reward, never a failure.
    expect(told).toHaveLength(16);
    expect(told.every((o) => 'reward' in o && Number.isFinite(o.reward))).toBe(true);
    // Best and front consider completed trials only.
    expect(result.best?.status).toBe('ok');
    expect(result.paretoFront.every((t) => t.status === 'ok')).toBe(true);
    // The journal holds the same, read back through the checked reader, and records the pruner.
    const read = await readJournal<string>(journal);
    expect(summary(read.trials)).toEqual(summary(result.trials));
    expect(read.header.pruner?.kind).toBe(pruner().snapshot().kind);
  });

  it('resumes with the rungs rebuilt from the journal: the same trials pruned as an uninterrupted run', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 7 } }));
    const evaluator = curveEvaluator();
    const resumed = await search(options({ journal, resume: true, evaluator }));
    expect(evaluator.calls).toHaveLength(9);
    const uninterrupted = await search(options());
    expect(summary(resumed.trials)).toEqual(summary(uninterrupted.trials));
    expect(resumed.trials.some((t) => t.index >= 7 && t.status === 'pruned')).toBe(true);
  });

  it('refuses to resume with another pruner, or without one, naming pruner', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 3 } }));
    const other = new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 2, maxResource: STEPS });
    const { pruner: _, ...withoutPruner } = options({ journal, resume: true });
    for (const resumed of [options({ journal, resume: true, pruner: other }), withoutPruner]) {
      const error = await search(resumed).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JournalError);
      expect((error as JournalError).path).toEqual(['pruner']);
      expect((error as Error).message).toMatch(/the pruner .* differs from the journal's/);
    }
  });

  it('warns once when the evaluator reports no checkpoint, and prunes nothing', async () => {
    const warnings: string[] = [];
    const result = await search(options({ evaluator: curveEvaluator([]), onWarning: (m) => warnings.push(m) }));
    expect(result.trials.every((t) => t.status === 'ok')).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/reported no checkpoint/);
  });

  it('rejects a pruner that is not one', async () => {
    const error = await search(options({ pruner: { report: () => 'continue' } as never })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).path).toEqual(['pruner']);
  });

  it('refuses a journaled pruned trial without its curve, naming the line and the field', async () => {
    const journal = journalPath();
    await search(options({ journal, budget: { trials: 12 } }));
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    const at = lines.findIndex((l) => l.includes('"status":"pruned"'));
    expect(at).toBeGreaterThan(0);
    const record = JSON.parse(lines[at] as string) as { evaluation: { curve?: unknown } };
    record.evaluation.curve = [];
    lines[at] = JSON.stringify(record);
    writeFileSync(journal, `${lines.join('\n')}\n`);
    const error = await readJournal(journal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toContain(`at line ${at + 1}, field evaluation.curve`);
  });
});

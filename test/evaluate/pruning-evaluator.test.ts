import { describe, expect, it } from 'vitest';
import { AbortError, EvaluationError, InvalidOptionsError, throwIfAborted } from '../../src/errors.js';
import type { AccuracyEvaluator, EvaluateOptions, EvaluationProgress, EvaluationResult } from '../../src/evaluate/index.js';
import { type Pruner, SuccessiveHalvingPruner, prunedEvaluator, replayCurves } from '../../src/evaluate/pruning/index.js';

/** A fake trial: its accuracy at each step is `quality * step / steps`; checkpoints at 2, 4, 6, 8. */
interface Fake {
  readonly quality: number;
  /** Throw an EvaluationError at this step. */
  readonly failAt?: number;
  /** Report a checkpoint without its step. */
  readonly stepless?: boolean;
}

const STEPS = 8;
const CHECKPOINTS = new Set([2, 4, 6, 8]);

/** Trains nothing: counts steps, honours its signal between steps (or not, with `ignoreAbort`), and reports checkpoints. */
class FakeEvaluator implements AccuracyEvaluator<Fake> {
  /** Steps each call ran, in call order. */
  readonly ran: number[] = [];
  constructor(private readonly ignoreAbort = false) {}

  async evaluate(fake: Fake, options: EvaluateOptions = {}): Promise<EvaluationResult> {
    const call = this.ran.push(0) - 1;
    for (let step = 1; step <= STEPS; step++) {
      await Promise.resolve();
      if (!this.ignoreAbort) throwIfAborted(options.signal);
      this.ran[call] = step;
      if (step === fake.failAt) throw new EvaluationError(`fake failure at step ${step}`);
      const accuracy = (fake.quality * step) / STEPS;
      const progress: EvaluationProgress = CHECKPOINTS.has(step)
        ? fake.stepless
          ? { fraction: step / STEPS, accuracy }
          : { fraction: step / STEPS, step, accuracy }
        : { fraction: step / STEPS, step };
      options.onProgress?.(progress);
    }
    return { accuracy: fake.quality, steps: STEPS, loss: 0.5, extra: { dataset: 'fake' } };
  }
}

/** A clock that advances 10 ms per reading. */
function fakeClock(): () => number {
  let t = 0;
  return () => (t += 10);
}

const newPruner = () => new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2, minTrialsAtRung: 2, maxResource: STEPS });

describe('prunedEvaluator', () => {
  it('lets a trial run to the end, forwarding its progress, with its curve and extra.pruned false', async () => {
    const fake = new FakeEvaluator();
    const evaluator = prunedEvaluator(fake, newPruner());
    const progress: EvaluationProgress[] = [];
    const result = await evaluator.evaluate({ quality: 0.8 }, { onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result).toEqual({
      accuracy: 0.8,
      steps: STEPS,
      loss: 0.5,
      curve: [2, 4, 6, 8].map((step) => ({ step, accuracy: (0.8 * step) / STEPS })),
      extra: { dataset: 'fake', pruned: false },
    });
    expect(() => evaluator.pruner.report('0', 9, 0.9)).toThrow(/completed/);
  });

  it('aborts a trial the pruner stops and resolves with the last checkpoint, its step and the curve', async () => {
    const fake = new FakeEvaluator();
    const evaluator = prunedEvaluator(fake, newPruner(), { now: fakeClock() });
    await evaluator.evaluate({ quality: 0.8 });
    const progress: EvaluationProgress[] = [];
    const result = await evaluator.evaluate({ quality: 0.4 }, { onProgress: (p) => progress.push(p) });
    expect(result).toEqual({
      accuracy: 0.1,
      steps: 2,
      wallMs: 10,
      curve: [{ step: 2, accuracy: 0.1 }],
      extra: { pruned: true, prunedAtStep: 2 },
    });
    expect(progress.map((p) => p.step)).toEqual([1, 2]);
    expect(fake.ran).toEqual([8, 2]);
    expect(() => evaluator.pruner.report('1', 3, 0.9)).toThrow(/completed/);
  });

  it('prunes at a later rung, keeping the curve up to it', async () => {
    const fake = new FakeEvaluator();
    const pruner = new SuccessiveHalvingPruner({ minResource: 4, reductionFactor: 2, minTrialsAtRung: 2, maxResource: STEPS });
    const evaluator = prunedEvaluator(fake, pruner);
    await evaluator.evaluate({ quality: 0.8 });
    const result = await evaluator.evaluate({ quality: 0.6 });
    expect(result.curve).toEqual([
      { step: 2, accuracy: 0.15 },
      { step: 4, accuracy: 0.3 },
    ]);
    expect(result.extra).toEqual({ pruned: true, prunedAtStep: 4 });
    expect(fake.ran).toEqual([8, 4]);
  });

  it('resolves as pruned even when the inner evaluator ignores the abort and finishes', async () => {
    const fake = new FakeEvaluator(true);
    const evaluator = prunedEvaluator(fake, newPruner());
    await evaluator.evaluate({ quality: 0.8 });
    const result = await evaluator.evaluate({ quality: 0.4 });
    expect(fake.ran).toEqual([8, 8]);
    expect(result).toMatchObject({ accuracy: 0.1, steps: 2, extra: { pruned: true, prunedAtStep: 2 } });
    expect(result.curve).toHaveLength(1);
  });

  it('rejects with AbortError when the caller aborts, and the pruner forgets the trial', async () => {
    const pruner = newPruner();
    const evaluator = prunedEvaluator(new FakeEvaluator(), pruner);
    const controller = new AbortController();
    const run = evaluator.evaluate({ quality: 0.9 }, { signal: controller.signal, onProgress: (p) => p.step === 3 && controller.abort() });
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(pruner.rungValues(0)).toEqual([]);
    await expect(evaluator.evaluate({ quality: 0.9 }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('passes no report on after the caller aborts, even from an inner evaluator that ignores the abort', async () => {
    const reported: string[] = [];
    const pruner = newPruner();
    const spy: Pruner = {
      report: (key, step, accuracy) => {
        reported.push(`${key}@${step}`);
        return pruner.report(key, step, accuracy);
      },
      complete: (key) => pruner.complete(key),
      forget: (key) => pruner.forget(key),
      rungSteps: (maxStep) => pruner.rungSteps(maxStep),
      snapshot: () => pruner.snapshot(),
      restore: (snapshot) => pruner.restore(snapshot),
    };
    const evaluator = prunedEvaluator(new FakeEvaluator(true), spy);
    const controller = new AbortController();
    const seen: number[] = [];
    const onProgress = (p: EvaluationProgress): void => {
      seen.push(p.step as number);
      if (p.step === 3) controller.abort();
    };
    await expect(evaluator.evaluate({ quality: 0.9 }, { signal: controller.signal, onProgress, trialKey: 'a' })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(reported).toEqual(['a@2']);
    expect(pruner.rungValues(0)).toEqual([]);
  });

  it('rejects with the inner error when the evaluation fails, and the pruner forgets the trial', async () => {
    const pruner = newPruner();
    const evaluator = prunedEvaluator(new FakeEvaluator(), pruner);
    await expect(evaluator.evaluate({ quality: 0.9, failAt: 5 }, { trialKey: 'x' })).rejects.toThrow('fake failure at step 5');
    expect(pruner.rungValues(0)).toEqual([]);
    expect(pruner.report('x', 2, 0.5)).toBe('continue');
  });

  it('rejects with EvaluationError for a checkpoint without a step, and stops the inner evaluation', async () => {
    const fake = new FakeEvaluator();
    const error = await prunedEvaluator(fake, newPruner())
      .evaluate({ quality: 0.9, stepless: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as Error).message).toMatchInlineSnapshot(
      `"A checkpoint of trial 0 has accuracy 0.225 but no step: expected the step it was measured at"`,
    );
    expect(fake.ran).toEqual([2]);
  });

  it('keys trials by call count unless given a trialKey, and a reused key fails', async () => {
    const pruner = newPruner();
    const evaluator = prunedEvaluator(new FakeEvaluator(), pruner);
    await evaluator.evaluate({ quality: 0.5 });
    await evaluator.evaluate({ quality: 0.5 }, { trialKey: 'seven' });
    await evaluator.evaluate({ quality: 0.5 });
    expect(pruner.snapshot()['trials']).toEqual([
      ['0', expect.anything()],
      ['seven', expect.anything()],
      ['2', expect.anything()],
    ]);
    await expect(evaluator.evaluate({ quality: 0.5 }, { trialKey: 'seven' })).rejects.toThrow(/completed/);
  });

  it('journaled results rebuild the pruner: the resumed search decides the next trial as the uninterrupted one', async () => {
    const qualities = [0.8, 0.5, 0.9, 0.3, 0.7, 0.6];
    const live = prunedEvaluator(new FakeEvaluator(), newPruner(), { now: fakeClock() });
    const journal: string[] = [];
    for (const [i, quality] of qualities.entries())
      journal.push(JSON.stringify({ index: i, evaluation: await live.evaluate({ quality }) }));
    const resumed = prunedEvaluator(new FakeEvaluator(), newPruner(), { now: fakeClock() });
    replayCurves(
      resumed.pruner,
      journal
        .map((line) => JSON.parse(line) as { index: number; evaluation: { curve: { step: number; accuracy: number }[] } })
        .map((t) => ({ trialKey: String(t.index), curve: t.evaluation.curve })),
    );
    const pruned: unknown[] = [];
    for (const quality of [0.55, 0.95]) {
      const key = String(journal.length);
      journal.push('next');
      const result = await resumed.evaluate({ quality }, { trialKey: key });
      expect(result).toEqual(await live.evaluate({ quality }, { trialKey: key }));
      pruned.push(result.extra['pruned']);
    }
    expect(pruned).toEqual([true, false]);
  });

  it('throws InvalidOptionsError for bad options and trial keys', async () => {
    expect(() => prunedEvaluator(new FakeEvaluator(), newPruner(), { now: 5 as never })).toThrow(InvalidOptionsError);
    expect(() => prunedEvaluator(new FakeEvaluator(), newPruner(), { clock: 5 } as never)).toThrow(InvalidOptionsError);
    await expect(prunedEvaluator(new FakeEvaluator(), newPruner()).evaluate({ quality: 1 }, { trialKey: '' })).rejects.toThrow(
      InvalidOptionsError,
    );
  });
});

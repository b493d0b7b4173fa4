import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvaluationError, InvalidOptionsError } from '../../src/errors.js';
import { HyperbandPruner, type RungEntry, type RungRanker, SuccessiveHalvingPruner } from '../../src/evaluate/pruning/index.js';

const SEED = { seed: 20261207 };

/** A fake model: the full-budget value of trial k is its value times `gain[k]`. */
const scaled =
  (gain: Readonly<Record<string, number>>): RungRanker =>
  (entries) =>
    entries.map((e) => e.value * (gain[e.trialKey] ?? 1));

describe('SuccessiveHalvingPruner.rankWith', () => {
  it('promotes by the ranker: a low value the model expects to gain most passes, a higher one is pruned', () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 2, maxResource: 64, minTrialsAtRung: 2 });
    pruner.rankWith(scaled({ slow: 3 }));
    expect(pruner.report('fast', 8, 0.6)).toBe('continue');
    // Observed 0.4 < 0.6, but expected 1.2 at the full budget: slow is the best of two, fast's entry stays.
    expect(pruner.report('slow', 8, 0.4)).toBe('continue');
    expect(pruner.report('mid', 8, 0.5)).toBe('prune');
    // Without the ranker, the same reports keep fast and prune slow.
    const plain = new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 2, maxResource: 64, minTrialsAtRung: 2 });
    expect(['fast', 'slow', 'mid'].map((k, i) => plain.report(k, 8, [0.6, 0.4, 0.5][i] as number))).toEqual(['continue', 'prune', 'prune']);
  });

  it('asks the ranker with every value the rung holds and the rung step', () => {
    const seen: [RungEntry[], number][] = [];
    const pruner = new SuccessiveHalvingPruner({ minResource: 4, reductionFactor: 2, maxResource: 32, minTrialsAtRung: 1 });
    pruner.rankWith((entries, step) => {
      seen.push([entries.map((e) => ({ ...e })), step]);
      return entries.map((e) => e.value);
    });
    pruner.report('0', 4, 0.3);
    pruner.report('1', 9, 0.5);
    expect(seen).toEqual([
      [[{ trialKey: '0', value: 0.3 }], 4],
      [
        [
          { trialKey: '0', value: 0.3 },
          { trialKey: '1', value: 0.5 },
        ],
        4,
      ],
      [[{ trialKey: '1', value: 0.5 }], 8],
    ]);
  });

  it('decides as without a ranker when the ranker returns the values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(7), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 50 }), (reports) => {
        const a = new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2, maxResource: 64 });
        const b = new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2, maxResource: 64 });
        b.rankWith((entries) => entries.map((e) => e.value));
        const steps = new Map<number, number>();
        for (const [trial, value] of reports) {
          const step = (steps.get(trial) ?? 1) * 2;
          steps.set(trial, step);
          expect(b.report(String(trial), step, value)).toBe(a.report(String(trial), step, value));
        }
        expect(b.snapshot()).toEqual(a.snapshot());
      }),
      SEED,
    );
  });

  it('fails the report with EvaluationError when the ranker answers badly, and refuses a ranker that is not a function', () => {
    for (const bad of [() => [], () => [Number.NaN], () => 'x']) {
      const pruner = new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 2, minTrialsAtRung: 1 });
      pruner.rankWith(bad as unknown as RungRanker);
      expect(() => pruner.report('0', 8, 0.5)).toThrow(EvaluationError);
    }
    const pruner = new SuccessiveHalvingPruner();
    expect(() => pruner.rankWith(42 as unknown as RungRanker)).toThrow(InvalidOptionsError);
  });

  it('ranks every Hyperband bracket, also after a restore; undefined ranks by the values again', () => {
    const options = { minResource: 4, reductionFactor: 2, maxResource: 32, minTrialsAtRung: 1 };
    const calls: number[] = [];
    const ranker: RungRanker = (entries, step) => {
      calls.push(step);
      return entries.map((e) => e.value);
    };
    const a = new HyperbandPruner(options);
    a.rankWith(ranker);
    for (let k = 0; k < 40; k++) a.report(String(k), 32, k / 40);
    const b = new HyperbandPruner(options);
    b.rankWith(ranker);
    b.restore(a.snapshot());
    const before = calls.length;
    for (let k = 40; k < 60; k++) b.report(String(k), 32, k / 60);
    expect(calls.length).toBeGreaterThan(before);
    b.rankWith(undefined);
    const after = calls.length;
    for (let k = 60; k < 80; k++) b.report(String(k), 32, k / 80);
    expect(calls.length).toBe(after);
  });
});

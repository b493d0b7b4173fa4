import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvaluationError, InvalidOptionsError } from '../../src/errors.js';
import {
  type PruneDecision,
  SuccessiveHalvingPruner,
  replayCurves,
  resolveSuccessiveHalvingPrunerOptions,
} from '../../src/evaluate/pruning/index.js';

const SEED = { seed: 20261203 };

/** Distinct values (shuffled integers scaled into [0, 1)). */
const distinct = (min: number, max: number) =>
  fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: min, maxLength: max }).map((xs) => xs.map((x) => x / 10_001));

/** Rank (1 = best) of `values[i]` among `values[0..i]`, for maximize. */
function rankSoFar(values: readonly number[], i: number): number {
  const v = values[i] as number;
  return values.slice(0, i + 1).filter((x) => x > v).length + 1;
}

describe('SuccessiveHalvingPruner', () => {
  it('places rungs at minResource * eta^(s + k), below maxResource', () => {
    expect(new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 3 }).rungSteps(128)).toEqual([8, 24, 72]);
    expect(new SuccessiveHalvingPruner({ minResource: 8, reductionFactor: 3, maxResource: 72 }).rungSteps(1000)).toEqual([8, 24]);
    expect(new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2, minEarlyStoppingRate: 2 }).rungSteps(64)).toEqual([8, 16, 32]);
    expect(new SuccessiveHalvingPruner({ minResource: 8 }).rungSteps(8)).toEqual([]);
  });

  it('never prunes before the first rung', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.array(fc.tuple(fc.nat(5), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 60 }),
        (first, reports) => {
          const pruner = new SuccessiveHalvingPruner({ minResource: first, reductionFactor: 2, minTrialsAtRung: 1 });
          const steps = new Map<number, number>();
          for (const [trial, value] of reports) {
            const step = (steps.get(trial) ?? 0) + 1;
            if (step >= first) continue;
            steps.set(trial, step);
            expect(pruner.report(String(trial), step, value)).toBe('continue');
          }
        },
      ),
      SEED,
    );
  });

  it('passes a trial at a rung exactly when it is among the best max(1, floor(n / eta)) of the n values there', () => {
    fc.assert(
      fc.property(distinct(1, 40), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 6 }), (values, eta, minTrials) => {
        const pruner = new SuccessiveHalvingPruner({ minResource: 4, reductionFactor: eta, minTrialsAtRung: minTrials });
        values.forEach((value, i) => {
          const n = i + 1;
          const expected = n < minTrials || rankSoFar(values, i) <= Math.max(1, Math.floor(n / eta)) ? 'continue' : 'prune';
          expect(pruner.report(`t${i}`, 4, value)).toBe(expected);
        });
        expect(pruner.rungValues(0)).toEqual(values);
      }),
      SEED,
    );
  });

  it('with eta = 2 lets through about half of a rung in random orders, none but the first in falling order, and every trial in rising order', () => {
    let passed = 0;
    let total = 0;
    fc.assert(
      fc.property(distinct(20, 60), (values) => {
        const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2, minTrialsAtRung: 2 });
        const decisions = values.map((v, i) => pruner.report(String(i), 1, v));
        // At decision time each passer was in the top half of the rung (the bound ASHA guarantees).
        decisions.forEach(
          (d, i) => d === 'continue' && i > 0 && expect(rankSoFar(values, i)).toBeLessThanOrEqual(Math.max(1, Math.floor((i + 1) / 2))),
        );
        passed += decisions.filter((d) => d === 'continue').length;
        total += values.length;
      }),
      { ...SEED, numRuns: 200 },
    );
    // Trial i passes with probability floor(i / 2) / i in a random order: about half overall (pinned seed).
    expect(passed / total).toBeGreaterThan(0.45);
    expect(passed / total).toBeLessThan(0.55);
    const falling = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
    expect([0.9, 0.8, 0.7, 0.6, 0.5].map((v, i) => falling.report(String(i), 1, v))).toEqual([
      'continue',
      'prune',
      'prune',
      'prune',
      'prune',
    ]);
    const rising = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
    expect([0.5, 0.6, 0.7, 0.8, 0.9].map((v, i) => rising.report(String(i), 1, v))).toEqual(Array(5).fill('continue'));
  });

  it('records a report past several rungs at each, and stays pruned', () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2, minTrialsAtRung: 1 });
    expect(pruner.report('a', 8, 0.9)).toBe('continue');
    expect([0, 1, 2].map((k) => pruner.rungValues(k))).toEqual([[0.9], [0.9], [0.9]]);
    expect(pruner.report('b', 2, 0.5)).toBe('prune');
    expect(pruner.report('b', 4, 0.95)).toBe('prune');
    expect(pruner.rungValues(1)).toEqual([0.9, 0.95]);
  });

  it('prunes the highest values when minimizing', () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2, minTrialsAtRung: 1, direction: 'minimize' });
    expect([0.5, 0.7, 0.3, 0.6].map((v, i) => pruner.report(String(i), 1, v))).toEqual(['continue', 'prune', 'continue', 'prune']);
  });

  it('decides the same when fed the same reports in the same order', () => {
    fc.assert(
      fc.property(reportSequence(), (reports) => {
        expect(decide(new SuccessiveHalvingPruner(OPTIONS), reports)).toEqual(decide(new SuccessiveHalvingPruner(OPTIONS), reports));
      }),
      SEED,
    );
  });

  it('continues identically after a JSON round trip through snapshot and restore', () => {
    fc.assert(
      fc.property(reportSequence(), fc.nat(), (reports, cut) => {
        const at = reports.length === 0 ? 0 : cut % reports.length;
        const live = new SuccessiveHalvingPruner(OPTIONS);
        decide(live, reports.slice(0, at));
        const restored = new SuccessiveHalvingPruner(OPTIONS);
        restored.restore(JSON.parse(JSON.stringify(live.snapshot())));
        expect(restored.snapshot()).toEqual(live.snapshot());
        expect(decide(restored, reports.slice(at))).toEqual(decide(live, reports.slice(at)));
      }),
      SEED,
    );
  });

  it('rebuilt by replaying finished curves in any order, decides new trials as the live pruner does', () => {
    fc.assert(
      fc.property(distinct(2, 30), distinct(1, 10), fc.nat(), (finished, fresh, shift) => {
        const live = new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2 });
        const curves = finished.map((v, i) => {
          const curve = [{ step: 2, accuracy: v }];
          if (live.report(String(i), 2, v) === 'continue') {
            curve.push({ step: 4, accuracy: Math.min(1, v + 0.01) });
            live.report(String(i), 4, Math.min(1, v + 0.01));
          }
          live.complete(String(i));
          return { trialKey: String(i), curve };
        });
        const rotated = [...curves.slice(shift % curves.length), ...curves.slice(0, shift % curves.length)];
        const rebuilt = new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2 });
        replayCurves(rebuilt, rotated);
        for (const [i, v] of fresh.entries()) {
          expect(rebuilt.report(`new${i}`, 4, v)).toBe(live.report(`new${i}`, 4, v));
        }
      }),
      SEED,
    );
  });

  it('forgets a failed trial with its values', () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2, minTrialsAtRung: 1 });
    pruner.report('a', 1, 0.9);
    pruner.forget('a');
    expect(pruner.rungValues(0)).toEqual([]);
    expect(pruner.report('b', 1, 0.1)).toBe('continue');
    expect(pruner.report('a', 1, 0.2)).toBe('continue');
  });

  it('throws EvaluationError for a report that is not after the previous one, after complete, or not finite', () => {
    const pruner = new SuccessiveHalvingPruner();
    pruner.report('a', 4, 0.5);
    expect(() => pruner.report('a', 4, 0.6)).toThrowErrorMatchingInlineSnapshot(
      `[EvaluationError: Pruner report of trial a: expected a step above the previous report's 4, received 4]`,
    );
    expect(() => pruner.report('a', 5, Number.NaN)).toThrowErrorMatchingInlineSnapshot(
      `[EvaluationError: Invalid pruner report of trial a at value: expected a finite number, received NaN]`,
    );
    expect(() => pruner.report('', 5, 0.1)).toThrow(EvaluationError);
    expect(() => pruner.report('a', 0.5 as number, 0.1)).toThrow(EvaluationError);
    pruner.complete('a');
    pruner.complete('a');
    expect(() => pruner.report('a', 9, 0.6)).toThrowErrorMatchingInlineSnapshot(
      `[EvaluationError: Pruner report of trial a: expected no report after the trial was completed, received one at step 9]`,
    );
  });

  it('refuses a snapshot of other options or a malformed one, naming the field', () => {
    const snapshot = new SuccessiveHalvingPruner({ reductionFactor: 2 }).snapshot();
    expect(() => new SuccessiveHalvingPruner({ reductionFactor: 3 }).restore(snapshot)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid pruner snapshot at options.reductionFactor: expected 3, as this pruner's option, received 2]`,
    );
    const pruner = new SuccessiveHalvingPruner({ reductionFactor: 2 });
    const error = (() => {
      try {
        pruner.restore({ ...snapshot, rungs: [[['a', 0.5]], [['b', 'x']]] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).path).toEqual(['rungs', 1, 0]);
    expect(() => pruner.restore({ kind: 'hyperband', version: 1 })).toThrow(/kind/);
  });
});

describe('resolveSuccessiveHalvingPrunerOptions', () => {
  it('fills the defaults', () => {
    expect(resolveSuccessiveHalvingPrunerOptions()).toEqual({
      minResource: 8,
      reductionFactor: 3,
      minEarlyStoppingRate: 0,
      minTrialsAtRung: 3,
      maxResource: null,
      direction: 'maximize',
    });
    expect(resolveSuccessiveHalvingPrunerOptions({ reductionFactor: 2 }).minTrialsAtRung).toBe(2);
  });

  it.each([
    [{ minResource: 0 }, ['minResource']],
    [{ reductionFactor: 1 }, ['reductionFactor']],
    [{ reductionFactor: 2.5 }, ['reductionFactor']],
    [{ minEarlyStoppingRate: -1 }, ['minEarlyStoppingRate']],
    [{ minEarlyStoppingRate: 60 }, ['minEarlyStoppingRate']],
    [{ minTrialsAtRung: 0 }, ['minTrialsAtRung']],
    [{ maxResource: 0 }, ['maxResource']],
    [{ direction: 'up' }, ['direction']],
    [{ eta: 3 }, ['eta']],
  ])('throws InvalidOptionsError for %j', (options, path) => {
    const error = (() => {
      try {
        resolveSuccessiveHalvingPrunerOptions(options as never);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).path).toEqual(path);
  });

  it('names the bad field, what was expected and what was received', () => {
    expect(() => resolveSuccessiveHalvingPrunerOptions({ reductionFactor: 1.5 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid pruner option at reductionFactor: expected an integer in [2, 2147483647], received 1.5]`,
    );
    expect(() => resolveSuccessiveHalvingPrunerOptions(null as never)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid SuccessiveHalvingPruner option at (root): expected an object, received null]`,
    );
  });
});

const OPTIONS = { minResource: 2, reductionFactor: 2, minTrialsAtRung: 2 } as const;

/** Reports of up to 8 trials, each at increasing steps. */
function reportSequence() {
  return fc
    .array(fc.tuple(fc.nat(7), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 80 })
    .map((raw) => {
      const steps = new Map<number, number>();
      return raw.map(([trial, inc, value]) => {
        const step = (steps.get(trial) ?? 0) + inc;
        steps.set(trial, step);
        return [String(trial), step, value] as const;
      });
    });
}

function decide(pruner: SuccessiveHalvingPruner, reports: readonly (readonly [string, number, number])[]): PruneDecision[] {
  return reports.map(([key, step, value]) => pruner.report(key, step, value));
}

describe('src/evaluate/pruning', () => {
  it('is pure logic: its modules import only each other, the errors, the validation toolkit and (as types) the evaluator contract', () => {
    const dir = new URL('../../src/evaluate/pruning/', import.meta.url);
    const allowed = /^(\.\/[\w-]+\.js|\.\.\/\.\.\/errors\.js|\.\.\/\.\.\/validate\.js)$/;
    const typeOnly = /^(\.\.\/types\.js|\.\.\/\.\.\/space\/types\.js)$/;
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const [, kind, from] of source.matchAll(/^import (type )?[^;]*? from '([^']+)';/gms)) {
        expect(allowed.test(from as string) || (kind !== undefined && typeOnly.test(from as string)), `${file} imports ${from}`).toBe(true);
      }
    }
  });
});

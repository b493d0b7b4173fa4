import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { HyperbandPruner, SuccessiveHalvingPruner, replayCurves, resolveHyperbandPrunerOptions } from '../../src/evaluate/pruning/index.js';

const SEED = { seed: 20261203 };
const OPTIONS = { minResource: 2, reductionFactor: 2, minTrialsAtRung: 2, maxResource: 16 } as const;

/** Reports of up to 12 trials, each at increasing steps. */
function reportSequence() {
  return fc
    .array(fc.tuple(fc.nat(11), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 100 })
    .map((raw) => {
      const steps = new Map<number, number>();
      return raw.map(([trial, inc, value]) => {
        const step = (steps.get(trial) ?? 0) + inc;
        steps.set(trial, step);
        return [`trial${trial}`, step, value] as const;
      });
    });
}

describe('HyperbandPruner', () => {
  it('runs floor(log_eta(max / min)) + 1 brackets, bracket b with its first rung at minResource * eta^b', () => {
    const pruner = new HyperbandPruner({ minResource: 8, reductionFactor: 3, maxResource: 216 });
    expect(pruner.options.brackets).toBe(4);
    const keyIn = (b: number) => Array.from({ length: 200 }, (_, i) => String(i)).find((k) => pruner.bracketOf(k) === b) as string;
    expect([0, 1, 2, 3].map((b) => pruner.rungSteps(216, keyIn(b)))).toEqual([[8, 24, 72], [24, 72], [72], []]);
    expect(pruner.rungSteps(216)).toEqual([8, 24, 72]);
    expect(pruner.rungSteps(50)).toEqual([8, 24]);
    expect(new HyperbandPruner({ minResource: 8, reductionFactor: 3, maxResource: 100 }).options.brackets).toBe(3);
  });

  it('weighs bracket b by Hyperband starting counts, and assigns keys in about those shares, always the same', () => {
    const pruner = new HyperbandPruner({ minResource: 8, reductionFactor: 3, maxResource: 216 });
    expect(pruner.bracketWeights()).toEqual([27, 12, 6, 4]);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4900; i++) counts[pruner.bracketOf(String(i))]! += 1;
    counts.forEach((count, b) => {
      const expected = (4900 * (pruner.bracketWeights()[b] as number)) / 49;
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.2);
    });
    const again = new HyperbandPruner({ minResource: 8, reductionFactor: 3, maxResource: 216 });
    for (let i = 0; i < 100; i++) expect(again.bracketOf(String(i))).toBe(pruner.bracketOf(String(i)));
  });

  it("decides each trial as a successive-halving pruner of its bracket fed only that bracket's reports", () => {
    fc.assert(
      fc.property(reportSequence(), (reports) => {
        const hyperband = new HyperbandPruner(OPTIONS);
        const { brackets, ...rest } = hyperband.options;
        const alone = Array.from({ length: brackets }, (_, b) => new SuccessiveHalvingPruner({ ...rest, minEarlyStoppingRate: b }));
        for (const [key, step, value] of reports) {
          expect(hyperband.report(key, step, value)).toBe(alone[hyperband.bracketOf(key)]?.report(key, step, value));
        }
      }),
      SEED,
    );
  });

  it('continues identically after a JSON round trip through snapshot and restore, and after replaying curves', () => {
    fc.assert(
      fc.property(reportSequence(), fc.nat(), (reports, cut) => {
        const at = reports.length === 0 ? 0 : cut % reports.length;
        const live = new HyperbandPruner(OPTIONS);
        const before = reports.slice(0, at);
        for (const [key, step, value] of before) live.report(key, step, value);
        const restored = new HyperbandPruner(OPTIONS);
        restored.restore(JSON.parse(JSON.stringify(live.snapshot())));
        const after = reports.slice(at).map(([key, step, value]) => [`new-${key}`, step, value] as const);
        const replayed = new HyperbandPruner(OPTIONS);
        const curves = new Map<string, { step: number; accuracy: number }[]>();
        for (const [key, step, accuracy] of before) curves.set(key, [...(curves.get(key) ?? []), { step, accuracy }]);
        replayCurves(
          replayed,
          [...curves].reverse().map(([trialKey, curve]) => ({ trialKey, curve })),
        );
        for (const [key, step, value] of after) {
          const decision = live.report(key, step, value);
          expect(restored.report(key, step, value)).toBe(decision);
          expect(replayed.report(key, step, value)).toBe(decision);
        }
      }),
      SEED,
    );
  });

  it('refuses a snapshot whose bracket is malformed, naming the path inside it', () => {
    const pruner = new HyperbandPruner(OPTIONS);
    const snapshot = pruner.snapshot() as unknown as { brackets: Record<string, unknown>[] };
    const broken = {
      ...snapshot,
      kind: 'hyperband',
      version: 1,
      brackets: snapshot.brackets.map((b, i) => (i === 1 ? { ...b, rungs: [[['x', 'bad']]] } : b)),
    };
    const error = (() => {
      try {
        pruner.restore(broken);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).path).toEqual(['brackets', 1, 'rungs', 0, 0]);
    expect(() => pruner.restore({ ...snapshot, kind: 'hyperband', version: 1, brackets: [] })).toThrow(/brackets/);
    expect(() => pruner.restore(new HyperbandPruner({ ...OPTIONS, maxResource: 32 }).snapshot())).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid pruner snapshot at options.maxResource: expected 16, as this pruner's option, received 32]`,
    );
  });
});

describe('resolveHyperbandPrunerOptions', () => {
  it('fills the defaults and counts the brackets', () => {
    expect(resolveHyperbandPrunerOptions({ maxResource: 72 })).toEqual({
      minResource: 8,
      reductionFactor: 3,
      minTrialsAtRung: 3,
      maxResource: 72,
      direction: 'maximize',
      brackets: 3,
    });
  });

  it('requires maxResource >= minResource and rejects minEarlyStoppingRate', () => {
    expect(() => resolveHyperbandPrunerOptions({} as never)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid pruner option at maxResource: expected an integer >= minResource (required by Hyperband), received undefined]`,
    );
    expect(() => resolveHyperbandPrunerOptions({ minResource: 16, maxResource: 8 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid pruner option at maxResource: expected an integer >= minResource (16), received 8]`,
    );
    expect(() => resolveHyperbandPrunerOptions({ maxResource: 64, minEarlyStoppingRate: 1 } as never)).toThrow(InvalidOptionsError);
    expect(() => resolveHyperbandPrunerOptions({ maxResource: 64, reductionFactor: 1 })).toThrow(/reductionFactor/);
  });
});

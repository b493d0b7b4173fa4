import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedImprovement, logExpectedImprovement, normalCdf } from '../../src/controller/surrogate/acquisition.js';
import { fitCount } from '../../src/controller/surrogate/model.js';
import { type HasDecisions, InvalidOptionsError, RandomController, SurrogateController } from '../../src/index.js';
import { controllerContract } from './contract.js';

controllerContract(
  'SurrogateController (thompson, features)',
  (space, options) =>
    new SurrogateController(space, {
      ...options,
      initialTrials: 3,
      trees: 6,
      candidates: 40,
      acquisition: 'thompson',
      features: (t) => [t.reduce((a, b) => a + b, 0)],
    }),
);
controllerContract(
  'SurrogateController (ei, ordinal, best numeric cuts)',
  (space, options) =>
    new SurrogateController(space, {
      ...options,
      initialTrials: 3,
      trees: 6,
      candidates: 40,
      acquisition: 'ei',
      ordinal: true,
      numericCuts: 'best',
      features: (t) => [Math.log(1 + (t[0] as number))],
    }),
);

/** A space of 6 decisions with an additive reward whose optimum is all last options. */
const SPACE: HasDecisions = { decisions: Array.from({ length: 6 }, (_, i) => ({ name: `d${i}`, size: 4 })) };
const additive = (t: readonly number[]): number => t.reduce((s, x, i) => s + x * (i + 1), 0) / 63;

function bestAfter(
  c: { ask(): { id: string; tokens: readonly number[] }; tell(id: string, o: { reward: number }): void },
  n: number,
): number {
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = c.ask();
    const r = additive(p.tokens);
    best = Math.max(best, r);
    c.tell(p.id, { reward: r });
  }
  return best;
}

describe('SurrogateController', () => {
  it('finds better candidates than random search on an additive reward (mean best over seeds 1..10, 30 trials)', () => {
    let s = 0;
    let r = 0;
    for (let seed = 1; seed <= 10; seed++) {
      s += bestAfter(new SurrogateController(SPACE, { seed, trees: 16, candidates: 200 }), 30) / 10;
      r += bestAfter(new RandomController(SPACE, { seed }), 30) / 10;
    }
    expect(s).toBeGreaterThan(r + 0.03);
  });

  it('never proposes a candidate that is told or pending', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (seed) => {
        const c = new SurrogateController(SPACE, { seed, initialTrials: 3, trees: 4, candidates: 30 });
        const seen = new Set<string>();
        const open: { id: string; tokens: readonly number[] }[] = [];
        for (let i = 0; i < 30; i++) {
          const p = c.ask();
          expect(seen.has(p.tokens.join(','))).toBe(false);
          seen.add(p.tokens.join(','));
          open.push(p);
          if (open.length === 3) for (const q of open.splice(0)) c.tell(q.id, { reward: additive(q.tokens) });
        }
      }),
      { numRuns: 5 },
    );
  });

  it('stops proposing candidates the constraint model predicts to break the target', () => {
    // Candidates with d0 = 3 break the constraint and have the best reward otherwise.
    const c = new SurrogateController(SPACE, { seed: 2, trees: 16, candidates: 200 });
    const broke: boolean[] = [];
    for (let i = 0; i < 60; i++) {
      const p = c.ask();
      const violation = p.tokens[0] === 3 ? 0.5 : 0;
      broke.push(violation > 0);
      c.tell(p.id, { reward: additive(p.tokens), violation });
    }
    expect(broke.slice(30).filter(Boolean).length).toBeLessThanOrEqual(2);
  });

  it('keeps its snapshot compact: the told trials as strings, no model', () => {
    const c = new SurrogateController(SPACE, { seed: 3 });
    bestAfter(c, 30);
    const snap = c.snapshot() as { state: { modelSeed: number; told: unknown[] } };
    expect(Object.keys(snap.state).sort()).toEqual(['modelSeed', 'told']);
    expect(snap.state.told[0]).toEqual([expect.stringMatching(/^\d(,\d){5}$/), expect.any(Number), 0]);
    expect(JSON.stringify(snap).length).toBeLessThan(3000);
  });

  it('continues exactly after restore past the point where trees are refitted in turn', () => {
    const a = new SurrogateController(SPACE, { seed: 4, trees: 6, candidates: 40, refitSpan: 5 });
    bestAfter(a, 23);
    const b = new SurrogateController(SPACE, { seed: 0, trees: 6, candidates: 40, refitSpan: 5 });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    for (let i = 0; i < 8; i++) {
      const p = a.ask();
      expect(b.ask()).toEqual(p);
      a.tell(p.id, { reward: additive(p.tokens) });
      b.tell(p.id, { reward: additive(p.tokens) });
    }
  });

  it('validates its options and what features returns', () => {
    expect(() => new SurrogateController(SPACE, { trees: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid controller option at trees: expected an integer >= 1, received 0]`,
    );
    expect(() => new SurrogateController(SPACE, { acquisition: 'ucb' as never })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid controller option at acquisition: expected 'ei' | 'thompson', received "ucb"]`,
    );
    expect(() => new SurrogateController(SPACE, { features: 3 as never })).toThrow(InvalidOptionsError);
    expect(() => new SurrogateController(SPACE, { numericCuts: 'mid' as never })).toThrow(InvalidOptionsError);
    expect(() => new SurrogateController(SPACE, { ordinal: 1 as never })).toThrow(InvalidOptionsError);
    const c = new SurrogateController(SPACE, { initialTrials: 1, features: (t) => (t[0] === 0 ? [1, 2] : [Number.NaN, 1]) });
    const p = c.ask();
    c.tell(p.id, { reward: 0.5 });
    expect(() => bestAfter(c, 5)).toThrow(InvalidOptionsError);
  });
});

describe('fitCount', () => {
  it('refits every tree at every tell below the span, and each tree at most stride tells late above it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 400 }), (j, n, span) => {
        const m = fitCount(j, n, span);
        const stride = Math.max(1, Math.floor(n / span));
        expect(m).toBeLessThanOrEqual(n);
        expect(n - m).toBeLessThan(stride);
        if (n < span) expect(m).toBe(n);
      }),
    );
  });
});

describe('expectedImprovement', () => {
  it('is E[max(0, X - best)]: the gain without spread, positive with it, growing with the mean', () => {
    expect(expectedImprovement(0.5, 0, 0.3)).toBeCloseTo(0.2, 12);
    expect(expectedImprovement(0.2, 0, 0.3)).toBe(0);
    expect(expectedImprovement(0, 1, 0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 6);
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 3, noNaN: true }), (m, sd) => {
        expect(expectedImprovement(m, sd, 0)).toBeGreaterThan(0);
        expect(expectedImprovement(m + 0.1, sd, 0)).toBeGreaterThan(expectedImprovement(m, sd, 0));
      }),
    );
    // Far below the incumbent, its log still ranks candidates (no rounding to 0).
    fc.assert(
      fc.property(fc.double({ min: -200, max: 5, noNaN: true }), (z) => {
        expect(Number.isFinite(logExpectedImprovement(z, 1, 0))).toBe(true);
        expect(logExpectedImprovement(z + 0.5, 1, 0)).toBeGreaterThan(logExpectedImprovement(z, 1, 0));
      }),
    );
    // Against the integral, by the trapezoid rule.
    for (const [m, sd] of [
      [-3, 1],
      [-0.5, 2],
      [1, 0.3],
      [-8, 1],
    ] as const) {
      let sum = 0;
      for (let x = m - 12 * sd; x <= m + 12 * sd; x += sd / 2000)
        sum += ((Math.max(0, x) * Math.exp(-0.5 * ((x - m) / sd) ** 2)) / (sd * Math.sqrt(2 * Math.PI))) * (sd / 2000);
      expect(Math.log(expectedImprovement(m, sd, 0)) / Math.log(sum)).toBeCloseTo(1, 4);
    }
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});

describe('SurrogateController.predict', () => {
  it('predicts from the told trials without changing the proposals, and rejects tokens that do not fit', () => {
    const a = new SurrogateController(SPACE, { seed: 5, trees: 8 });
    const b = new SurrogateController(SPACE, { seed: 5, trees: 8 });
    expect(a.predict([0, 0, 0, 0, 0, 0])).toEqual({ mean: 0, sd: 0 });
    bestAfter(a, 25);
    bestAfter(b, 25);
    const high = a.predict([3, 3, 3, 3, 3, 3]).mean;
    expect(high).toBeGreaterThan(a.predict([0, 0, 0, 0, 0, 0]).mean);
    expect(a.ask()).toEqual(b.ask());
    expect(() => a.predict([0, 0, 0, 0, 0, 4])).toThrow(InvalidOptionsError);
    expect(() => a.predict([0, 0])).toThrow(InvalidOptionsError);
  });
});

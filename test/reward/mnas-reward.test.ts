import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HARD_CONSTRAINT, SOFT_CONSTRAINT, mnasReward } from '../../src/reward/index.js';
import { close, rewardError, runs } from './helpers.js';

const accuracy = fc.double({ min: 0, max: 1, noNaN: true });
const positiveAccuracy = fc.double({ min: 1e-6, max: 1, noNaN: true });
const ms = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
const exponent = fc.double({ min: -3, max: 3, noNaN: true });
/** Below this, rounding of subnormal numbers dominates: compare absolutely. */
const SUBNORMAL = 1e-300;
const normalScale = fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1, noNaN: true }));
const nonPositiveExponent = fc.double({ min: -3, max: 0, noNaN: true });

describe('SOFT_CONSTRAINT and HARD_CONSTRAINT', () => {
  it('hold the paper values and are frozen', () => {
    expect(SOFT_CONSTRAINT).toEqual({ alpha: -0.07, beta: -0.07 });
    expect(HARD_CONSTRAINT).toEqual({ alpha: 0, beta: -1 });
    expect(Object.isFrozen(SOFT_CONSTRAINT)).toBe(true);
    expect(Object.isFrozen(HARD_CONSTRAINT)).toBe(true);
  });

  it('makes twice the latency worth about 5% of accuracy under the soft constraint', () => {
    const fast = mnasReward({ accuracy: 0.7, latencyMs: 50 }, { targetMs: 80, ...SOFT_CONSTRAINT });
    const slowButBetter = mnasReward({ accuracy: 0.7 * 1.05, latencyMs: 100 }, { targetMs: 80, ...SOFT_CONSTRAINT });
    expect(Math.abs(slowButBetter / fast - 1)).toBeLessThan(0.001);
  });
});

describe('mnasReward', () => {
  it('computes ACC * (LAT / T) ** w with the soft constraint by default', () => {
    expect(mnasReward({ accuracy: 0.75, latencyMs: 80 }, { targetMs: 80 })).toBe(0.75);
    expect(mnasReward({ accuracy: 0.75, latencyMs: 160 }, { targetMs: 80 })).toBeCloseTo(0.75 * 2 ** -0.07, 15);
    expect(mnasReward({ accuracy: 0.5, latencyMs: 40 }, { targetMs: 80, alpha: -0.5, beta: -1 })).toBeCloseTo(0.5 * Math.SQRT2, 15);
    expect(mnasReward({ accuracy: 0.5, latencyMs: 40 }, { targetMs: 80, ...HARD_CONSTRAINT })).toBe(0.5);
    expect(mnasReward({ accuracy: 0.5, latencyMs: 120 }, { targetMs: 80, ...HARD_CONSTRAINT })).toBe(0.5 * (80 / 120));
  });

  it('is continuous at the target: exactly ACC at T and within |w| * eps of it at T * (1 ± eps)', () => {
    fc.assert(
      fc.property(accuracy, ms, exponent, exponent, fc.double({ min: 1e-12, max: 1e-4, noNaN: true }), (acc, t, alpha, beta, eps) => {
        const r = (latencyMs: number): number => mnasReward({ accuracy: acc, latencyMs }, { targetMs: t, alpha, beta });
        expect(r(t)).toBe(acc);
        const bound = (w: number): number => 2 * Math.abs(w) * eps * acc + 8 * Number.EPSILON * acc;
        expect(Math.abs(r(t * (1 + eps)) - acc)).toBeLessThanOrEqual(bound(beta));
        expect(Math.abs(r(t * (1 - eps)) - acc)).toBeLessThanOrEqual(bound(alpha));
      }),
      runs(),
    );
  });

  it('gives R(2L) / R(L) = 2 ** beta above the target and 2 ** alpha below it', () => {
    fc.assert(
      fc.property(
        positiveAccuracy,
        ms,
        exponent,
        exponent,
        fc.double({ min: 1 + 1e-9, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        (acc, t, alpha, beta, above, below) => {
          const r = (latencyMs: number): number => mnasReward({ accuracy: acc, latencyMs }, { targetMs: t, alpha, beta });
          const high = t * above; // L > T, so 2L > T too
          expect(high).toBeGreaterThan(t);
          expect(close(r(2 * high) / r(high), 2 ** beta, 1e-12)).toBe(true);
          const low = (t * below) / 2; // 2L <= T
          expect(2 * low).toBeLessThanOrEqual(t);
          expect(close(r(2 * low) / r(low), 2 ** alpha, 1e-12)).toBe(true);
        },
      ),
      runs(),
    );
  });

  it('gives exactly ACC at or below T and ACC * T / L above it under the hard constraint', () => {
    fc.assert(
      fc.property(accuracy, ms, ms, (acc, t, latencyMs) => {
        const r = mnasReward({ accuracy: acc, latencyMs }, { targetMs: t, ...HARD_CONSTRAINT });
        if (latencyMs <= t) {
          expect(r).toBe(acc);
        } else {
          expect(r).toBe(acc * (t / latencyMs));
          // ...which is ACC * T / L up to the rounding of one multiplication.
          expect(close(r, (acc * t) / latencyMs, 2 * Number.EPSILON, SUBNORMAL)).toBe(true);
        }
      }),
      runs(500),
    );
  });

  it('never increases with latency when both exponents are <= 0', () => {
    fc.assert(
      fc.property(accuracy, ms, ms, ms, nonPositiveExponent, nonPositiveExponent, (acc, t, l1, l2, alpha, beta) => {
        const [fast, slow] = l1 <= l2 ? [l1, l2] : [l2, l1];
        const r = (latencyMs: number): number => mnasReward({ accuracy: acc, latencyMs }, { targetMs: t, alpha, beta });
        expect(r(fast)).toBeGreaterThanOrEqual(r(slow));
      }),
      runs(500),
    );
  });

  it('is linear in the accuracy: R(a) = a * R(1) exactly and R(k * a) = k * R(a)', () => {
    fc.assert(
      fc.property(accuracy, normalScale, ms, ms, exponent, exponent, (acc, k, t, latencyMs, alpha, beta) => {
        const r = (a: number): number => mnasReward({ accuracy: a, latencyMs }, { targetMs: t, alpha, beta });
        expect(r(acc)).toBe(acc * r(1));
        // Scaling is checked away from underflow, where k * acc would lose its relative precision.
        if (acc >= 1e-9) expect(close(r(k * acc), k * r(acc), 4 * Number.EPSILON, SUBNORMAL)).toBe(true);
      }),
      runs(),
    );
  });

  it('throws RewardInputError naming the field and the value', () => {
    const cases: [() => unknown, readonly (string | number)[]][] = [
      [() => mnasReward({ accuracy: 0.5, latencyMs: NaN }, { targetMs: 80 }), ['metrics', 'latencyMs']],
      [() => mnasReward({ accuracy: 0.5, latencyMs: Infinity }, { targetMs: 80 }), ['metrics', 'latencyMs']],
      [() => mnasReward({ accuracy: 0.5, latencyMs: -1 }, { targetMs: 80 }), ['metrics', 'latencyMs']],
      [() => mnasReward({ accuracy: 0.5, latencyMs: 0 }, { targetMs: 80 }), ['metrics', 'latencyMs']],
      [() => mnasReward({ accuracy: 1.01, latencyMs: 10 }, { targetMs: 80 }), ['metrics', 'accuracy']],
      [() => mnasReward({ accuracy: -0.1, latencyMs: 10 }, { targetMs: 80 }), ['metrics', 'accuracy']],
      [() => mnasReward({ accuracy: 0.5, latencyMs: 10 }, { targetMs: 0 }), ['options', 'targetMs']],
      [() => mnasReward({ accuracy: 0.5, latencyMs: 10 }, { targetMs: 80, alpha: NaN }), ['options', 'alpha']],
      [() => mnasReward({ accuracy: 0.5, latencyMs: 10 }, { targetMs: 80, beta: -Infinity }), ['options', 'beta']],
      [() => mnasReward(null as never, { targetMs: 80 }), ['metrics']],
    ];
    for (const [fn, path] of cases) {
      const error = rewardError(fn);
      expect(error.code).toBe('invalid_reward_input');
      expect(error.path).toEqual(path);
    }
  });

  it('words its errors for people', () => {
    expect(rewardError(() => mnasReward({ accuracy: 0.5, latencyMs: NaN }, { targetMs: 80 })).message).toMatchInlineSnapshot(
      `"Invalid reward input at metrics.latencyMs: expected a finite number > 0, received NaN"`,
    );
    expect(rewardError(() => mnasReward({ accuracy: 1.5, latencyMs: 10 }, { targetMs: 80 })).message).toMatchInlineSnapshot(
      `"Invalid reward input at metrics.accuracy: expected a number in [0, 1], received 1.5"`,
    );
    expect(rewardError(() => mnasReward({ accuracy: 0.5, latencyMs: 10 }, { targetMs: -80 })).message).toMatchInlineSnapshot(
      `"Invalid reward input at options.targetMs: expected a finite number > 0, received -80"`,
    );
    expect(
      rewardError(() => mnasReward({ accuracy: 0.5, latencyMs: 1e-300 }, { targetMs: 1e300, alpha: -2 })).message,
    ).toMatchInlineSnapshot(
      `"Invalid reward input at metrics.latencyMs: expected a value for which (latencyMs / 1e+300) ** -2 is finite (got Infinity), received 1e-300"`,
    );
  });
});

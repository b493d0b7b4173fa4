import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fbnetLoss, logLatencyReward } from '../../src/reward/index.js';
import { close, rewardError, runs } from './helpers.js';

describe('logLatencyReward', () => {
  it('computes ACC - lambda * ln(LAT / ref)', () => {
    expect(logLatencyReward({ accuracy: 0.75, latencyMs: 80 }, { lambda: 0.05, baselineMs: 80 })).toBe(0.75);
    expect(logLatencyReward({ accuracy: 0.75, latencyMs: 160 }, { lambda: 0.05, baselineMs: 80 })).toBeCloseTo(0.75 - 0.05 * Math.LN2, 15);
    expect(logLatencyReward({ accuracy: 0.5, latencyMs: Math.E }, { lambda: 1 })).toBeCloseTo(-0.5, 15);
  });

  it('charges exactly lambda * ln 2 per doubling of latency, whatever the accuracy', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (accuracy, latencyMs, lambda) => {
          const r = (l: number): number => logLatencyReward({ accuracy, latencyMs: l }, { lambda, baselineMs: 80 });
          expect(close(r(latencyMs) - r(2 * latencyMs), lambda * Math.LN2, 1e-9, 1e-12)).toBe(true);
        },
      ),
      runs(),
    );
  });

  it('throws RewardInputError for a negative lambda or a bad latency', () => {
    expect(rewardError(() => logLatencyReward({ accuracy: 0.5, latencyMs: 10 }, { lambda: -0.1 })).path).toEqual(['options', 'lambda']);
    expect(rewardError(() => logLatencyReward({ accuracy: 0.5, latencyMs: 0 }, { lambda: 0.1 })).path).toEqual(['metrics', 'latencyMs']);
    expect(
      rewardError(() => logLatencyReward({ accuracy: 0.5, latencyMs: 10 }, { lambda: 0.1, baselineMs: -1 })).message,
    ).toMatchInlineSnapshot(`"Invalid reward input at options.baselineMs: expected a finite number > 0, received -1"`);
  });
});

describe('fbnetLoss', () => {
  it("computes CE * alpha * ln(LAT) ** beta with the paper's alpha = 0.2, beta = 0.6 by default", () => {
    expect(fbnetLoss({ crossEntropy: 1.2, latencyMs: 23.1 })).toBeCloseTo(1.2 * 0.2 * Math.log(23.1) ** 0.6, 15);
    expect(fbnetLoss({ crossEntropy: 2, latencyMs: 40 }, { alpha: 1, beta: 1, unitMs: 10 })).toBeCloseTo(2 * Math.log(4), 15);
    expect(fbnetLoss({ crossEntropy: 0, latencyMs: 40 })).toBe(0);
  });

  it('grows with latency for beta > 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 1.001, max: 1e4, noNaN: true }),
        fc.double({ min: 1.001, max: 1e4, noNaN: true }),
        (crossEntropy, l1, l2) => {
          const [fast, slow] = l1 <= l2 ? [l1, l2] : [l2, l1];
          expect(fbnetLoss({ crossEntropy, latencyMs: fast })).toBeLessThanOrEqual(fbnetLoss({ crossEntropy, latencyMs: slow }));
        },
      ),
      runs(),
    );
  });

  it('throws RewardInputError when the latency does not exceed one unit', () => {
    const error = rewardError(() => fbnetLoss({ crossEntropy: 1, latencyMs: 0.5 }));
    expect(error.path).toEqual(['metrics', 'latencyMs']);
    expect(error.message).toMatchInlineSnapshot(
      `"Invalid reward input at metrics.latencyMs: expected a finite number > unitMs (1), received 0.5"`,
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HARD_CONSTRAINT, mnasMultiReward, mnasReward } from '../../src/reward/index.js';
import { close, rewardError, runs } from './helpers.js';

const accuracy = fc.double({ min: 0, max: 1, noNaN: true });
const value = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
const exponent = fc.double({ min: -2, max: 2, noNaN: true });

describe('mnasMultiReward', () => {
  it('equals mnasReward exactly with a single latency constraint', () => {
    fc.assert(
      fc.property(accuracy, value, value, exponent, exponent, (acc, latencyMs, t, alpha, beta) => {
        expect(mnasMultiReward({ accuracy: acc, latencyMs }, { constraints: { latencyMs: { target: t, alpha, beta } } })).toBe(
          mnasReward({ accuracy: acc, latencyMs }, { targetMs: t, alpha, beta }),
        );
      }),
      runs(),
    );
  });

  it('multiplies one factor per constrained metric: R = ACC * prod_i (m_i / T_i) ** w_i', () => {
    fc.assert(
      fc.property(accuracy, value, value, value, value, exponent, exponent, (acc, lat, t, params, pt, w1, w2) => {
        const both = mnasMultiReward(
          { accuracy: acc, latencyMs: lat, paramCount: params },
          { constraints: { latencyMs: { target: t, alpha: w1, beta: w1 }, paramCount: { target: pt, alpha: w2, beta: w2 } } },
        );
        const expected = acc * (lat / t) ** w1 * (params / pt) ** w2;
        expect(close(both, expected, 1e-12, 1e-300)).toBe(true);
      }),
      runs(),
    );
  });

  it('returns the accuracy with no constraints, ignores metrics without a constraint, and defaults to the soft exponents', () => {
    expect(mnasMultiReward({ accuracy: 0.7, latencyMs: 500 }, { constraints: {} })).toBe(0.7);
    expect(mnasMultiReward({ accuracy: 0.7, latencyMs: 160, macs: 1e9 }, { constraints: { latencyMs: { target: 80 } } })).toBe(
      0.7 * 2 ** -0.07,
    );
    expect(
      mnasMultiReward(
        { accuracy: 0.75, latencyMs: 78, paramCount: 6e6 },
        { constraints: { latencyMs: { target: 80, ...HARD_CONSTRAINT }, paramCount: { target: 5e6, ...HARD_CONSTRAINT } } },
      ),
    ).toBe(0.75 * (5e6 / 6e6));
  });

  it('throws RewardInputError with the path of the bad metric or constraint', () => {
    const cases: [() => unknown, readonly (string | number)[]][] = [
      [() => mnasMultiReward({ accuracy: 0.5 } as never, { constraints: { energyMj: { target: 5 } } }), ['metrics', 'energyMj']],
      [() => mnasMultiReward({ accuracy: 0.5, energyMj: -2 }, { constraints: { energyMj: { target: 5 } } }), ['metrics', 'energyMj']],
      [
        () => mnasMultiReward({ accuracy: 0.5, energyMj: 2 }, { constraints: { energyMj: { target: 0 } } }),
        ['options', 'constraints', 'energyMj', 'target'],
      ],
      [
        () => mnasMultiReward({ accuracy: 0.5, energyMj: 2 }, { constraints: { energyMj: { target: 5, beta: NaN } } }),
        ['options', 'constraints', 'energyMj', 'beta'],
      ],
      [() => mnasMultiReward({ accuracy: NaN, energyMj: 2 }, { constraints: { energyMj: { target: 5 } } }), ['metrics', 'accuracy']],
      [() => mnasMultiReward({ accuracy: 0.5 }, {} as never), ['options', 'constraints']],
    ];
    for (const [fn, path] of cases) expect(rewardError(fn).path).toEqual(path);
    expect(
      rewardError(() => mnasMultiReward({ accuracy: 0.5 } as never, { constraints: { energyMj: { target: 5 } } })).message,
    ).toMatchInlineSnapshot(`"Invalid reward input at metrics.energyMj: expected a finite number > 0, received undefined"`);
    expect(
      rewardError(() => mnasMultiReward({ accuracy: 0.5, energyMj: 2 }, { constraints: { energyMj: { target: 5, alpha: Infinity } } }))
        .message,
    ).toMatchInlineSnapshot(`"Invalid reward input at options.constraints.energyMj.alpha: expected a finite number, received Infinity"`);
  });
});

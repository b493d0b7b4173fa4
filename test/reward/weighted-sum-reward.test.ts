import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weightedSumReward } from '../../src/reward/index.js';
import { close, rewardError, runs } from './helpers.js';

describe('weightedSumReward', () => {
  it('adds weighted min-max normalized objectives, flipping minimized ones', () => {
    const objectives = {
      accuracy: {},
      latencyMs: { weight: 0.5, direction: 'minimize', min: 0, max: 160 },
    } as const;
    expect(weightedSumReward({ accuracy: 0.74, latencyMs: 90 }, { objectives })).toBe(0.74 + (0.5 * 70) / 160);
    expect(weightedSumReward({ accuracy: 0, latencyMs: 160 }, { objectives })).toBe(0);
    // Not clipped: beyond max the minimized term goes negative and keeps ranking.
    expect(weightedSumReward({ accuracy: 0.5, latencyMs: 320 }, { objectives })).toBe(0.5 - 0.5);
  });

  it('ignores metrics that are not objectives and returns 0 for no objectives', () => {
    expect(weightedSumReward({ accuracy: 0.5, latencyMs: 10 }, { objectives: { accuracy: { weight: 2 } } })).toBe(1);
    expect(weightedSumReward({ accuracy: 0.5 }, { objectives: {} })).toBe(0);
  });

  it('is affine in each metric with slope weight / (max - min), negative when minimized', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.constantFrom('minimize' as const, 'maximize' as const),
        (a, b, weight, direction) => {
          const options = { objectives: { energyMj: { weight, direction, min: 10, max: 50 } } };
          const diff = weightedSumReward({ energyMj: b }, options) - weightedSumReward({ energyMj: a }, options);
          const slope = ((direction === 'maximize' ? 1 : -1) * weight) / 40;
          expect(close(diff, slope * (b - a), 1e-9, 1e-9)).toBe(true);
        },
      ),
      runs(),
    );
  });

  it('throws RewardInputError for bad weights, bounds, directions or metrics', () => {
    const cases: [() => unknown, readonly (string | number)[]][] = [
      [() => weightedSumReward({ accuracy: 1.2 }, { objectives: { accuracy: {} } }), ['metrics', 'accuracy']],
      [() => weightedSumReward({ latencyMs: -3 }, { objectives: { latencyMs: { direction: 'minimize' } } }), ['metrics', 'latencyMs']],
      [
        () => weightedSumReward({ latencyMs: 3 }, { objectives: { latencyMs: { weight: -1 } } }),
        ['options', 'objectives', 'latencyMs', 'weight'],
      ],
      [
        () => weightedSumReward({ latencyMs: 3 }, { objectives: { latencyMs: { min: 5, max: 5 } } }),
        ['options', 'objectives', 'latencyMs', 'max'],
      ],
      [
        () => weightedSumReward({ latencyMs: 3 }, { objectives: { latencyMs: { direction: 'down' as never } } }),
        ['options', 'objectives', 'latencyMs', 'direction'],
      ],
    ];
    for (const [fn, path] of cases) expect(rewardError(fn).path).toEqual(path);
    expect(
      rewardError(() => weightedSumReward({ latencyMs: 3 }, { objectives: { latencyMs: { min: 5, max: 1 } } })).message,
    ).toMatchInlineSnapshot(`"Invalid reward input at options.objectives.latencyMs.max: expected a number > min (5), received 1"`);
  });
});

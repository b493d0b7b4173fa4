import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RewardInputError } from '../../src/errors.js';
import {
  crowdingDistance,
  fbnetLoss,
  hardFilterReward,
  hypervolume,
  logLatencyReward,
  mnasMultiReward,
  mnasReward,
  weightedSumReward,
} from '../../src/reward/index.js';
import { runs } from './helpers.js';

/** Any double (NaN, ±Infinity, ±0, subnormals, huge), now and then something that is not a number at all. */
const anyDouble = fc.oneof(
  { weight: 10, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, '80', true, {}, []) },
) as fc.Arbitrary<number>;
/** Plausible values mixed with arbitrary ones, so that the valid paths are exercised too. */
const mixed = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), anyDouble);
const optional = fc.option(mixed, { nil: undefined });

/** Either a RewardInputError is thrown or a finite number comes out. */
function finiteOrRewardError(fn: () => number): void {
  let result: number;
  try {
    result = fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RewardInputError);
    return;
  }
  expect(Number.isFinite(result)).toBe(true);
}

/** Drops `undefined` fields (the options types forbid explicit `undefined`); typed loosely on purpose. */
const noUndefined = (o: object): never => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;

describe('reward functions on arbitrary doubles', () => {
  it('mnasReward throws RewardInputError or returns a finite number', () => {
    fc.assert(
      fc.property(mixed, mixed, mixed, optional, optional, (accuracy, latencyMs, targetMs, alpha, beta) => {
        finiteOrRewardError(() => mnasReward({ accuracy, latencyMs }, noUndefined({ targetMs, alpha, beta })));
      }),
      runs(2000),
    );
  });

  it('mnasMultiReward throws RewardInputError or returns a finite number', () => {
    fc.assert(
      fc.property(mixed, mixed, mixed, mixed, mixed, optional, mixed, (accuracy, a, b, ta, tb, alpha, beta) => {
        finiteOrRewardError(() =>
          mnasMultiReward(
            { accuracy, latencyMs: a, energyMj: b },
            { constraints: { latencyMs: noUndefined({ target: ta, alpha, beta }), energyMj: { target: tb, alpha: beta, beta } } },
          ),
        );
      }),
      runs(2000),
    );
  });

  it('weightedSumReward, logLatencyReward, fbnetLoss and hardFilterReward throw RewardInputError or return a finite number', () => {
    fc.assert(
      fc.property(mixed, mixed, mixed, mixed, optional, optional, (accuracy, latencyMs, x, y, u, v) => {
        finiteOrRewardError(() =>
          weightedSumReward(
            { accuracy, latencyMs },
            {
              objectives: {
                accuracy: noUndefined({ weight: u }),
                latencyMs: noUndefined({ weight: x, direction: 'minimize', min: v, max: y }),
              },
            },
          ),
        );
        finiteOrRewardError(() => logLatencyReward({ accuracy, latencyMs }, noUndefined({ lambda: x, baselineMs: u })));
        finiteOrRewardError(() => fbnetLoss({ crossEntropy: x, latencyMs }, noUndefined({ alpha: u, beta: y, unitMs: v })));
        finiteOrRewardError(() =>
          hardFilterReward(
            { accuracy, latencyMs },
            noUndefined({ constraints: { latencyMs: noUndefined({ max: x, min: v }) }, penalty: u }),
          ),
        );
      }),
      runs(2000),
    );
  });

  it('hypervolume and crowdingDistance throw RewardInputError or return numbers that are never NaN', () => {
    const point = fc.array(mixed, { minLength: 2, maxLength: 2 });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 6 }), point, (points, reference) => {
        finiteOrRewardError(() => hypervolume(points, reference, ['minimize', 'maximize']));
        try {
          expect(crowdingDistance(points).some(Number.isNaN)).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(RewardInputError);
        }
      }),
      runs(1000),
    );
  });
});

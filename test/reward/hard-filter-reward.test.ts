import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hardFilterReward } from '../../src/reward/index.js';
import { rewardError, runs } from './helpers.js';

describe('hardFilterReward', () => {
  it('returns the accuracy inside the bounds (inclusive) and the penalty outside', () => {
    const options = { constraints: { latencyMs: { max: 80 }, paramCount: { min: 1e6, max: 5e6 } } };
    expect(hardFilterReward({ accuracy: 0.75, latencyMs: 80, paramCount: 1e6 }, options)).toBe(0.75);
    expect(hardFilterReward({ accuracy: 0.75, latencyMs: 80.001, paramCount: 2e6 }, options)).toBe(0);
    expect(hardFilterReward({ accuracy: 0.75, latencyMs: 20, paramCount: 9e5 }, { ...options, penalty: -1 })).toBe(-1);
  });

  it('agrees with checking every bound directly', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (accuracy, latencyMs, maxMs, penalty) => {
          const r = hardFilterReward({ accuracy, latencyMs }, { constraints: { latencyMs: { max: maxMs } }, penalty });
          expect(r).toBe(latencyMs <= maxMs ? accuracy : penalty);
        },
      ),
      runs(),
    );
  });

  it('throws RewardInputError for empty or inverted bounds, a bad penalty, or a missing metric', () => {
    const cases: [() => unknown, readonly (string | number)[]][] = [
      [
        () => hardFilterReward({ accuracy: 0.5, latencyMs: 3 }, { constraints: { latencyMs: {} } }),
        ['options', 'constraints', 'latencyMs'],
      ],
      [
        () => hardFilterReward({ accuracy: 0.5, latencyMs: 3 }, { constraints: { latencyMs: { min: 5, max: 1 } } }),
        ['options', 'constraints', 'latencyMs', 'min'],
      ],
      [
        () => hardFilterReward({ accuracy: 0.5, latencyMs: 3 }, { constraints: { latencyMs: { max: 5 } }, penalty: NaN }),
        ['options', 'penalty'],
      ],
      [() => hardFilterReward({ accuracy: 0.5 } as never, { constraints: { latencyMs: { max: 5 } } }), ['metrics', 'latencyMs']],
      [() => hardFilterReward({ accuracy: 0.5, latencyMs: -3 }, { constraints: { latencyMs: { max: 5 } } }), ['metrics', 'latencyMs']],
    ];
    for (const [fn, path] of cases) expect(rewardError(fn).path).toEqual(path);
    expect(
      rewardError(() => hardFilterReward({ accuracy: 0.5, latencyMs: 3 }, { constraints: { latencyMs: {} } })).message,
    ).toMatchInlineSnapshot(
      `"Invalid reward input at options.constraints.latencyMs: expected an object with \`max\`, \`min\` or both, received {}"`,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { pruners } from '../../src/evaluate/index.js';
import { thrown } from '../space/thrown.js';

describe('pruners', () => {
  it('holds asha and hyperband', () => {
    expect(pruners.names()).toEqual(['asha', 'hyperband']);
  });

  for (const entry of pruners.entries()) {
    describe(entry.name, () => {
      it('creates from its resolved options a pruner holding exactly those options, with rungs within the budget', () => {
        expect(entry.description.length).toBeGreaterThan(10);
        for (const options of [{ maxResource: 64 }, { minResource: 4, reductionFactor: 2, maxResource: 256, direction: 'minimize' }]) {
          const resolved = entry.resolveOptions(options);
          const pruner = entry.create(resolved, undefined) as unknown as { options: unknown; rungSteps(steps: number): number[] };
          expect(pruner.options).toEqual(resolved);
          const rungs = pruner.rungSteps(64);
          expect(rungs.every((step, i) => step >= 1 && step <= 64 && (i === 0 || step > (rungs[i - 1] as number)))).toBe(true);
        }
      });

      it('names a bad option', () => {
        for (const [bad, path] of [
          [{ maxResource: 64, bogus: 1 }, ['bogus']],
          [{ maxResource: 64, reductionFactor: 1 }, ['reductionFactor']],
        ] as const) {
          const error = thrown(() => entry.resolveOptions(bad));
          expect(error).toBeInstanceOf(InvalidOptionsError);
          expect((error as InvalidOptionsError).path).toEqual(path);
        }
      });
    });
  }
});

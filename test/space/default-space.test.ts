import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidSpaceError } from '../../src/errors.js';
import { defaultSpaceOptions, defaultTotalStride } from '../../src/space/default-space.js';
import { factorizedSpace } from '../../src/space/factorized-space.js';
import { thrown } from './thrown.js';

describe('the default space sized for the input', () => {
  it('takes the largest total stride of 8, 16, 32 that leaves the last feature map at least 4 x 4', () => {
    const sizes = [8, 28, 32, 48, 49, 64, 96, 97, 128, 224];
    expect(sizes.map(defaultTotalStride)).toEqual([8, 8, 8, 8, 16, 16, 16, 32, 32, 32]);
    for (const size of sizes) {
      const o = defaultSpaceOptions({ inputSize: size, channels: 3, numClasses: 5 });
      const total = (o.stem?.stride ?? 1) * o.skeleton.reduce((p, b) => p * ((b as { stride?: number }).stride ?? 1), 1);
      expect(total).toBe(defaultTotalStride(size));
      expect([o.inputShape, o.numClasses]).toEqual([[size, size, 3], 5]);
    }
  });

  it('keeps the 28 x 28 x 1 space of earlier releases unchanged (its benches and journals stay reproducible)', () => {
    expect(defaultSpaceOptions()).toEqual({
      skeleton: [
        { filters: 8, repeats: 1, stride: 1 },
        { filters: 16, repeats: 2, stride: 2 },
        { filters: 24, repeats: 2, stride: 2 },
        { filters: 32, repeats: 1, stride: 1 },
      ],
      inputShape: [28, 28, 1],
      numClasses: 10,
      stem: { filters: 8, kernel: 3, stride: 2 },
      head: { filters: 0, dropout: 0 },
    });
  });
});

describe('defaultSpaceOptions', () => {
  it('builds a 24-decision space at every side from 8 to 1024', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 1024 }), fc.constantFrom(1 as const, 3 as const), (inputSize, channels) => {
        const space = factorizedSpace(defaultSpaceOptions({ inputSize, channels, numClasses: 7 }));
        expect(space.decisions).toHaveLength(24);
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  it('refuses a bad or unknown option by its path', () => {
    const cases: [unknown, string][] = [
      [{ inputSize: 7 }, 'inputSize'],
      [{ inputSize: 28.5 }, 'inputSize'],
      [{ channels: 2 }, 'channels'],
      [{ numClasses: 0 }, 'numClasses'],
      [{ inputsize: 28 }, 'inputsize'],
    ];
    for (const [options, field] of cases) {
      const e = thrown(() => defaultSpaceOptions(options as never));
      expect(e).toBeInstanceOf(InvalidSpaceError);
      expect((e as InvalidSpaceError).path).toEqual([field]);
    }
    expect(thrown(() => defaultSpaceOptions(null as never))).toBeInstanceOf(InvalidSpaceError);
  });
});

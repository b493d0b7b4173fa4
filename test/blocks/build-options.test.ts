import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveBuildModelOptions } from '../../src/blocks/build-options.js';
import { InvalidOptionsError } from '../../src/index.js';

function message(options: unknown): string {
  try {
    resolveBuildModelOptions(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionsError);
    return `${(error as InvalidOptionsError).path.join('.')}: ${(error as Error).message}`;
  }
  throw new Error('expected a throw');
}

describe('resolveBuildModelOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveBuildModelOptions()).toEqual({
      seed: 0,
      output: 'softmax',
      dropout: undefined,
      bnMomentum: 0.99,
      bnEpsilon: 1e-3,
      batchSize: undefined,
      foldBatchNorm: false,
      name: 'mnas_model',
    });
  });

  it('keeps valid values as given', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.oneof(fc.integer(), fc.string()),
          output: fc.constantFrom('softmax', 'logits', 'features'),
          dropout: fc.double({ min: 0, max: 0.999, noNaN: true }),
          bnMomentum: fc.double({ min: 0, max: 0.999, noNaN: true }),
          bnEpsilon: fc.double({ min: 1e-9, max: 1, noNaN: true }),
          batchSize: fc.integer({ min: 1, max: 1024 }),
          foldBatchNorm: fc.boolean(),
        }),
        (options) => {
          expect(resolveBuildModelOptions(options)).toEqual({ ...options, name: 'mnas_model' });
        },
      ),
    );
  });

  it('names the bad option and the value received', () => {
    expect(message({ dropout: 1 })).toMatchInlineSnapshot(
      `"dropout: Invalid buildModel option at dropout: expected a number in [0, 1), received 1"`,
    );
    expect(message({ bnMomentum: -0.1 })).toMatchInlineSnapshot(
      `"bnMomentum: Invalid buildModel option at bnMomentum: expected a number in [0, 1), received -0.1"`,
    );
    expect(message({ bnEpsilon: 0 })).toMatchInlineSnapshot(
      `"bnEpsilon: Invalid buildModel option at bnEpsilon: expected a finite number > 0, received 0"`,
    );
    expect(message({ output: 'probs' })).toMatchInlineSnapshot(
      `"output: Invalid buildModel option at output: expected one of 'softmax', 'logits', 'features', received "probs""`,
    );
    expect(message({ batchSize: 1.5 })).toMatchInlineSnapshot(
      `"batchSize: Invalid buildModel option at batchSize: expected a positive integer, received 1.5"`,
    );
    expect(message({ seed: 0.5 })).toMatchInlineSnapshot(
      `"seed: Invalid buildModel option at seed: expected a safe integer or a string, received 0.5"`,
    );
    expect(message({ name: '1 model' })).toMatchInlineSnapshot(
      `"name: Invalid buildModel option at name: expected a name of letters, digits, _, . and - starting with a letter, received "1 model""`,
    );
    expect(message({ foldBatchNorm: 1 })).toMatchInlineSnapshot(
      `"foldBatchNorm: Invalid buildModel option at foldBatchNorm: expected a boolean, received 1"`,
    );
    expect(message({ includeTop: false })).toMatchInlineSnapshot(
      `"includeTop: Invalid buildModel option at includeTop: expected a known key (seed, output, dropout, bnMomentum, bnEpsilon, batchSize, foldBatchNorm, name), received false"`,
    );
    expect(message(null)).toMatchInlineSnapshot(`": Invalid buildModel option at (root): expected an object, received null"`);
  });
});

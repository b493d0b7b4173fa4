import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidArchitectureError,
  InvalidOptionsError,
  assertArchitecture,
  mnasnetA1,
  mnasnetB1,
  mnasnetSmall,
  mobilenetV2,
  validateArchitecture,
  type Architecture,
} from './imports.js';
import { thrown } from './thrown.js';

const withBlock = (a: Architecture, i: number, patch: Record<string, unknown>): unknown => ({
  ...a,
  blocks: a.blocks.map((b, j) => (j === i ? { ...b, ...patch } : b)),
});

describe('validateArchitecture', () => {
  it('accepts every preset', () => {
    for (const f of [mnasnetA1, mnasnetB1, mnasnetSmall, mobilenetV2]) {
      for (const w of [0.35, 1, 1.4]) expect(validateArchitecture(f({ widthMultiplier: w })).ok).toBe(true);
    }
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }), (v) => {
        const r = validateArchitecture(v);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    const r = validateArchitecture(hostile);
    expect(r.ok).toBe(false);
  });

  it('reports every issue with its path', () => {
    const r = validateArchitecture({ ...mnasnetA1(), numClasses: 0, stem: { filters: 32, kernel: 4, stride: 2 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual([['numClasses'], ['stem', 'kernel']]);
    expect(r.error).toBeInstanceOf(InvalidArchitectureError);
    expect(r.error.message).toBe('Invalid architecture at numClasses: expected an integer in [1, 100000], received 0 (and 1 more issue)');
  });
});

describe('assertArchitecture', () => {
  const a1 = mnasnetA1();
  const cases: [string, unknown, (string | number)[], string][] = [
    [
      'kernel is even',
      withBlock(a1, 2, { kernel: 4 }),
      ['blocks', 2, 'kernel'],
      'Invalid architecture at blocks[2].kernel: expected an odd integer in [1, 15], received 4',
    ],
    [
      'op is unknown',
      withBlock(a1, 0, { op: 'sepconv' }),
      ['blocks', 0, 'op'],
      `Invalid architecture at blocks[0].op: expected one of 'conv', 'dwconv', 'mbconv', received "sepconv"`,
    ],
    [
      'conv has an expansion',
      withBlock(a1, 1, { op: 'conv' }),
      ['blocks', 1, 'expansion'],
      "Invalid architecture at blocks[1].expansion: expected 1 (op 'conv' has no expansion), received 6",
    ],
    [
      'seRatio is above 1',
      withBlock(a1, 1, { seRatio: 1.5 }),
      ['blocks', 1, 'seRatio'],
      'Invalid architecture at blocks[1].seRatio: expected a number in [0, 1], received 1.5',
    ],
    [
      'stride is 3',
      withBlock(a1, 3, { stride: 3 }),
      ['blocks', 3, 'stride'],
      'Invalid architecture at blocks[3].stride: expected 1 or 2, received 3',
    ],
    [
      'filters is NaN',
      withBlock(a1, 3, { filters: Number.NaN }),
      ['blocks', 3, 'filters'],
      'Invalid architecture at blocks[3].filters: expected an integer in [1, 4096], received NaN',
    ],
    [
      'repeats is negative',
      withBlock(a1, 3, { repeats: -1 }),
      ['blocks', 3, 'repeats'],
      'Invalid architecture at blocks[3].repeats: expected an integer in [0, 32], received -1',
    ],
    [
      'skip is unknown',
      withBlock(a1, 3, { skip: 'residual' }),
      ['blocks', 3, 'skip'],
      `Invalid architecture at blocks[3].skip: expected one of 'none', 'identity', 'pool', received "residual"`,
    ],
    [
      'a block has an unknown field',
      withBlock(a1, 3, { inputFilters: 40 }),
      ['blocks', 3, 'inputFilters'],
      'Invalid architecture at blocks[3].inputFilters: expected no such field (allowed: op, kernel, expansion, seRatio, skip, filters, repeats, stride), received 40',
    ],
    [
      'inputShape has 2 entries',
      { ...a1, inputShape: [224, 224] },
      ['inputShape'],
      'Invalid architecture at inputShape: expected an array [height, width, channels], received [224, 224]',
    ],
    [
      'an input dimension is 0',
      { ...a1, inputShape: [224, 0, 3] },
      ['inputShape', 1],
      'Invalid architecture at inputShape[1]: expected an integer in [1, 1024], received 0',
    ],
    [
      'dropout is 1',
      { ...a1, head: { filters: 1280, dropout: 1 } },
      ['head', 'dropout'],
      'Invalid architecture at head.dropout: expected a number in [0, 1), received 1',
    ],
    [
      'activation is unknown',
      { ...a1, activation: 'swish' },
      ['activation'],
      `Invalid architecture at activation: expected 'relu' or 'relu6', received "swish"`,
    ],
    [
      'blocks is empty',
      { ...a1, blocks: [] },
      ['blocks'],
      'Invalid architecture at blocks: expected a non-empty array of at most 64 blocks, received []',
    ],
    ['it is not an object', 42, [], 'Invalid architecture at (root): expected an architecture object, received 42'],
  ];
  it.each(cases)('throws InvalidArchitectureError when %s', (_name, value, path, message) => {
    const e = thrown(() => assertArchitecture(value));
    expect(e).toBeInstanceOf(InvalidArchitectureError);
    expect((e as InvalidArchitectureError).code).toBe('invalid_architecture');
    expect((e as InvalidArchitectureError).path).toEqual(path);
    expect((e as Error).message).toBe(message);
  });
});

describe('presets', () => {
  it('use the documented defaults', () => {
    const a = mnasnetA1();
    expect(a.inputShape).toEqual([224, 224, 3]);
    expect(a.numClasses).toBe(1000);
    expect(a.stem).toEqual({ filters: 32, kernel: 3, stride: 2 });
    expect(a.head).toEqual({ filters: 1280, dropout: 0.2 });
    expect(mobilenetV2().activation).toBe('relu6');
  });

  it('take inputShape and numClasses', () => {
    const a = mnasnetB1({ inputShape: [96, 128, 1], numClasses: 10 });
    expect(a.inputShape).toEqual([96, 128, 1]);
    expect(a.numClasses).toBe(10);
  });

  it('scale the widths with the 90% rounding rule and keep the MnasNet head at 1280', () => {
    const a = mnasnetA1({ widthMultiplier: 0.5 });
    expect(a.stem.filters).toBe(16);
    expect(a.blocks.map((b) => b.filters)).toEqual([8, 16, 24, 40, 56, 80, 160]);
    expect(a.head.filters).toBe(1280);
    expect(mobilenetV2({ widthMultiplier: 1.4 }).head.filters).toBe(1792);
  });

  const bad: [string, unknown, (string | number)[], string][] = [
    [
      'widthMultiplier is 0',
      { widthMultiplier: 0 },
      ['widthMultiplier'],
      'Invalid option widthMultiplier: expected a number in (0, 10], received 0',
    ],
    [
      'numClasses is 2.5',
      { numClasses: 2.5 },
      ['numClasses'],
      'Invalid option numClasses: expected an integer in [1, 100000], received 2.5',
    ],
    [
      'inputShape has a string',
      { inputShape: [224, '224', 3] },
      ['inputShape', 1],
      'Invalid option inputShape[1]: expected an integer in [1, 1024], received "224"',
    ],
    [
      'an option is unknown',
      { width: 0.5 },
      ['width'],
      'Invalid option width: expected a known key (widthMultiplier, inputShape, numClasses), received 0.5',
    ],
  ];
  it.each(bad)('throw InvalidOptionsError when %s', (_n, options, path, message) => {
    const e = thrown(() => mnasnetA1(options as never));
    expect(e).toBeInstanceOf(InvalidOptionsError);
    expect((e as InvalidOptionsError).path).toEqual(path);
    expect((e as Error).message).toBe(message);
  });
});

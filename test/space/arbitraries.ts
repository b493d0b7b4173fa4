import fc from 'fast-check';
import type { BlockSpec, Decision } from './imports.js';

/** Any valid BlockSpec. */
export const blockSpecArb: fc.Arbitrary<BlockSpec> = fc
  .record({
    op: fc.constantFrom('conv' as const, 'dwconv' as const, 'mbconv' as const),
    kernel: fc.integer({ min: 0, max: 7 }).map((k) => 2 * k + 1),
    expansion: fc.integer({ min: 1, max: 8 }),
    seRatio: fc.oneof(
      fc.constantFrom(0, 0.25, 0.5, 1),
      fc.double({ min: 0, max: 1, noNaN: true }).map((x) => (x === 0 ? 0 : x)),
    ),
    skip: fc.constantFrom('none' as const, 'identity' as const, 'pool' as const),
    filters: fc.integer({ min: 1, max: 4096 }),
    repeats: fc.integer({ min: 0, max: 12 }),
    stride: fc.constantFrom(1, 2),
  })
  .map((b) => (b.op === 'mbconv' ? b : { ...b, expansion: 1 }));

/** Token lists that fit a space's decisions. */
export const tokensArb = (decisions: readonly Decision[]): fc.Arbitrary<number[]> =>
  fc.tuple(...decisions.map((d) => fc.integer({ min: 0, max: d.size - 1 })));

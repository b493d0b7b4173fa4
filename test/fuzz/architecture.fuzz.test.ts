import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArchitectureError } from '../../src/errors.js';
import { costBreakdown } from '../../src/space/cost.js';
import { mnasnetA1, mnasnetSmall } from '../../src/space/presets.js';
import type { Architecture } from '../../src/space/types.js';
import { assertArchitecture, validateArchitecture } from '../../src/space/validate.js';
import { LIMITS } from '../../src/validate.js';
import { HOSTILE_NUMBERS, fuzzParams, fuzzTimeout } from './settings.js';

const RUNS = 1000;

/** Paths of the numeric fields of an architecture with `blocks` blocks. */
function numericPaths(blocks: number): (string | number)[][] {
  const out: (string | number)[][] = [
    ['inputShape', 0],
    ['inputShape', 1],
    ['inputShape', 2],
    ['numClasses'],
    ['stem', 'filters'],
    ['stem', 'kernel'],
    ['stem', 'stride'],
    ['head', 'filters'],
    ['head', 'dropout'],
  ];
  for (let i = 0; i < blocks; i++)
    for (const k of ['kernel', 'expansion', 'seRatio', 'filters', 'repeats', 'stride']) out.push(['blocks', i, k]);
  return out;
}

/** A deep copy of `arch` with the value at `path` replaced. */
function setAt(arch: Architecture, path: readonly (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(arch)) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

const base = [mnasnetA1(), mnasnetSmall({ inputShape: [64, 64, 3], numClasses: 10 })];
const numberArb = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.integer({ min: -2, max: 5000 }), fc.double());
/** Valid architectures with one to three numeric fields replaced by anything numeric-ish. */
const mutatedArb = fc
  .tuple(fc.constantFrom(...base), fc.array(fc.tuple(fc.nat(), numberArb), { minLength: 1, maxLength: 3 }))
  .map(([arch, edits]) => {
    const paths = numericPaths(arch.blocks.length);
    let out: unknown = arch;
    for (const [i, v] of edits) out = setAt(out as Architecture, paths[i % paths.length] as (string | number)[], v);
    return out;
  });

function checkVerdict(value: unknown): void {
  const r = validateArchitecture(value);
  if (r.ok) {
    // A valid architecture is within every limit, so building it cannot allocate gigabytes.
    const cost = costBreakdown(r.value);
    expect(cost.params).toBeLessThanOrEqual(LIMITS.params);
    expect(cost.macs).toBeLessThanOrEqual(LIMITS.macs);
    expect(Math.max(...r.value.inputShape.slice(0, 2))).toBeLessThanOrEqual(LIMITS.inputSide);
  } else {
    expect(r.error).toBeInstanceOf(InvalidArchitectureError);
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.error.path).toEqual(r.issues[0]?.path);
    expect(typeof r.error.expected).toBe('string');
    expect(() => assertArchitecture(value)).toThrow(InvalidArchitectureError);
  }
}

describe('validateArchitecture (fuzz)', () => {
  it(
    'gives a verdict within the limits, or an InvalidArchitectureError with a path, for mutated presets',
    () => {
      fc.assert(fc.property(mutatedArb, checkVerdict), fuzzParams(RUNS));
    },
    fuzzTimeout(RUNS),
  );

  it(
    'gives a verdict for any JSON value and never throws',
    () => {
      fc.assert(fc.property(fc.jsonValue(), checkVerdict), fuzzParams(RUNS));
    },
    fuzzTimeout(RUNS),
  );

  it(
    'gives a verdict for any value (null prototypes, bigints, typed arrays)',
    () => {
      fc.assert(
        fc.property(
          fc.anything({ withNullPrototype: true, withBigInt: true, withTypedArray: true, withMap: true, withSet: true }),
          checkVerdict,
        ),
        fuzzParams(RUNS / 2),
      );
    },
    fuzzTimeout(RUNS / 2),
  );
});

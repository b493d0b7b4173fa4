import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSpaceOptions } from '../../src/space/default-space.js';
import { analyticFeatures, countMacs, countParams, defineSpace, factorizedSpace, mnasnetA1 } from '../../src/index.js';

describe('analyticFeatures', () => {
  const space = factorizedSpace(defaultSpaceOptions());
  const features = analyticFeatures(space);

  it('gives the logs of the analytic MACs and parameter count of the decoded architecture', () => {
    fc.assert(
      fc.property(fc.tuple(...space.decisions.map((d) => fc.integer({ min: 0, max: d.size - 1 }))), (tokens) => {
        const arch = space.decode(tokens);
        const [macs, params] = features(tokens);
        expect(macs).toBeCloseTo(Math.log(countMacs(arch)), 12);
        expect(params).toBeCloseTo(Math.log(countParams(arch)), 12);
      }),
      { numRuns: 30 },
    );
  });

  it('gives [0, 0] for tokens that do not decode to a valid architecture', () => {
    const broken = defineSpace({
      decisions: [{ name: 'a', size: 2 }],
      decode: (t) => (t[0] === 0 ? mnasnetA1() : ({ not: 'an architecture' } as never)),
      encode: () => [0],
    });
    const f = analyticFeatures(broken);
    expect(f([0])[0]).toBeCloseTo(Math.log(countMacs(mnasnetA1())), 12);
    expect(f([1])).toEqual([0, 0]);
  });
});

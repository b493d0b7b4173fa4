import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';

describe('package root', () => {
  it('exports the space API', () => {
    const names = [
      'validateArchitecture', 'assertArchitecture', 'isArchitecture', 'parseBlock', 'parseBlocks', 'formatBlock', 'formatBlocks',
      'roundFilters', 'applyWidthMultiplier', 'applyDepthMultiplier', 'mnasnetA1', 'mnasnetB1', 'mnasnetSmall', 'mobilenetV2',
      'countParams', 'countMacs', 'costBreakdown', 'resolveNetwork', 'mnasnetSpace', 'factorizedSpace', 'defineSpace',
      'validateTokens', 'sampleTokens', 'canonicalArchitectureKey', 'hashArchitecture', 'MOBILENET_V2_SKELETON', 'MNASNET_OPS',
    ];
    for (const name of names) expect(typeof (root as Record<string, unknown>)[name], name).not.toBe('undefined');
    expect(root.countParams(root.mnasnetB1())).toBe(4_383_312);
  });
});

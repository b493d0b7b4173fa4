import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';

const INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** Every name the root module exports, values and types, as `name (value|type)` lines, sorted. */
function publicSurface(): string[] {
  const program = ts.createProgram([INDEX], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  return checker
    .getExportsOfModule(module)
    .map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return `${s.name} (${target.flags & ts.SymbolFlags.Value ? 'value' : 'type'})`;
    })
    .sort();
}

describe('package root', () => {
  let surface: string[] = [];
  beforeAll(() => {
    surface = publicSurface();
  }, 120_000);

  it('exports the space API', () => {
    const names = [
      'validateArchitecture',
      'assertArchitecture',
      'isArchitecture',
      'parseBlock',
      'parseBlocks',
      'formatBlock',
      'formatBlocks',
      'roundFilters',
      'applyWidthMultiplier',
      'applyDepthMultiplier',
      'mnasnetA1',
      'mnasnetB1',
      'mnasnetSmall',
      'mobilenetV2',
      'countParams',
      'countMacs',
      'costBreakdown',
      'resolveNetwork',
      'mnasnetSpace',
      'factorizedSpace',
      'defineSpace',
      'validateTokens',
      'sampleTokens',
      'canonicalArchitectureKey',
      'hashArchitecture',
      'MOBILENET_V2_SKELETON',
      'MNASNET_OPS',
    ];
    for (const name of names) expect(typeof (root as Record<string, unknown>)[name], name).not.toBe('undefined');
    expect(root.countParams(root.mnasnetB1())).toBe(4_383_312);
  });

  it('exports exactly the curated names (src/index.ts): add to the public surface deliberately, then update the snapshot', async () => {
    // The runtime module and the type checker agree on the values.
    expect(Object.keys(root).sort()).toEqual(surface.filter((l) => l.endsWith('(value)')).map((l) => l.split(' ')[0]));
    await expect(`${surface.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/public-api.txt');
  });

  it('exports the registries of the extension points', () => {
    expect(root.controllers.names()).toContain('ppo');
    expect(root.controllerWrappers.names()).toContain('prefilter');
    expect(root.latencyMeasurers.names()).toContain('wasm');
    expect(new root.Registry('widget').names()).toEqual([]);
  });

  it('keeps test oracles and internal helpers out of the root', () => {
    const names = new Set(surface.map((l) => l.split(' ')[0]));
    for (const name of [
      'policyGradients',
      'tfStepLogProbs',
      'jsPolicyGradients',
      'forwardBatch',
      'mergeCaches',
      'TRAINING_BENCHMARK_ARCHITECTURE',
      'fnv1a64',
      'packageDataDir',
      'wasmTrainingKernelConfigs',
      // The option checks behind the registries' resolveOptions.
      'optionsObject',
      'resolveBaseControllerOptions',
      'resolveEvolutionOptions',
      'resolveNsgaIIOptions',
      'resolvePpoOptions',
      'resolveReinforceOptions',
      'resolvePrefilterCandidates',
      'resolveCountLatencyOptions',
    ]) {
      expect(names.has(name), name).toBe(false);
    }
    expect(names.has('search')).toBe(true);
  });
});

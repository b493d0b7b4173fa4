/**
 * Every evaluator, pruner and zero-cost proxy refuses an option it does not
 * know, by its path: through its registry entry and its resolver alike.
 */
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/index.js';
import { evaluators, pruners, zeroCostProxies } from '../../src/entries/evaluate.js';
import { PROXY_TRAINER_KEYS, resolveProxyTrainerOptions } from '../../src/evaluate/proxy-trainer-options.js';
import { resolveSupernetOptions } from '../../src/evaluate/supernet/supernet-options.js';
import { resolveSupernetTrainOptions } from '../../src/evaluate/supernet/train-supernet.js';
import { itRefusesUnknownKeys } from '../known-keys.js';

describe('evaluators refuse unknown keys', () => {
  describe("evaluators.get('proxy').resolveOptions", () => {
    itRefusesUnknownKeys({
      resolve: (o) => evaluators.get('proxy').resolveOptions(o),
      valid: { steps: 4 },
      known: PROXY_TRAINER_KEYS,
      misspelt: 'learningrate',
      ErrorClass: InvalidOptionsError,
    });
  });
  describe("evaluators.get('zero-cost').resolveOptions", () => {
    itRefusesUnknownKeys({
      resolve: (o) => evaluators.get('zero-cost').resolveOptions(o),
      valid: { proxy: 'snip' },
      known: ['proxy', 'dataset', 'batchSize', 'seed', 'center', 'scale'],
      misspelt: 'proxies',
      ErrorClass: InvalidOptionsError,
    });
  });
  it("evaluators.get('supernet').resolveOptions names the unknown key before anything else", () => {
    expect(() => evaluators.get('supernet').resolveOptions({ supernet: undefined, calibrationBatch: 2 })).toThrow(
      expect.objectContaining({ name: 'InvalidOptionsError', path: ['calibrationBatch'] }),
    );
  });
  for (const entry of pruners.entries()) {
    describe(`pruners.get('${entry.name}').resolveOptions`, () => {
      itRefusesUnknownKeys({
        resolve: (o) => entry.resolveOptions(o),
        valid: { minResource: 2, maxResource: 8 },
        known: ['minResource', 'reductionFactor', 'minTrialsAtRung', 'maxResource', 'direction'],
        misspelt: 'reduction',
        ErrorClass: InvalidOptionsError,
      });
    });
  }
  for (const entry of zeroCostProxies.entries()) {
    describe(`zeroCostProxies.get('${entry.name}').resolveOptions`, () => {
      itRefusesUnknownKeys({
        resolve: (o) => entry.resolveOptions(o),
        valid: { seed: 1 },
        known: ['seed'],
        misspelt: 'sed',
        ErrorClass: InvalidOptionsError,
        runs: 10,
      });
    });
  }
  it('the resolvers of the supernet, its training and ProxyTrainer', () => {
    const cases: [() => unknown, string][] = [
      [() => resolveSupernetOptions({ space: {}, seeds: 1 } as never), 'seeds'],
      [() => resolveSupernetTrainOptions({ step: 1 } as never), 'step'],
      [() => resolveProxyTrainerOptions({ epoch: 1 } as never), 'epoch'],
    ];
    for (const [f, key] of cases) expect(f).toThrow(expect.objectContaining({ name: 'InvalidOptionsError', path: [key] }));
  });
});

describe('null is not a missing option', () => {
  it('is refused where a default would fill an undefined one', () => {
    const cases: [() => unknown, string][] = [
      [() => resolveProxyTrainerOptions({ registerKernels: null } as never), 'registerKernels'],
      [() => zeroCostProxies.get('snip').resolveOptions({ seed: null }), 'seed'],
    ];
    for (const [f, key] of cases) expect(f).toThrow(expect.objectContaining({ name: 'InvalidOptionsError', path: [key] }));
  });
});

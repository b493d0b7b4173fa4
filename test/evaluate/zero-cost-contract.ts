/**
 * The contract every zero-cost proxy of `zeroCostProxies` passes
 * (`zero-cost-contract.test.ts` runs it over the whole registry, so no entry
 * can skip it).
 *
 * A proxy's scorer must: give a number that is not NaN, and finite on small
 * networks, for every preset and for networks sampled from a space; give the
 * same score for the same seed and batch; depend on the seed and the batch
 * exactly as its `reads` says; leave no tensor behind, also when it throws;
 * refuse an invalid architecture with InvalidArchitectureError; and its
 * options check must fill the default, be idempotent and name a bad field.
 * Its squash must map every score into [0, 1] without reversing an order.
 */

import * as tf from '../../src/tfjs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArchitectureError, InvalidOptionsError } from '../../src/errors.js';
import { adaptImages } from '../../src/evaluate/adapt-images.js';
import { subsetDataset, type ImageDataset } from '../../src/evaluate/image-dataset.js';
import { loadMnist } from '../../src/evaluate/mnist.js';
import { squashScore } from '../../src/evaluate/zero-cost/zero-cost-evaluator.js';
import type { ZeroCostProxy, ZeroCostProxyEntry, ZeroCostScorer } from '../../src/evaluate/zero-cost/zero-cost-proxies.js';
import { Rng } from '../../src/rng.js';
import { factorizedSpace } from '../../src/space/factorized-space.js';
import { createModel, listModels } from '../../src/space/registry.js';
import type { Architecture } from '../../src/space/types.js';
import { thrown } from '../space/thrown.js';
import { cliSpace } from './supernet-fixtures.js';
import { PROXY_ARCH } from './fixtures.js';

/** Images of the scoring batches: MNIST digits `first .. first + count - 1`, adapted to `arch`'s input. */
function batchFor(arch: Architecture, first = 0, count = 6): ImageDataset {
  const indices = Array.from({ length: count }, (_, i) => first + i);
  return adaptImages(subsetDataset(loadMnist(), indices), arch.inputShape);
}

/** Every preset of `createModel`, narrow and small, so that scoring one takes a fraction of a second. */
function presets(): { name: string; arch: Architecture }[] {
  return listModels().map((name) => ({
    name,
    arch: createModel(name, { widthMultiplier: 0.35, inputShape: [32, 32, 3], numClasses: 10 }),
  }));
}

/** Three networks sampled (pinned seeds) from the CLI's default space at 16 x 16 x 1. */
function sampled(): Architecture[] {
  const space = factorizedSpace(cliSpace(16));
  return [1, 2, 3].map((seed) => space.sample(new Rng(seed)));
}

/** Runs `fn` and checks that it leaves as many tensors as it found (also when it throws, which is rethrown). */
function noLeak<R>(fn: () => R): R {
  const before = tf.memory().numTensors;
  try {
    return fn();
  } finally {
    expect(tf.memory().numTensors).toBe(before);
  }
}

function scorer(entry: ZeroCostProxyEntry, seed: number | string): ZeroCostScorer {
  return entry.create(entry.resolveOptions({ seed }), undefined);
}

/**
 * The zero-cost proxy contract for one registry entry. Call inside a file
 * that has set an active tfjs backend able to take gradients.
 */
export function describeZeroCostProxyContract(entry: ZeroCostProxyEntry, timeoutMs = 60_000): void {
  describe(`zero-cost proxy ${entry.name}`, () => {
    it('describes itself and says what it reads and how it squashes', () => {
      expect(entry.description.length).toBeGreaterThan(10);
      expect(['architecture', 'weights', 'batch']).toContain(entry.reads);
      expect(['log', 'linear']).toContain(entry.squash);
    });

    it('fills the default seed, resolves idempotently and names a bad option', () => {
      expect(entry.resolveOptions(undefined)).toEqual({ seed: 0 });
      const resolved = entry.resolveOptions({ seed: 'a' });
      expect(entry.resolveOptions(resolved)).toEqual(resolved);
      for (const [bad, path] of [
        [{ seed: 1.5 }, ['seed']],
        [{ seed: null }, ['seed']],
        [{ sed: 1 }, ['sed']],
      ] as const) {
        const error = thrown(() => entry.resolveOptions(bad));
        expect(error).toBeInstanceOf(InvalidOptionsError);
        expect((error as InvalidOptionsError).path).toEqual(path);
      }
      expect(() => entry.resolveOptions(7)).toThrow(InvalidOptionsError);
    });

    it(
      'scores every preset with a number that is not NaN (>= 0 when squashed by its log), leaving no tensor',
      () => {
        for (const { name, arch } of presets()) {
          const score = noLeak(() => scorer(entry, 0)(arch, batchFor(arch)));
          expect(Number.isNaN(score), name).toBe(false);
          if (entry.squash === 'log') expect(score, name).toBeGreaterThanOrEqual(0);
          const accuracy = squashScore(score, { proxy: entry.name as ZeroCostProxy, center: 0, scale: 1 });
          expect(accuracy >= 0 && accuracy <= 1, name).toBe(true);
        }
      },
      timeoutMs,
    );

    it(
      'scores sampled networks with a finite number, the same for the same seed and batch',
      () => {
        for (const arch of [PROXY_ARCH, ...sampled()]) {
          const batch = batchFor(arch);
          const score = noLeak(() => scorer(entry, 5)(arch, batch));
          expect(Number.isFinite(score)).toBe(true);
          expect(noLeak(() => scorer(entry, 5)(arch, batch))).toBe(score);
        }
      },
      timeoutMs,
    );

    it(
      `depends on the seed and the batch as reads = '${entry.reads}' says`,
      () => {
        const batch = batchFor(PROXY_ARCH);
        const other = batchFor(PROXY_ARCH, 100);
        const score = scorer(entry, 1)(PROXY_ARCH, batch);
        const otherSeed = scorer(entry, 2)(PROXY_ARCH, batch);
        const otherBatch = scorer(entry, 1)(PROXY_ARCH, other);
        if (entry.reads === 'architecture') expect(otherSeed).toBe(score);
        else expect(otherSeed).not.toBe(score);
        if (entry.reads === 'batch') expect(otherBatch).not.toBe(score);
        else expect(otherBatch).toBe(score);
      },
      timeoutMs,
    );

    it('refuses an invalid architecture with InvalidArchitectureError and leaves no tensor', () => {
      const invalid = { ...PROXY_ARCH, stem: { ...PROXY_ARCH.stem, kernel: 4 } };
      noLeak(() => expect(() => scorer(entry, 0)(invalid, batchFor(PROXY_ARCH))).toThrow(InvalidArchitectureError));
    });

    it('squashes every score into [0, 1] without reversing an order', () => {
      const o = { proxy: entry.name as ZeroCostProxy, center: 0.5, scale: 2 };
      const score =
        entry.squash === 'log' ? fc.double({ min: 0, max: 1e30, noNaN: true }) : fc.double({ min: -1e3, max: 1e3, noNaN: true });
      fc.assert(
        fc.property(score, score, (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const [sLo, sHi] = [squashScore(lo, o), squashScore(hi, o)];
          return sLo >= 0 && sHi <= 1 && sLo <= sHi;
        }),
        { seed: 29, numRuns: 200 },
      );
    });
  });
}

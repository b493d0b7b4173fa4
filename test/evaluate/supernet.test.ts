import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel, registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { InvalidArchitectureError, InvalidOptionsError, InvalidSpaceError } from '../../src/errors.js';
import { BnStatistics, Supernet } from '../../src/evaluate/supernet/index.js';
import { Rng } from '../../src/rng.js';
import type { Architecture } from '../../src/space/types.js';
import { cliSpace, randomizeWeights } from './supernet-fixtures.js';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

/** Largest absolute difference between two tensors' values. */
function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

describe('Supernet subnets', () => {
  it('give the outputs of the standalone buildModel(subnet) holding the sliced weights, in inference and training mode (property, fixed seed)', () => {
    const before = tf.memory().numTensors;
    const supernet = Supernet.create({ space: cliSpace(16), seed: 3 });
    randomizeWeights(supernet, 3);
    const x = tf.randomNormal([3, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const calibration = tf.randomNormal([6, 16, 16, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
    const seen = { ops: new Set<string>(), skips: new Set<string>(), kernels: new Set<number>(), se: new Set<number>(), absent: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const arch = supernet.space.sample(new Rng(seed));
        for (const b of arch.blocks) {
          seen.ops.add(`${b.op}${b.expansion}`);
          seen.skips.add(b.skip);
          seen.kernels.add(b.kernel);
          seen.se.add(b.seRatio);
          if (b.repeats === 0) seen.absent += 1;
        }
        const stats = supernet.calibrate(arch, [calibration]);
        const model = supernet.toModel(arch, { statistics: stats });
        try {
          const [inferDiff, trainDiff, scale] = tf.tidy(() => {
            const mine = supernet.forward(x, arch, { statistics: stats });
            const theirs = model.predict(x) as tf.Tensor;
            const mineTrain = supernet.forward(x, arch, { training: true });
            const theirsTrain = model.apply(x, { training: true }) as tf.Tensor;
            return [maxDiff(mine, theirs), maxDiff(mineTrain, theirsTrain), tf.max(tf.abs(theirs)).dataSync()[0] as number];
          });
          expect(scale).toBeGreaterThan(1e-3);
          expect(inferDiff).toBeLessThan(1e-4 * Math.max(1, scale));
          expect(trainDiff).toBeLessThan(1e-4 * Math.max(1, scale));
        } finally {
          disposeModel(model);
          stats.dispose();
        }
      }),
      { numRuns: 24, seed: 42 },
    );
    // The samples covered every op, skip, kernel and SE choice, and absent blocks.
    expect([...seen.ops].sort()).toEqual(['conv1', 'dwconv1', 'mbconv3', 'mbconv6']);
    expect([...seen.skips].sort()).toEqual(['identity', 'none', 'pool']);
    expect([...seen.kernels].sort()).toEqual([3, 5]);
    expect([...seen.se].sort()).toEqual([0, 0.25]);
    expect(seen.absent).toBeGreaterThan(0);
    tf.dispose([x, calibration]);
    supernet.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

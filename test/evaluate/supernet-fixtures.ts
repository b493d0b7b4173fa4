import * as tf from '../../src/tfjs.js';
import type { FactorizedSpaceOptions } from '../../src/space/factorized-options.js';
import type { Supernet } from '../../src/evaluate/supernet/index.js';

/**
 * The default CLI space (`mnistSpaceOptions` of src/cli/defaults.ts: stride-2 stem of 8,
 * four searchable blocks 8/16/24/32 filters, layers 1/2/2/1, strides 1/2/2/1, the MnasNet
 * choices) at a given input size.
 */
export function cliSpace(inputSize: number): FactorizedSpaceOptions {
  return {
    skeleton: [
      { filters: 8, repeats: 1, stride: 1 },
      { filters: 16, repeats: 2, stride: 2 },
      { filters: 24, repeats: 2, stride: 2 },
      { filters: 32, repeats: 1, stride: 1 },
    ],
    inputShape: [inputSize, inputSize, 1],
    numClasses: 10,
    stem: { filters: 8, kernel: 3, stride: 2 },
    head: { filters: 0, dropout: 0 },
  };
}

/** A tiny space for the leak and training tests: 8 x 8 x 1 input, two small searchable blocks. */
export const TINY_SPACE: FactorizedSpaceOptions = {
  skeleton: [
    { filters: 4, repeats: 1, stride: 2 },
    { filters: 8, repeats: 1, stride: 1 },
  ],
  inputShape: [8, 8, 1],
  numClasses: 10,
  stem: { filters: 4, kernel: 3, stride: 1 },
  head: { filters: 0, dropout: 0 },
};

/** Perturbs every supernet variable with seeded noise (BN scales near 1, shifts and biases non-zero), so that a wrong slice shows. */
export function randomizeWeights(supernet: Supernet, seed: number): void {
  let i = 0;
  for (const [key, v] of supernet.variables()) {
    const s = seed * 1000 + i++;
    tf.tidy(() => {
      const noise = tf.randomNormal(v.shape, 0, 0.3, 'float32', s);
      v.assign(key.endsWith('/gamma') ? tf.add(1, noise) : key.endsWith('kernel') ? tf.add(v, tf.mul(noise, 0.3)) : noise);
    });
  }
}

import * as tf from '../../src/tfjs.js';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/blocks/build-model.js';
import { InvalidArchitectureError } from '../../src/errors.js';
import type { Architecture, BlockSpec } from '../../src/space/types.js';

const conv: BlockSpec = { op: 'conv', kernel: 15, expansion: 1, seRatio: 0, skip: 'none', filters: 4096, repeats: 32, stride: 1 };
/** Every field within its own limit, but 64 blocks of 32 layers of 4096 x 4096 x 15 x 15 convs: about 2e14 weights. */
const huge: Architecture = {
  inputShape: [8, 8, 3],
  numClasses: 100_000,
  activation: 'relu',
  stem: { filters: 4096, kernel: 15, stride: 1 },
  blocks: Array.from({ length: 64 }, () => conv),
  head: { filters: 4096, dropout: 0 },
};

describe('buildModel', () => {
  it('refuses an architecture past the cost limits before allocating anything', () => {
    const before = tf.memory();
    let error: unknown;
    try {
      buildModel(huge);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArchitectureError);
    expect((error as InvalidArchitectureError).path).toEqual(['blocks', 0]);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });
});

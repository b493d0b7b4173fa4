/** Architectures and small hand-made models for the exporter tests. */

import * as tf from '../../src/tfjs.js';
import { Rng } from '../../src/rng.js';
import { applyWidthMultiplier, mnasnetSpace } from '../../src/space/index.js';
import type { Architecture } from '../../src/space/types.js';

/**
 * Every op and skip of the space at 32 x 32: dwconv with identity skip,
 * mbconv with SE (broadcast MUL) and identity, conv with the pool skip
 * (AVERAGE_POOL_2D + 1x1 conv shortcut), head conv; ReLU6.
 */
export function everyOpArch(activation: 'relu' | 'relu6' = 'relu6'): Architecture {
  return {
    inputShape: [32, 32, 3],
    numClasses: 10,
    activation,
    stem: { filters: 8, kernel: 3, stride: 2 },
    blocks: [
      { op: 'dwconv', kernel: 3, expansion: 1, seRatio: 0, skip: 'identity', filters: 8, repeats: 1, stride: 1 },
      { op: 'mbconv', kernel: 5, expansion: 3, seRatio: 0.25, skip: 'identity', filters: 16, repeats: 2, stride: 2 },
      { op: 'conv', kernel: 3, expansion: 1, seRatio: 0, skip: 'pool', filters: 24, repeats: 2, stride: 2 },
    ],
    head: { filters: 32, dropout: 0.2 },
  };
}

/**
 * `count` architectures sampled uniformly from the MnasNet space at a small
 * input (10 classes), seeded, then narrowed by `width` (stem, blocks and head)
 * to keep the files small.
 */
export function sampledArchs(
  count: number,
  seed: number,
  width = 1,
  inputShape: readonly [number, number, number] = [32, 32, 3],
): Architecture[] {
  const space = mnasnetSpace({ inputShape, numClasses: 10 });
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const arch = space.sample(rng);
    return width === 1 ? arch : applyWidthMultiplier(arch, width, { head: 'scale' });
  });
}

/**
 * A small functional model with the layers the MnasNet space does not use
 * but the exporter supports: ZeroPadding2D, a `valid` conv, MaxPooling2D,
 * Concatenate (two branches), Flatten, Dense. Seeded weights.
 */
export function otherLayersModel(seed: number): tf.LayersModel {
  const init = (k: number): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed * 10 + k });
  const input = tf.input({ shape: [12, 12, 3], name: 'image' });
  const padded = tf.layers
    .zeroPadding2d({
      padding: [
        [1, 2],
        [2, 1],
      ],
      name: 'pad',
    })
    .apply(input) as tf.SymbolicTensor;
  const conv = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: init(1), name: 'conv' })
    .apply(padded) as tf.SymbolicTensor;
  const pooled = tf.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: 'max' }).apply(conv) as tf.SymbolicTensor;
  const side = tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'avg' }).apply(conv) as tf.SymbolicTensor;
  const both = tf.layers.concatenate({ axis: -1, name: 'cat' }).apply([pooled, side]) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'flat' }).apply(both) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, kernelInitializer: init(2), name: 'fc' }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/**
 * Gives every BatchNormalization layer non-trivial moving statistics and
 * affine parameters (fresh models have mean 0, variance 1, gamma 1, beta 0,
 * which would hide a wrong fold). Deterministic in `seed`.
 */
export function randomizeBatchNorms(model: tf.LayersModel, seed: number): void {
  let k = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const weights = layer.getWeights();
    const fresh = weights.map((w, i) => {
      const isVariance = i === weights.length - 1;
      return tf.randomUniform(w.shape, isVariance ? 0.5 : -0.5, isVariance ? 1.5 : 0.5, 'float32', seed * 1000 + k++);
    });
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
}

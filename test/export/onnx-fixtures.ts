/** Models and reference runs for the ONNX agreement tests (onnxruntime-node and onnxruntime-web). */

import * as tf from '../../src/tfjs.js';
import { buildModel } from '../../src/blocks/index.js';
import type { Architecture } from '../../src/space/types.js';

/** How far one runtime's output is from tfjs's, and the size of tfjs's output. */
export interface Agreement {
  readonly diff: number;
  readonly scale: number;
}

/**
 * `arch` built with seeded weights and logits out. Batch norms get seeded
 * statistics and affine parameters (gamma in [0.5, 1], beta and mean in
 * [-0.2, 0.2], variance in [0.5, 1.5]: far from the identity, so a wrong
 * fold shows, and with gamma near 1, so activations keep their scale through
 * deep random networks).
 */
export function tfjsModel(arch: Architecture, seed: number): tf.LayersModel {
  const model = buildModel(arch, { seed, output: 'logits' });
  let k = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const ranges: [number, number][] = [
      [0.5, 1],
      [-0.2, 0.2],
      [-0.2, 0.2],
      [0.5, 1.5],
    ];
    const fresh = layer.getWeights().map((w, i) => tf.randomUniform(w.shape, ...ranges[i]!, 'float32', seed * 1000 + k++));
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
  return model;
}

/** A seeded uniform [0, 1) input at batch 1 and what the tfjs model returns for it. */
export function referenceRun(model: tf.LayersModel, seed: number): { input: number[]; shape: number[]; expected: number[] } {
  const shape = [1, ...(model.inputs[0]!.shape.slice(1) as number[])];
  return tf.tidy(() => {
    const x = tf.randomUniform(shape, 0, 1, 'float32', seed);
    return { input: Array.from(x.dataSync()), shape, expected: Array.from((model.predict(x) as tf.Tensor).dataSync()) };
  });
}

/** A small model with swish after a conv (fused activation) and as an Activation layer, then a dense classifier. */
export function swishModel(seed: number): tf.LayersModel {
  const init = (k: number): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed * 10 + k });
  const input = tf.input({ shape: [10, 10, 3], name: 'image' });
  const conv = tf.layers
    .conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'swish', kernelInitializer: init(1), name: 'conv' })
    .apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv) as tf.SymbolicTensor;
  const act = tf.layers.activation({ activation: 'swish', name: 'act' }).apply(pooled) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 4, kernelInitializer: init(2), name: 'fc' }).apply(act) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

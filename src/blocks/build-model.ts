/**
 * `buildModel`: an {@link Architecture} turned into a tfjs functional model.
 *
 * @module
 */

import * as tf from '../tfjs.js';
import { MnasError } from '../errors.js';
import { type NetworkPlan, resolveNetwork } from '../space/layers.js';
import type { Architecture } from '../space/types.js';
import { blockLayer } from './block-layer.js';
import { type BuildModelOptions, resolveBuildModelOptions } from './build-options.js';
import { type BuildContext, type Sym, apply, convBnAct, layerSeed } from './primitives.js';

/** Stem, the planned layers of every block, and the head conv: the feature extractor. */
function features(ctx: BuildContext, arch: Architecture, plan: NetworkPlan, input: Sym): Sym {
  let x = convBnAct(ctx, input, 'stem', arch.stem.filters, arch.stem.kernel, arch.stem.stride);
  for (const layer of plan.layers) x = blockLayer(ctx, x, layer);
  if (plan.head.convFilters > 0) x = convBnAct(ctx, x, 'head', plan.head.convFilters, 1, 1);
  return x;
}

/** Global average pooling, dropout (omitted at rate 0) and the dense classifier. */
function classifier(ctx: BuildContext, arch: Architecture, x: Sym): Sym {
  let y = apply(ctx, tf.layers.globalAveragePooling2d({ name: 'head_pool' }), x);
  const rate = ctx.options.dropout ?? arch.head.dropout;
  // No dropout seed: tfjs would then draw the same mask at every training step.
  if (rate > 0) y = apply(ctx, tf.layers.dropout({ name: 'head_dropout', rate }), y);
  // TF MnasNet reference: uniform in +-1/sqrt(numClasses), zero bias.
  const range = 1 / Math.sqrt(arch.numClasses);
  const dense = tf.layers.dense({
    name: 'classifier',
    units: arch.numClasses,
    activation: ctx.options.output === 'softmax' ? 'softmax' : 'linear',
    kernelInitializer: tf.initializers.randomUniform({ minval: -range, maxval: range, seed: layerSeed(ctx, 'classifier') }),
    biasInitializer: 'zeros',
  });
  return apply(ctx, dense, y);
}

/**
 * Builds a tfjs `LayersModel` for an architecture of the MnasNet search space
 * (Tan et al., "MnasNet: Platform-Aware Neural Architecture Search for
 * Mobile", CVPR 2019), made of standard tfjs layers only:
 *
 * - stem: k x k conv (stride), BN, activation;
 * - per block and layer: `conv`, `dwconv` or `mbconv` (MobileNetV2 inverted
 *   residual with linear bottleneck, Sandler et al., CVPR 2018), optional
 *   squeeze-and-excitation (Hu et al., CVPR 2018) after the depthwise conv,
 *   and the skip op (`identity` or `pool`, see `SkipOp`);
 * - head: optional 1 x 1 conv, BN, activation; global average pooling;
 *   dropout; dense classifier (softmax, or logits).
 *
 * Every conv but the SE convs is bias-free and followed by BatchNormalization
 * (momentum 0.99, epsilon 1e-3 by default, as in the TF reference); padding is
 * `same` everywhere. The trainable parameter count equals `countParams(arch)`.
 * With `foldBatchNorm`, the inference form instead (conv + BN as one conv with
 * bias, as TFLite runs it); on the tfjs WASM backend it needed about half the
 * CPU time per inference of the unfolded form for MnasNet-A1 and MobileNetV2
 * at 224 x 224 (see the option).
 * Layer names are deterministic: `stem_conv`, `block2_layer0_expand_conv`,
 * `block2_layer0_dw_bn`, `block2_layer0_se_reduce`, `block2_layer1_add`,
 * `head_conv`, `classifier`, ... (block and layer indices 0-based, as in
 * `arch.blocks`), so weights map between models by layer name. Initial weights
 * are a pure function of `options.seed` and the layer name.
 *
 * The caller owns the model and frees it with {@link disposeModel} (or `model.dispose()`).
 *
 * @param arch - the architecture; validated first.
 * @param options - see {@link BuildModelOptions}.
 * @returns a functional model (not compiled; call `model.compile` to train) with input
 *   `[batch, ...arch.inputShape]` and output `[batch, numClasses]` (or the last
 *   feature map for `output: 'features'`).
 * @throws InvalidArchitectureError when `arch` is malformed (with the path of the field).
 * @throws InvalidOptionsError when an option is malformed.
 * @throws MnasError (code `invalid_architecture`) wrapping, as `cause`, any
 *   error tfjs raises while building.
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * const model = buildModel(mnasnetA1({ inputShape: [96, 96, 3], numClasses: 10 }), { seed: 1 });
 * const probs = tf.tidy(() => model.predict(tf.zeros([1, 96, 96, 3])) as tf.Tensor);
 * probs.dispose();
 * disposeModel(model);
 */
export function buildModel(arch: Architecture, options?: BuildModelOptions): tf.LayersModel {
  const resolved = resolveBuildModelOptions(options);
  const plan = resolveNetwork(arch); // validates: InvalidArchitectureError with the path
  const ctx: BuildContext = { options: resolved, activation: arch.activation, layers: [] };
  try {
    const shape = [...arch.inputShape];
    const input =
      resolved.batchSize === undefined
        ? tf.input({ name: 'input', shape })
        : tf.input({ name: 'input', batchShape: [resolved.batchSize, ...shape] });
    const x = features(ctx, arch, plan, input);
    const output = resolved.output === 'features' ? x : classifier(ctx, arch, x);
    return tf.model({ name: resolved.name, inputs: input, outputs: output });
  } catch (error) {
    // The layers made so far are unreachable now: free their weights.
    for (const layer of ctx.layers) disposeWeightsQuietly(layer);
    const reason = error instanceof Error ? error.message : String(error);
    throw new MnasError('invalid_architecture', `tfjs could not build the model: ${reason}`, { cause: error });
  }
}

function disposeWeightsQuietly(layer: tf.layers.Layer): void {
  for (const weight of layer.weights) {
    try {
      weight.dispose();
    } catch {
      // Already disposed.
    }
  }
}

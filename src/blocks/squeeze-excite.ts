/**
 * Squeeze-and-excitation (Hu et al., "Squeeze-and-Excitation Networks", CVPR 2018),
 * as placed in MnasNet (Tan et al. 2019): after the depthwise convolution, on
 * the expanded channels.
 *
 * @module
 */

import * as tf from '../tfjs.js';
import { type BuildContext, type Sym, apply, channelsOf, conv2d } from './primitives.js';

/**
 * Appends a squeeze-and-excitation unit to `x`:
 * GlobalAveragePooling2D, Reshape to `[1, 1, C]`, 1 x 1 conv to `reduced`
 * (with bias), ReLU (plain ReLU whatever the network activation, as in the
 * TF reference), 1 x 1 conv back to `C` (with
 * bias), sigmoid, and a broadcast Multiply with `x`. No BatchNormalization.
 * Only standard tfjs layers, so exporters can walk them.
 *
 * Layers are named `<prefix>_se_squeeze`, `_se_reshape`, `_se_reduce`,
 * `_se_reduce_act`, `_se_expand`, `_se_gate`, `_se_excite`.
 *
 * @param ctx - build context (seed, activation).
 * @param x - feature map `[batch, H, W, C]`.
 * @param prefix - layer-name prefix, e.g. `block2_layer0`.
 * @param reduced - bottleneck width, `max(1, floor(layer input filters * seRatio))`
 *   (`seReducedWidth` in `space/`).
 * @returns `x` rescaled channel-wise, same shape as `x`.
 */
export function squeezeExcite(ctx: BuildContext, x: Sym, prefix: string, reduced: number): Sym {
  const channels = channelsOf(x);
  const pooled = apply(ctx, tf.layers.globalAveragePooling2d({ name: `${prefix}_se_squeeze` }), x);
  const squeezed = apply(ctx, tf.layers.reshape({ name: `${prefix}_se_reshape`, targetShape: [1, 1, channels] }), pooled);
  const reducedT = conv2d(ctx, squeezed, `${prefix}_se_reduce`, reduced, 1, 1, true);
  const hidden = apply(ctx, tf.layers.reLU({ name: `${prefix}_se_reduce_act` }), reducedT);
  const expanded = conv2d(ctx, hidden, `${prefix}_se_expand`, channels, 1, 1, true);
  const gate = apply(ctx, tf.layers.activation({ name: `${prefix}_se_gate`, activation: 'sigmoid' }), expanded);
  return apply(ctx, tf.layers.multiply({ name: `${prefix}_se_excite` }), [x, gate]);
}

/**
 * One layer of a block: the convolution op (`conv`, `dwconv`, `mbconv`),
 * optional squeeze-and-excitation, and the skip op.
 *
 * References: MobileNetV2 inverted residuals (Sandler et al., CVPR 2018);
 * squeeze-and-excitation (Hu et al., CVPR 2018); the factorized MnasNet
 * search space (Tan et al., CVPR 2019, Fig. 4).
 *
 * @module
 */

import * as tf from '@tensorflow/tfjs';
import type { BlockSpec } from '../space/types.js';
import { type BuildContext, type Sym, activate, apply, batchNorm, channelsOf, conv2d, convBnAct, depthwiseConv2d } from './primitives.js';
import { seReducedFilters, squeezeExcite } from './squeeze-excite.js';

/** Where a layer sits and how it differs from the block's other layers. */
export interface LayerPlace {
  /** Layer-name prefix, `block<i>_layer<j>` (0-based, as in `arch.blocks[i]`). */
  readonly prefix: string;
  /** Stride of this layer: the block stride for the first layer, 1 for the others. */
  readonly stride: number;
}

/** Adds SE on `x` when the block asks for it; the width comes from the layer's input filters. */
function maybeSe(ctx: BuildContext, x: Sym, block: BlockSpec, prefix: string, inputFilters: number): Sym {
  if (block.seRatio <= 0) return x;
  return squeezeExcite(ctx, x, prefix, seReducedFilters(inputFilters, block.seRatio));
}

/**
 * The residual branch F(x) of one layer.
 * - `conv`: k x k conv to `filters`, BN, act, [SE].
 * - `dwconv`: depthwise k x k (stride), BN, act, [SE], pointwise 1 x 1 to `filters`, BN.
 * - `mbconv`: [1 x 1 expand to `in * e`, BN, act] (omitted when e = 1), depthwise k x k
 *   (stride), BN, act, [SE], 1 x 1 project to `filters`, BN (linear bottleneck).
 */
function convBranch(ctx: BuildContext, x: Sym, block: BlockSpec, place: LayerPlace): Sym {
  const { prefix, stride } = place;
  const inFilters = channelsOf(x);
  if (block.op === 'conv') {
    const y = convBnAct(ctx, x, prefix, block.filters, block.kernel, stride);
    return maybeSe(ctx, y, block, prefix, inFilters);
  }
  let y = x;
  if (block.op === 'mbconv' && block.expansion !== 1) {
    y = convBnAct(ctx, y, `${prefix}_expand`, inFilters * block.expansion, 1, 1);
  }
  y = depthwiseConv2d(ctx, y, `${prefix}_dw_conv`, block.kernel, stride);
  y = activate(ctx, batchNorm(ctx, y, `${prefix}_dw_bn`), `${prefix}_dw_act`);
  y = maybeSe(ctx, y, block, prefix, inFilters);
  return convBnAct(ctx, y, `${prefix}_project`, block.filters, 1, 1, false);
}

/**
 * The `pool` shortcut of a layer whose shape changes: average pooling
 * (pool size = strides = the layer stride, `same` padding) when the stride
 * is above 1, then a bias-free 1 x 1 conv and BN when the channels differ.
 */
function poolShortcut(ctx: BuildContext, x: Sym, filters: number, place: LayerPlace): Sym {
  const { prefix, stride } = place;
  let s = x;
  if (stride > 1) {
    s = apply(ctx, tf.layers.averagePooling2d({ name: `${prefix}_shortcut_pool`, poolSize: stride, strides: stride, padding: 'same' }), s);
  }
  if (channelsOf(x) !== filters) {
    s = batchNorm(ctx, conv2d(ctx, s, `${prefix}_shortcut_conv`, filters, 1, 1), `${prefix}_shortcut_bn`);
  }
  return s;
}

/**
 * Builds one layer of `block` on `x`: the op's branch, plus the skip.
 * - `none`: the branch alone.
 * - `identity`: `x + F(x)` where stride is 1 and input filters equal output
 *   filters; the branch alone elsewhere.
 * - `pool`: `S(x) + F(x)` on every layer; `S` is the identity where the shape is
 *   unchanged, else the pool shortcut (see `docs/search-space.md`).
 *
 * The sum is an `Add` layer named `<prefix>_add`.
 *
 * @param ctx - build context.
 * @param x - the layer input `[batch, H, W, Cin]`.
 * @param block - the block spec the layer belongs to.
 * @param place - name prefix and stride of this layer.
 * @returns the layer output `[batch, ceil(H / stride), ceil(W / stride), block.filters]`.
 */
export function blockLayer(ctx: BuildContext, x: Sym, block: BlockSpec, place: LayerPlace): Sym {
  const branch = convBranch(ctx, x, block, place);
  const sameShape = place.stride === 1 && channelsOf(x) === block.filters;
  if (block.skip === 'none' || (block.skip === 'identity' && !sameShape)) return branch;
  const shortcut = sameShape ? x : poolShortcut(ctx, x, block.filters, place);
  return apply(ctx, tf.layers.add({ name: `${place.prefix}_add` }), [shortcut, branch]);
}

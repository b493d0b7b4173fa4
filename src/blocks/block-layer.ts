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

import * as tf from '../tfjs.js';
import type { LayerPlan } from '../space/layers.js';
import { type BuildContext, type Sym, apply, convBnAct, depthwiseBnAct } from './primitives.js';
import { squeezeExcite } from './squeeze-excite.js';

/** Adds SE on `x` when the layer has one (`plan.seFilters > 0`). */
function maybeSe(ctx: BuildContext, x: Sym, plan: LayerPlan, prefix: string): Sym {
  return plan.seFilters > 0 ? squeezeExcite(ctx, x, prefix, plan.seFilters) : x;
}

/**
 * The residual branch F(x) of one layer.
 * - `conv`: k x k conv (stride) to `filters`, BN, act, [SE].
 * - `dwconv`: depthwise k x k (stride), BN, act, [SE], pointwise 1 x 1 to `filters`, BN.
 * - `mbconv`: [1 x 1 expand to `in * e`, BN, act] (omitted when e = 1), depthwise k x k
 *   (stride), BN, act, [SE], 1 x 1 project to `filters`, BN (linear bottleneck).
 */
function convBranch(ctx: BuildContext, x: Sym, plan: LayerPlan, prefix: string): Sym {
  if (plan.op === 'conv') {
    const y = convBnAct(ctx, x, prefix, plan.outputFilters, plan.kernel, plan.stride);
    return maybeSe(ctx, y, plan, prefix);
  }
  let y = x;
  if (plan.op === 'mbconv' && plan.expandedFilters !== plan.inputFilters) {
    y = convBnAct(ctx, y, `${prefix}_expand`, plan.expandedFilters, 1, 1);
  }
  y = depthwiseBnAct(ctx, y, `${prefix}_dw`, plan.kernel, plan.stride);
  y = maybeSe(ctx, y, plan, prefix);
  return convBnAct(ctx, y, `${prefix}_project`, plan.outputFilters, 1, 1, false);
}

/**
 * The `pool` shortcut of a layer whose shape changes: average pooling
 * (pool size = strides = the layer stride, `same` padding) when the stride
 * is above 1, then a bias-free 1 x 1 conv and BN when the channels differ.
 */
function poolShortcut(ctx: BuildContext, x: Sym, plan: LayerPlan, prefix: string, pool: boolean, conv: boolean): Sym {
  let s = x;
  if (pool) {
    const layer = tf.layers.averagePooling2d({
      name: `${prefix}_shortcut_pool`,
      poolSize: plan.stride,
      strides: plan.stride,
      padding: 'same',
    });
    s = apply(ctx, layer, s);
  }
  if (conv) s = convBnAct(ctx, s, `${prefix}_shortcut`, plan.outputFilters, 1, 1, false);
  return s;
}

/**
 * Builds one resolved layer (see `resolveNetwork` in `space/`) on `x`: the
 * op's branch, plus the shortcut the plan resolved from the block's skip op:
 * - `none` (skip `none`, or `identity` where the shape changes): the branch alone;
 * - `identity` (skip `identity` or `pool` where stride is 1 and filters match): `x + F(x)`;
 * - `pool` (skip `pool` where the shape changes): `P(x) + F(x)`, `P` being
 *   AvgPool(stride) when strided, then 1 x 1 conv + BN when the filters change.
 *
 * Layers are named `block<i>_layer<j>_...` (0-based, as in `arch.blocks`); the
 * sum is an `Add` layer named `block<i>_layer<j>_add`.
 *
 * @param ctx - build context.
 * @param x - the layer input `[batch, H, W, plan.inputFilters]`.
 * @param plan - the resolved layer.
 * @returns the layer output `[batch, ceil(H / stride), ceil(W / stride), plan.outputFilters]`.
 */
export function blockLayer(ctx: BuildContext, x: Sym, plan: LayerPlan): Sym {
  const prefix = `block${plan.block}_layer${plan.layer}`;
  const branch = convBranch(ctx, x, plan, prefix);
  const { shortcut } = plan;
  if (shortcut.kind === 'none') return branch;
  const s = shortcut.kind === 'identity' ? x : poolShortcut(ctx, x, plan, prefix, shortcut.pool, shortcut.conv);
  return apply(ctx, tf.layers.add({ name: `${prefix}_add` }), [s, branch]);
}

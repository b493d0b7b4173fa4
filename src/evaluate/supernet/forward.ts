/**
 * The supernet's functional forward pass: the computation of
 * `buildModel(arch)` (same layer order, `same` padding, activation, SE form,
 * skip ops, stem, head, channels from `resolveNetwork`), written with tfjs ops
 * on slices of the supernet's variables so that one set of weights runs any
 * subnet.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { EvaluationError } from '../../errors.js';
import { type LayerPlan, resolveNetwork } from '../../space/layers.js';
import type { Architecture } from '../../space/types.js';
import type { BnMoments, BnStatistics } from './bn-statistics.js';
import { sliceWeight } from './slice.js';

/**
 * How batch norm normalizes: with the batch's moments (`train`), with the
 * batch's moments while recording them (`calibrate`), or with recalibrated
 * statistics (`infer`).
 */
export type BnMode =
  | { readonly kind: 'train' }
  | { readonly kind: 'calibrate'; readonly moments: Map<string, BnMoments> }
  | { readonly kind: 'infer'; readonly statistics: BnStatistics };

/** What one forward pass needs. */
export interface ForwardContext {
  readonly weights: ReadonlyMap<string, tf.Variable>;
  readonly arch: Architecture;
  readonly epsilon: number;
  readonly mode: BnMode;
  /** Seed of the head dropout mask in `train` mode (dropout only runs there). */
  readonly dropoutSeed: number;
}

function w(ctx: ForwardContext, layer: string, weight: string, shape: readonly number[]): tf.Tensor {
  return sliceWeight(ctx.weights, ctx.arch, layer, weight, shape);
}

function activate(ctx: ForwardContext, x: tf.Tensor4D): tf.Tensor4D {
  return ctx.arch.activation === 'relu6' ? tf.relu6(x) : tf.relu(x);
}

function batchNorm(ctx: ForwardContext, x: tf.Tensor4D, name: string, channels: number): tf.Tensor4D {
  const gamma = w(ctx, name, 'gamma', [channels]) as tf.Tensor1D;
  const beta = w(ctx, name, 'beta', [channels]) as tf.Tensor1D;
  let moments: BnMoments;
  if (ctx.mode.kind === 'infer') {
    const stats = ctx.mode.statistics.get(name);
    if (stats === undefined)
      throw new EvaluationError(`No recalibrated batch-norm statistics for layer ${name}: calibrate this subnet first`, {
        path: ['statistics', name],
      });
    moments = stats;
  } else {
    const m = tf.moments(x, [0, 1, 2]);
    moments = { mean: m.mean as tf.Tensor1D, variance: m.variance as tf.Tensor1D };
    if (ctx.mode.kind === 'calibrate') ctx.mode.moments.set(name, moments);
  }
  return tf.batchNorm4d(x, moments.mean, moments.variance, beta, gamma, ctx.epsilon);
}

function convBn(
  ctx: ForwardContext,
  x: tf.Tensor4D,
  prefix: string,
  kernel: number,
  cout: number,
  stride: number,
  act: boolean,
): tf.Tensor4D {
  const cin = x.shape[3];
  const k = w(ctx, `${prefix}_conv`, 'kernel', [kernel, kernel, cin, cout]) as tf.Tensor4D;
  const y = batchNorm(ctx, tf.conv2d(x, k, stride, 'same'), `${prefix}_bn`, cout);
  return act ? activate(ctx, y) : y;
}

function depthwiseBnAct(ctx: ForwardContext, x: tf.Tensor4D, prefix: string, kernel: number, stride: number): tf.Tensor4D {
  const c = x.shape[3];
  const k = w(ctx, `${prefix}_conv`, 'depthwise_kernel', [kernel, kernel, c, 1]) as tf.Tensor4D;
  return activate(ctx, batchNorm(ctx, tf.depthwiseConv2d(x, k, stride, 'same'), `${prefix}_bn`, c));
}

/** Squeeze-and-excitation as `squeezeExcite` builds it: pool, 1x1 conv + bias, ReLU, 1x1 conv + bias, sigmoid, multiply. */
function squeezeExcite(ctx: ForwardContext, x: tf.Tensor4D, prefix: string, reduced: number): tf.Tensor4D {
  const c = x.shape[3];
  const pooled = tf.mean(x, [1, 2], true) as tf.Tensor4D;
  const r = `${prefix}_se_reduce`;
  const e = `${prefix}_se_expand`;
  const hidden = tf.relu(
    tf.add(tf.conv2d(pooled, w(ctx, r, 'kernel', [1, 1, c, reduced]) as tf.Tensor4D, 1, 'same'), w(ctx, r, 'bias', [reduced])),
  );
  const gate = tf.sigmoid(
    tf.add(tf.conv2d(hidden as tf.Tensor4D, w(ctx, e, 'kernel', [1, 1, reduced, c]) as tf.Tensor4D, 1, 'same'), w(ctx, e, 'bias', [c])),
  );
  return tf.mul(x, gate);
}

function maybeSe(ctx: ForwardContext, x: tf.Tensor4D, plan: LayerPlan, prefix: string): tf.Tensor4D {
  return plan.seFilters > 0 ? squeezeExcite(ctx, x, prefix, plan.seFilters) : x;
}

/** The residual branch, as `convBranch` in `blocks/block-layer.ts`. */
function branch(ctx: ForwardContext, x: tf.Tensor4D, plan: LayerPlan, prefix: string): tf.Tensor4D {
  if (plan.op === 'conv') return maybeSe(ctx, convBn(ctx, x, prefix, plan.kernel, plan.outputFilters, plan.stride, true), plan, prefix);
  let y = x;
  if (plan.op === 'mbconv' && plan.expandedFilters !== plan.inputFilters)
    y = convBn(ctx, y, `${prefix}_expand`, 1, plan.expandedFilters, 1, true);
  y = depthwiseBnAct(ctx, y, `${prefix}_dw`, plan.kernel, plan.stride);
  y = maybeSe(ctx, y, plan, prefix);
  return convBn(ctx, y, `${prefix}_project`, 1, plan.outputFilters, 1, false);
}

function layer(ctx: ForwardContext, x: tf.Tensor4D, plan: LayerPlan): tf.Tensor4D {
  const prefix = `block${plan.block}_layer${plan.layer}`;
  const f = branch(ctx, x, plan, prefix);
  const s = plan.shortcut;
  if (s.kind === 'none') return f;
  if (s.kind === 'identity') return tf.add(x, f);
  let p = s.pool ? tf.avgPool(x, plan.stride, plan.stride, 'same') : x;
  if (s.conv) p = convBn(ctx, p, `${prefix}_shortcut`, 1, plan.outputFilters, 1, false);
  return tf.add(p, f);
}

/**
 * Logits of the subnet `ctx.arch` on `x` (`[batch, ...inputShape]`). Call
 * inside `tf.tidy`; in `calibrate` mode the recorded moments must be kept by
 * the caller (returned from the tidy).
 *
 * @throws EvaluationError when a weight or a statistic is missing.
 */
export function forwardLogits(ctx: ForwardContext, x: tf.Tensor4D): tf.Tensor2D {
  const { arch } = ctx;
  const plan = resolveNetwork(arch);
  let y = convBn(ctx, x, 'stem', arch.stem.kernel, arch.stem.filters, arch.stem.stride, true);
  for (const l of plan.layers) y = layer(ctx, y, l);
  if (plan.head.convFilters > 0) y = convBn(ctx, y, 'head', 1, plan.head.convFilters, 1, true);
  let pooled = tf.mean(y, [1, 2]) as tf.Tensor2D;
  if (ctx.mode.kind === 'train' && arch.head.dropout > 0)
    pooled = tf.dropout(pooled, arch.head.dropout, undefined, ctx.dropoutSeed) as tf.Tensor2D;
  const kernel = w(ctx, 'classifier', 'kernel', [plan.head.features, arch.numClasses]) as tf.Tensor2D;
  return tf.add(tf.matMul(pooled, kernel), w(ctx, 'classifier', 'bias', [arch.numClasses])) as tf.Tensor2D;
}

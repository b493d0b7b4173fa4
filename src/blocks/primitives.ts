/**
 * Primitive layer groups shared by every block: seeded initializers, the
 * bias-free convolution + BatchNormalization pair (or its folded inference
 * form), and the activation.
 *
 * Internal to `blocks/`; the public entry point is `buildModel`.
 *
 * @module
 */

import * as tf from '../tfjs.js';
import { Rng } from '../rng.js';
import type { Activation } from '../space/types.js';
import type { ResolvedBuildModelOptions } from './build-options.js';

/** A symbolic tensor of the functional model under construction. */
export type Sym = tf.SymbolicTensor;

/** What every block builder needs: the resolved options, the network-wide activation, and the layers made so far. */
export interface BuildContext {
  readonly options: ResolvedBuildModelOptions;
  readonly activation: Activation;
  /** Every layer created, in order, so a failed build can free their weights. */
  readonly layers: tf.layers.Layer[];
}

/** Applies `layer` to `x` (one tensor or a list, for merge layers) and records it in `ctx.layers`. */
export function apply(ctx: BuildContext, layer: tf.layers.Layer, x: Sym | Sym[]): Sym {
  ctx.layers.push(layer);
  return layer.apply(x) as Sym;
}

/** Channels (last dimension) of a symbolic NHWC tensor. */
export function channelsOf(x: Sym): number {
  return x.shape[x.shape.length - 1] as number;
}

/**
 * The initializer seed of the layer `name`: a function of the build seed and
 * the name only, so a layer starts from the same weights whatever else the
 * model contains.
 */
export function layerSeed(ctx: BuildContext, name: string): number {
  return new Rng(`${String(ctx.options.seed)}/${name}`).seed();
}

/**
 * Convolution kernel initializer of the TF MnasNet reference: a (truncated)
 * normal with standard deviation `sqrt(2 / fan_out)` (He et al. 2015, fan-out mode).
 */
export function convInitializer(ctx: BuildContext, name: string, folded = false): ReturnType<typeof tf.initializers.varianceScaling> {
  // Folding the initial BN (scale 1, shift 0, mean 0, variance 1) multiplies the kernel by 1/sqrt(1 + eps).
  const scale = folded ? 2 / (1 + ctx.options.bnEpsilon) : 2;
  return tf.initializers.varianceScaling({ scale, mode: 'fanOut', distribution: 'normal', seed: layerSeed(ctx, name) });
}

/** Regular k x k convolution, `same` padding; bias-free unless `useBias`. */
export function conv2d(ctx: BuildContext, x: Sym, name: string, filters: number, kernel: number, stride: number, useBias = false): Sym {
  const layer = tf.layers.conv2d({
    name,
    filters,
    kernelSize: kernel,
    strides: stride,
    padding: 'same',
    useBias,
    kernelInitializer: convInitializer(ctx, name),
    biasInitializer: 'zeros',
  });
  return apply(ctx, layer, x);
}

/** Depthwise k x k convolution (depth multiplier 1), `same` padding, bias-free. */
export function depthwiseConv2d(ctx: BuildContext, x: Sym, name: string, kernel: number, stride: number): Sym {
  const layer = tf.layers.depthwiseConv2d({
    name,
    kernelSize: kernel,
    strides: stride,
    padding: 'same',
    depthMultiplier: 1,
    useBias: false,
    depthwiseInitializer: convInitializer(ctx, name),
  });
  return apply(ctx, layer, x);
}

/** BatchNormalization over the channel axis with the resolved momentum and epsilon. */
export function batchNorm(ctx: BuildContext, x: Sym, name: string): Sym {
  const layer = tf.layers.batchNormalization({ name, axis: -1, momentum: ctx.options.bnMomentum, epsilon: ctx.options.bnEpsilon });
  return apply(ctx, layer, x);
}

/** The network activation as a ReLU layer: plain ReLU, or ReLU capped at 6 (`maxValue: 6`) for `relu6`. */
export function activate(ctx: BuildContext, x: Sym, name: string): Sym {
  const layer = ctx.activation === 'relu6' ? tf.layers.reLU({ name, maxValue: 6 }) : tf.layers.reLU({ name });
  return apply(ctx, layer, x);
}

/**
 * `conv -> BN -> activation` (the activation omitted when `act` is false), layers named
 * `<prefix>_conv|_bn|_act`. With `foldBatchNorm`: `<prefix>_conv` with bias; a plain ReLU
 * is fused into it (tfjs-layers runs Conv2D + bias + ReLU as one fused op), ReLU6 stays a
 * separate `<prefix>_act` layer (tfjs-layers fuses only ReLU).
 */
export function convBnAct(ctx: BuildContext, x: Sym, prefix: string, filters: number, kernel: number, stride: number, act = true): Sym {
  const name = `${prefix}_conv`;
  if (!ctx.options.foldBatchNorm) {
    const y = batchNorm(ctx, conv2d(ctx, x, name, filters, kernel, stride), `${prefix}_bn`);
    return act ? activate(ctx, y, `${prefix}_act`) : y;
  }
  const fuseRelu = act && ctx.activation === 'relu';
  const layer = tf.layers.conv2d({
    name,
    filters,
    kernelSize: kernel,
    strides: stride,
    padding: 'same',
    useBias: true,
    activation: fuseRelu ? 'relu' : 'linear',
    kernelInitializer: convInitializer(ctx, name, true),
    biasInitializer: 'zeros',
  });
  const y = apply(ctx, layer, x);
  return act && !fuseRelu ? activate(ctx, y, `${prefix}_act`) : y;
}

/**
 * `depthwise conv -> BN -> activation`, layers named `<prefix>_conv|_bn|_act`. With
 * `foldBatchNorm`: `<prefix>_conv` with bias, then `<prefix>_act` (tfjs-layers does not
 * fuse depthwise activations).
 */
export function depthwiseBnAct(ctx: BuildContext, x: Sym, prefix: string, kernel: number, stride: number): Sym {
  const name = `${prefix}_conv`;
  if (!ctx.options.foldBatchNorm) {
    const y = depthwiseConv2d(ctx, x, name, kernel, stride);
    return activate(ctx, batchNorm(ctx, y, `${prefix}_bn`), `${prefix}_act`);
  }
  const layer = tf.layers.depthwiseConv2d({
    name,
    kernelSize: kernel,
    strides: stride,
    padding: 'same',
    depthMultiplier: 1,
    useBias: true,
    depthwiseInitializer: convInitializer(ctx, name, true),
    biasInitializer: 'zeros',
  });
  return activate(ctx, apply(ctx, layer, x), `${prefix}_act`);
}

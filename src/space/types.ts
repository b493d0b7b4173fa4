/**
 * The data model of a network in the MnasNet search space: plain, readonly
 * JSON, no tfjs. Builders (`blocks/`), measurers and evaluators take these.
 *
 * @module
 */

import type { Rng } from '../rng.js';

/**
 * Convolution op of a block (MnasNet, Tan et al. 2019, Fig. 4):
 * - `conv`: regular k x k convolution, BN, activation;
 * - `dwconv`: depthwise-separable convolution: depthwise k x k, BN,
 *   activation, pointwise 1 x 1, BN (no activation after the projection);
 * - `mbconv`: inverted bottleneck (MobileNetV2): pointwise expansion by
 *   `expansion` (skipped when `expansion` is 1), BN, activation, depthwise
 *   k x k, BN, activation, optional squeeze-and-excitation, pointwise
 *   projection, BN.
 */
export type ConvOp = 'conv' | 'dwconv' | 'mbconv';

/**
 * Skip op of a block:
 * - `none`: no shortcut;
 * - `identity`: `x + F(x)` on the layers where stride is 1 and the input
 *   and output filters match (elsewhere no shortcut);
 * - `pool`: a shortcut on every layer; where the shape is unchanged it is the
 *   identity, elsewhere average pooling (pool size and stride = the layer's
 *   stride, `same` padding) followed by a 1 x 1 convolution and BN to the
 *   output filters. See `docs/search-space.md`.
 */
export type SkipOp = 'none' | 'identity' | 'pool';

/** Activation used after convolutions (not after projections). */
export type Activation = 'relu' | 'relu6';

/** One block: `repeats` identical layers; the first has `stride`, the rest stride 1. */
export interface BlockSpec {
  /** Convolution op. */
  readonly op: ConvOp;
  /** Kernel size of the spatial convolution (odd: 3, 5, 7...). */
  readonly kernel: number;
  /** Expansion ratio of `mbconv` (1 means no expansion conv); must be 1 for `conv` and `dwconv`. */
  readonly expansion: number;
  /**
   * Squeeze-and-excitation ratio; 0 disables SE. The reduced width is
   * `max(1, floor(layer input filters * seRatio))`, where the layer input
   * filters are the block input filters for the first layer and `filters` for
   * the later ones (official TF `mnasnet_model.py`). SE acts on the depthwise
   * output (the expanded channels) of `dwconv`/`mbconv` and on the conv
   * output of `conv`: global average pool, 1 x 1 conv with bias, ReLU,
   * 1 x 1 conv with bias, sigmoid gate. SE convs have no BN.
   */
  readonly seRatio: number;
  /** Skip op. */
  readonly skip: SkipOp;
  /** Output filters of every layer of the block. */
  readonly filters: number;
  /**
   * Number of layers in the block (>= 0). `0` means the block is absent (it
   * contributes no layer; the next block takes the previous layer's output).
   * It happens in the MnasNet space, where a base-1 block with the layer
   * delta -1 has no layer; the block stays in the data so that tokens
   * round-trip (`encode(decode(t))` equals `t`).
   */
  readonly repeats: number;
  /** Stride of the first layer (1 or 2). */
  readonly stride: number;
}

/** The stem: a regular convolution with BN and activation. */
export interface StemSpec {
  readonly filters: number;
  readonly kernel: number;
  readonly stride: number;
}

/** The head: optional 1 x 1 conv (BN, activation), global average pooling, dropout, dense classifier. */
export interface HeadSpec {
  /** Filters of the 1 x 1 head conv; 0 means no head conv. */
  readonly filters: number;
  /** Dropout rate before the classifier, in [0, 1). */
  readonly dropout: number;
}

/** A whole network: readonly plain JSON that serializes, hashes and travels as it is. */
export interface Architecture {
  /** Input `[height, width, channels]`, NHWC. */
  readonly inputShape: readonly [number, number, number];
  /** Number of output classes of the classifier. */
  readonly numClasses: number;
  /** Activation used throughout (ReLU in MnasNet; ReLU6 in MobileNetV2). */
  readonly activation: Activation;
  readonly stem: StemSpec;
  readonly blocks: readonly BlockSpec[];
  readonly head: HeadSpec;
}

/** One categorical decision of a search space: a name and its number of options. */
export interface Decision {
  readonly name: string;
  readonly size: number;
}

/**
 * A search space: an ordered list of categorical decisions, and the mapping
 * between token lists (one option index per decision) and values of type `T`
 * (an {@link Architecture} for network spaces; a benchmark key for tabular
 * benchmark spaces).
 *
 * Controllers only ever see `decisions` and token lists.
 */
export interface SearchSpace<T = Architecture> {
  /** Ordered decisions; a token list has one entry per decision, `0 <= token < size`. */
  readonly decisions: readonly Decision[];
  /** Turns tokens into a value. @throws InvalidTokensError on a wrong length or an out-of-range token. */
  decode(tokens: readonly number[]): T;
  /** Turns a value back into tokens. @throws when the value is not in the space. */
  encode(value: T): number[];
  /** Number of token lists: the product of the decision sizes. */
  size(): bigint;
  /** A uniformly random value of the space. */
  sample(rng: Rng): T;
}

/**
 * The plan of an {@link Architecture}: its concrete layers, with input and
 * output filters, spatial sizes, expanded and SE widths, and the exact
 * shortcut of every layer. The cost model, the limits check of
 * `validateArchitecture` and the tfjs builder all follow this plan, so that
 * counted, checked and built networks agree. `planNetwork` does not
 * validate; `resolveNetwork` (layers.ts) validates first.
 *
 * @module
 */

import type { Architecture, BlockSpec, ConvOp } from './types.js';

/**
 * Shortcut actually applied around one layer:
 * - `none`: no shortcut;
 * - `identity`: `x + F(x)`;
 * - `pool`: `P(x) + F(x)` where `P` is AvgPool(stride) when `pool` is true,
 *   then a bias-free 1 x 1 conv + BN when `conv` is true.
 */
export type LayerShortcut =
  | { readonly kind: 'none' }
  | { readonly kind: 'identity' }
  | { readonly kind: 'pool'; readonly pool: boolean; readonly conv: boolean };

/** One resolved layer of a block. */
export interface LayerPlan {
  /** Index of the block in `arch.blocks`. */
  readonly block: number;
  /** Index of the layer inside its block (0 = first, carries the block stride). */
  readonly layer: number;
  readonly op: ConvOp;
  readonly kernel: number;
  readonly stride: number;
  /** Channels entering the layer. */
  readonly inputFilters: number;
  /** Channels of the depthwise stage (`inputFilters * expansion`; for `conv`, the output filters). */
  readonly expandedFilters: number;
  /** Channels leaving the layer. */
  readonly outputFilters: number;
  /** SE reduced width `max(1, floor(inputFilters * seRatio))`, 0 without SE. */
  readonly seFilters: number;
  /** `[height, width]` entering the layer. */
  readonly inputSize: readonly [number, number];
  /** `[height, width]` leaving the layer (`same` padding: `ceil(size / stride)`). */
  readonly outputSize: readonly [number, number];
  readonly shortcut: LayerShortcut;
}

/** Output size of a `same`-padded op with the given stride. */
export function sameOutputSize(size: readonly [number, number], stride: number): [number, number] {
  return [Math.ceil(size[0] / stride), Math.ceil(size[1] / stride)];
}

/** SE reduced width of a layer: `max(1, floor(inputFilters * seRatio))`, or 0 when `seRatio` is 0. */
export function seReducedWidth(inputFilters: number, seRatio: number): number {
  return seRatio > 0 ? Math.max(1, Math.floor(inputFilters * seRatio)) : 0;
}

function shortcutOf(block: BlockSpec, stride: number, cin: number, cout: number): LayerShortcut {
  const same = stride === 1 && cin === cout;
  if (block.skip === 'none') return { kind: 'none' };
  if (block.skip === 'identity') return same ? { kind: 'identity' } : { kind: 'none' };
  return same ? { kind: 'identity' } : { kind: 'pool', pool: stride > 1, conv: cin !== cout };
}

/** Resolved stem: its conv and output size. */
export interface StemPlan {
  readonly inputChannels: number;
  readonly filters: number;
  readonly kernel: number;
  readonly stride: number;
  readonly outputSize: readonly [number, number];
}

/** Resolved head: channels in, optional 1 x 1 conv, classifier width. */
export interface HeadPlan {
  /** Channels and spatial size entering the head (output of the last layer). */
  readonly inputFilters: number;
  readonly inputSize: readonly [number, number];
  /** Filters of the 1 x 1 head conv, 0 when absent. */
  readonly convFilters: number;
  /** Features entering the dense classifier. */
  readonly features: number;
  readonly numClasses: number;
}

/** Everything `planNetwork` (and `resolveNetwork`) computes. */
export interface NetworkPlan {
  readonly stem: StemPlan;
  readonly layers: readonly LayerPlan[];
  readonly head: HeadPlan;
}

/**
 * Plans an architecture whose fields are valid (not checked here) into stem,
 * layers and head. Blocks with `repeats: 0` contribute no layer. Within a
 * block the first layer has the block stride and the block input filters;
 * later layers have stride 1 and take the block output filters as input (as
 * TF's `mnasnet_model.py`).
 */
export function planNetwork(arch: Architecture): NetworkPlan {
  const [h, w, c] = arch.inputShape;
  const stemSize = sameOutputSize([h, w], arch.stem.stride);
  const stem: StemPlan = { inputChannels: c, ...arch.stem, outputSize: stemSize };
  const layers: LayerPlan[] = [];
  let size: readonly [number, number] = stemSize;
  let cin = arch.stem.filters;
  arch.blocks.forEach((b, block) => {
    for (let layer = 0; layer < b.repeats; layer++) {
      const stride = layer === 0 ? b.stride : 1;
      const outputSize = sameOutputSize(size, stride);
      const expandedFilters = b.op === 'conv' ? b.filters : cin * b.expansion;
      layers.push({
        block,
        layer,
        op: b.op,
        kernel: b.kernel,
        stride,
        inputFilters: cin,
        expandedFilters,
        outputFilters: b.filters,
        seFilters: seReducedWidth(cin, b.seRatio),
        inputSize: size,
        outputSize,
        shortcut: shortcutOf(b, stride, cin, b.filters),
      });
      size = outputSize;
      cin = b.filters;
    }
  });
  const convFilters = arch.head.filters;
  const head: HeadPlan = {
    inputFilters: cin,
    inputSize: size,
    convFilters,
    features: convFilters > 0 ? convFilters : cin,
    numClasses: arch.numClasses,
  };
  return { stem, layers, head };
}

/**
 * Analytic cost of an {@link Architecture}: trainable parameters and
 * multiply-accumulates, without tfjs.
 *
 * Conventions (they reproduce torchvision's `mnasnet1_0` and `mobilenet_v2`
 * exactly): every conv is bias-free and followed by BN, which adds 2
 * trainable parameters per channel (scale and shift; running statistics are
 * not trainable); SE reduce/expand convs have biases and no BN; the
 * classifier is a dense layer with bias. MACs count conv and dense layers
 * only (`out_h * out_w * out_c * in_c / groups * k * k`; SE convs on a
 * 1 x 1 input; `in * out` for dense); BN, activations, pooling, adds and SE
 * gating are not counted.
 *
 * @module
 */

import type { Architecture } from './types.js';
import { resolveNetwork } from './layers.js';
import { planCost, type CostBreakdown } from './plan-cost.js';

export type { Cost, CostBreakdown } from './plan-cost.js';
export { layerCost } from './plan-cost.js';

/**
 * Parameters and MACs of the stem, each layer and the head.
 *
 * @throws InvalidArchitectureError when `arch` is invalid.
 */
export function costBreakdown(arch: Architecture): CostBreakdown {
  return planCost(resolveNetwork(arch));
}

/**
 * Number of trainable parameters, as PyTorch's `sum(p.numel() for p in
 * model.parameters())` and tfjs's trainable weights count them (BN scale and
 * shift included, running statistics excluded).
 *
 * @throws InvalidArchitectureError when `arch` is invalid.
 * @example
 * countParams(mnasnetB1()); // 4383312
 */
export function countParams(arch: Architecture): number {
  return costBreakdown(arch).params;
}

/**
 * Multiply-accumulates of one forward pass on one image, conv and dense
 * layers only (see the module notes).
 *
 * @throws InvalidArchitectureError when `arch` is invalid.
 * @example
 * countMacs(mobilenetV2()); // 300774272
 */
export function countMacs(arch: Architecture): number {
  return costBreakdown(arch).macs;
}

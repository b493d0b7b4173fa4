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
import { resolveNetwork, type LayerPlan } from './layers.js';

/** Parameters and MACs of one part of a network. */
export interface Cost {
  readonly params: number;
  readonly macs: number;
}

/** Per-part cost: stem, every layer (in order), head (conv + classifier), and the totals. */
export interface CostBreakdown extends Cost {
  readonly stem: Cost;
  readonly layers: readonly (Cost & { readonly block: number; readonly layer: number })[];
  readonly head: Cost;
}

const area = (s: readonly [number, number]): number => s[0] * s[1];

/** Conv (no bias) + BN: `[params, macs]`. */
function convBn(cin: number, cout: number, k: number, outArea: number, groups = 1): [number, number] {
  const weights = (cin / groups) * cout * k * k;
  return [weights + 2 * cout, weights * outArea];
}

/** Cost of one resolved layer. */
export function layerCost(l: LayerPlan): Cost {
  let params = 0;
  let macs = 0;
  const add = ([p, m]: [number, number]): void => {
    params += p;
    macs += m;
  };
  const outArea = area(l.outputSize);
  if (l.op === 'conv') {
    add(convBn(l.inputFilters, l.outputFilters, l.kernel, outArea));
  } else {
    if (l.expandedFilters !== l.inputFilters) add(convBn(l.inputFilters, l.expandedFilters, 1, area(l.inputSize)));
    add(convBn(l.expandedFilters, l.expandedFilters, l.kernel, outArea, l.expandedFilters));
  }
  if (l.seFilters > 0) {
    // SE acts on the depthwise output (or the conv output for `conv`): two biased 1 x 1 convs.
    const c = l.expandedFilters;
    params += c * l.seFilters + l.seFilters + l.seFilters * c + c;
    macs += 2 * c * l.seFilters;
  }
  if (l.op !== 'conv') add(convBn(l.expandedFilters, l.outputFilters, 1, outArea));
  if (l.shortcut.kind === 'pool' && l.shortcut.conv) add(convBn(l.inputFilters, l.outputFilters, 1, outArea));
  return { params, macs };
}

/**
 * Parameters and MACs of the stem, each layer and the head.
 *
 * @throws InvalidArchitectureError when `arch` is invalid.
 */
export function costBreakdown(arch: Architecture): CostBreakdown {
  const plan = resolveNetwork(arch);
  const s = plan.stem;
  const [stemParams, stemMacs] = convBn(s.inputChannels, s.filters, s.kernel, area(s.outputSize));
  const layers = plan.layers.map((l) => ({ block: l.block, layer: l.layer, ...layerCost(l) }));
  const h = plan.head;
  let headParams = h.features * h.numClasses + h.numClasses;
  let headMacs = h.features * h.numClasses;
  if (h.convFilters > 0) {
    const [p, m] = convBn(h.inputFilters, h.convFilters, 1, area(h.inputSize));
    headParams += p;
    headMacs += m;
  }
  let params = stemParams + headParams;
  let macs = stemMacs + headMacs;
  for (const l of layers) {
    params += l.params;
    macs += l.macs;
  }
  return { params, macs, stem: { params: stemParams, macs: stemMacs }, layers, head: { params: headParams, macs: headMacs } };
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

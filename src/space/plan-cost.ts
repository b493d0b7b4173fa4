/**
 * Parameters, MACs and live activations of a {@link NetworkPlan}, without
 * validation (the conventions are those of `cost.ts`). `validateArchitecture`
 * uses them to enforce the cost `LIMITS` before anything is built.
 *
 * @module
 */

import type { HeadPlan, LayerPlan, NetworkPlan, StemPlan } from './plan.js';

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

/** Parameters and MACs of the stem, each layer and the head of a plan. */
export function planCost(plan: NetworkPlan): CostBreakdown {
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

/** Activation elements alive at once while the stem runs: its input `[h, w, c]` and its output. */
export function stemActivations(inputShape: readonly [number, number, number], stem: StemPlan): number {
  return inputShape[0] * inputShape[1] * inputShape[2] + area(stem.outputSize) * stem.filters;
}

/** Activation elements alive at once while a layer runs: input, expanded (before and after the stride) and output tensors. */
export function layerActivations(l: LayerPlan): number {
  const inArea = area(l.inputSize);
  const outArea = area(l.outputSize);
  return inArea * l.inputFilters + inArea * l.expandedFilters + outArea * l.expandedFilters + outArea * l.outputFilters;
}

/** Activation elements alive at once while the head runs: its input and the head conv's output. */
export function headActivations(h: HeadPlan): number {
  return area(h.inputSize) * (h.inputFilters + h.convFilters);
}

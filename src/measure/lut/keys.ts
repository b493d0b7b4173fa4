/**
 * Lookup-table keys: the distinct pieces an architecture's latency is summed
 * from, each with the small probe networks that measure it.
 *
 * Keys follow ProxylessNAS / Once-for-All latency tables (Cai et al., 2019,
 * 2020): one key per layer configuration, naming the op, the input
 * `HxWxC`, the output channels, kernel, stride, expanded channels, SE width,
 * the shortcut actually applied and the activation. Identical layers in
 * different architectures share a key, so a table measured once serves the
 * whole space.
 *
 * A layer is measured as the difference of two networks at the layer's
 * input shape: a probe (a 1 x 1 stem to the input channels, the layer,
 * pooling and a small classifier) minus its base (the same without the
 * layer). The stem entry is a network of the real stem alone (it carries the
 * fixed cost of a call); the head entry is the head conv measured the same
 * way as a layer.
 *
 * @module
 */

import { countMacs, layerCost, resolveNetwork, type LayerPlan } from '../../space/index.js';
import type { Activation, Architecture, BlockSpec } from '../../space/types.js';

/** Kind of a lookup-table entry. */
export type LutEntryKind = 'stem' | 'layer' | 'head' | 'base';

/** One piece of an architecture, how to measure it, and its analytic cost. */
export interface LutPiece {
  readonly kind: Exclude<LutEntryKind, 'base'>;
  /** The lookup-table key. */
  readonly key: string;
  /** The network timed for this piece. */
  readonly probe: Architecture;
  /** For `layer` and `head`: the key and network subtracted from the probe. */
  readonly base?: { readonly key: string; readonly arch: Architecture };
  /** MACs of the piece (`layerCost` for layers), used to estimate a missing entry. */
  readonly macs: number;
  /** Group used to estimate a missing entry from measured ones (op, kernel, stride, SE). */
  readonly group: string;
}

/** Classes of the probe networks' classifier (small: the classifier is not what a layer probe measures). */
const PROBE_CLASSES = 8;

function shortcutName(l: LayerPlan): string {
  const s = l.shortcut;
  if (s.kind !== 'pool') return s.kind;
  return `pool${s.pool ? '+avg' : ''}${s.conv ? '+conv' : ''}`;
}

/** The key of one resolved layer, e.g. `layer:mbconv-relu-in112x112x16-out24-k3-s2-x48-se0-skip_none`. */
export function layerKey(l: LayerPlan, activation: Activation): string {
  const [h, w] = l.inputSize;
  return (
    `layer:${l.op}-${activation}-in${h}x${w}x${l.inputFilters}-out${l.outputFilters}-k${l.kernel}-s${l.stride}` +
    `-x${l.expandedFilters}-se${l.seFilters}-skip_${shortcutName(l)}`
  );
}

function baseArch(h: number, w: number, c: number, activation: Activation, numClasses: number, headFilters = 0): Architecture {
  const empty: BlockSpec = { op: 'conv', kernel: 1, expansion: 1, seRatio: 0, skip: 'none', filters: c, repeats: 0, stride: 1 };
  return {
    inputShape: [h, w, c],
    numClasses,
    activation,
    stem: { filters: c, kernel: 1, stride: 1 },
    blocks: [empty],
    head: { filters: headFilters, dropout: 0 },
  };
}

function baseKey(h: number, w: number, c: number, activation: Activation, numClasses: number): string {
  return `base:${activation}-in${h}x${w}x${c}-classes${numClasses}`;
}

function layerPiece(arch: Architecture, l: LayerPlan): LutPiece {
  const [h, w] = l.inputSize;
  const spec = arch.blocks[l.block] as BlockSpec;
  const block: BlockSpec = {
    op: l.op,
    kernel: l.kernel,
    expansion: l.op === 'mbconv' ? l.expandedFilters / l.inputFilters : 1,
    // Reproduces seFilters exactly: floor(cin * (se + 0.5) / cin) = se.
    seRatio: l.seFilters === 0 ? 0 : l.seFilters >= l.inputFilters ? 1 : (l.seFilters + 0.5) / l.inputFilters,
    skip: spec.skip,
    filters: l.outputFilters,
    repeats: 1,
    stride: l.stride,
  };
  const base = baseArch(h, w, l.inputFilters, arch.activation, PROBE_CLASSES);
  return {
    kind: 'layer',
    key: layerKey(l, arch.activation),
    probe: { ...base, blocks: [block] },
    base: { key: baseKey(h, w, l.inputFilters, arch.activation, PROBE_CLASSES), arch: base },
    macs: layerCost(l).macs,
    group: `${l.op}-k${l.kernel}-s${l.stride}-se${l.seFilters > 0 ? 1 : 0}`,
  };
}

/**
 * The pieces of `arch`, in network order: stem, every layer, head.
 *
 * @throws InvalidArchitectureError when `arch` is invalid.
 * @example lutPieces(mobilenetV2()).length // 19: stem, 17 layers, head
 */
export function lutPieces(arch: Architecture): LutPiece[] {
  const plan = resolveNetwork(arch);
  const [h, w, c] = arch.inputShape;
  const { stem, head } = plan;
  const stemArch: Architecture = {
    ...baseArch(h, w, c, arch.activation, arch.numClasses),
    stem: { filters: stem.filters, kernel: stem.kernel, stride: stem.stride },
  };
  const pieces: LutPiece[] = [
    {
      kind: 'stem',
      key: `stem:${arch.activation}-in${h}x${w}x${c}-out${stem.filters}-k${stem.kernel}-s${stem.stride}-classes${arch.numClasses}`,
      probe: stemArch,
      macs: countMacs(stemArch),
      group: 'stem',
    },
    ...plan.layers.map((l) => layerPiece(arch, l)),
  ];
  if (head.convFilters > 0) {
    const [hh, hw] = head.inputSize;
    const base = baseArch(hh, hw, head.inputFilters, arch.activation, arch.numClasses);
    pieces.push({
      kind: 'head',
      key: `head:${arch.activation}-in${hh}x${hw}x${head.inputFilters}-conv${head.convFilters}-classes${arch.numClasses}`,
      probe: baseArch(hh, hw, head.inputFilters, arch.activation, arch.numClasses, head.convFilters),
      base: { key: baseKey(hh, hw, head.inputFilters, arch.activation, arch.numClasses), arch: base },
      macs: hh * hw * head.inputFilters * head.convFilters + head.convFilters * arch.numClasses - head.inputFilters * arch.numClasses,
      group: 'head',
    });
  }
  return pieces;
}

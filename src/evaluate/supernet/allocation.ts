/**
 * The weights a {@link Supernet} allocates for a factorized space: for every
 * block, the largest layer count; for every layer position and conv-op
 * family, the largest input, expanded and output channels and the largest
 * kernel. A subnet uses slices of them (see `slice.ts`).
 *
 * @module
 */

import type { OpChoice, ResolvedFactorizedSpaceOptions } from '../../space/factorized-options.js';
import type { ConvOp, SkipOp } from '../../space/types.js';

/**
 * Family of weights a layer's conv op uses. Ops of one family share weights
 * (MBConv e3 is a slice of MBConv e6); families never share, their shapes differ.
 */
export type WeightFamily = ConvOp | 'shared';

/** One supernet variable: its key and its (largest) shape. */
export interface WeightSlot {
  /** `<family>|<standalone layer name>/<weight name>`, e.g. `mbconv|block1_layer0_dw_conv/depthwise_kernel`. */
  readonly key: string;
  readonly shape: readonly number[];
  /** How it starts: He normal (fan-out) for conv kernels, uniform for the classifier, ones, zeros. */
  readonly init: 'conv' | 'classifier' | 'ones' | 'zeros';
}

/** The key of a supernet variable. */
export function weightKey(family: WeightFamily, layer: string, weight: string): string {
  return `${family}|${layer}/${weight}`;
}

/** Every choice of one block, fixed blocks included (as single options). */
interface BlockRange {
  readonly ops: readonly OpChoice[];
  readonly kernelMax: number;
  readonly seMax: number;
  readonly skips: readonly SkipOp[];
  readonly filtersMax: number;
  readonly repeatsMax: number;
}

function rangeOf(b: ResolvedFactorizedSpaceOptions['blocks'][number]): BlockRange {
  if (b.kind === 'fixed') {
    const s = b.block;
    return {
      ops: [{ op: s.op, expansion: s.expansion }],
      kernelMax: s.kernel,
      seMax: s.seRatio,
      skips: [s.skip],
      filtersMax: s.filters,
      repeatsMax: s.repeats,
    };
  }
  return {
    ops: b.ops,
    kernelMax: Math.max(...b.kernels),
    seMax: Math.max(...b.seRatios),
    skips: b.skips,
    filtersMax: Math.max(...b.filters),
    repeatsMax: Math.max(...b.repeats),
  };
}

/** Collects slots; a key met twice keeps the larger extent in every dimension. */
class SlotSet {
  private readonly slots = new Map<string, WeightSlot>();

  add(family: WeightFamily, layer: string, weight: string, shape: readonly number[], init: WeightSlot['init']): void {
    const key = weightKey(family, layer, weight);
    const had = this.slots.get(key);
    const merged = had === undefined ? shape : shape.map((d, i) => Math.max(d, had.shape[i] ?? 0));
    this.slots.set(key, { key, shape: merged, init });
  }

  conv(family: WeightFamily, layer: string, kernel: number, cin: number, cout: number): void {
    this.add(family, `${layer}_conv`, 'kernel', [kernel, kernel, cin, cout], 'conv');
  }

  bn(family: WeightFamily, layer: string, channels: number): void {
    this.add(family, `${layer}_bn`, 'gamma', [channels], 'ones');
    this.add(family, `${layer}_bn`, 'beta', [channels], 'zeros');
  }

  convBn(family: WeightFamily, layer: string, kernel: number, cin: number, cout: number): void {
    this.conv(family, layer, kernel, cin, cout);
    this.bn(family, layer, cout);
  }

  se(family: WeightFamily, prefix: string, channels: number, reduced: number): void {
    this.add(family, `${prefix}_se_reduce`, 'kernel', [1, 1, channels, reduced], 'conv');
    this.add(family, `${prefix}_se_reduce`, 'bias', [reduced], 'zeros');
    this.add(family, `${prefix}_se_expand`, 'kernel', [1, 1, reduced, channels], 'conv');
    this.add(family, `${prefix}_se_expand`, 'bias', [channels], 'zeros');
  }

  list(): WeightSlot[] {
    return [...this.slots.values()];
  }
}

/** The op-specific weights of one layer position for one family, at the largest sizes. */
function addOp(set: SlotSet, op: ConvOp, prefix: string, r: BlockRange, cin: number): void {
  const k = r.kernelMax;
  const cout = r.filtersMax;
  const seWidth = (c: number): number => (r.seMax > 0 ? Math.max(1, Math.floor(c * r.seMax)) : 0);
  if (op === 'conv') {
    set.convBn('conv', prefix, k, cin, cout);
    if (r.seMax > 0) set.se('conv', prefix, cout, seWidth(cin));
    return;
  }
  const expansion = Math.max(...r.ops.filter((o) => o.op === op).map((o) => o.expansion));
  const expanded = cin * expansion;
  if (op === 'mbconv' && expansion > 1) set.convBn(op, `${prefix}_expand`, 1, cin, expanded);
  set.add(op, `${prefix}_dw_conv`, 'depthwise_kernel', [k, k, expanded, 1], 'conv');
  set.bn(op, `${prefix}_dw`, expanded);
  if (r.seMax > 0) set.se(op, prefix, expanded, seWidth(cin));
  set.convBn(op, `${prefix}_project`, 1, expanded, cout);
}

/**
 * The variables of the supernet of a resolved factorized space, in a fixed
 * order (stem, blocks layer by layer, head, classifier). Names follow
 * `buildModel`'s layer names, so a subnet's weights map onto its standalone
 * model layer by layer.
 *
 * @param o - the resolved space options.
 * @returns the slots, each key once.
 */
export function allocateWeights(o: ResolvedFactorizedSpaceOptions): WeightSlot[] {
  const set = new SlotSet();
  const channels = o.inputShape[2];
  set.convBn('shared', 'stem', o.stem.kernel, channels, o.stem.filters);
  // Channels that can enter a block: the stem's or any earlier block's (blocks may be absent).
  let widestSoFar = o.stem.filters;
  o.blocks.forEach((b, i) => {
    const r = rangeOf(b);
    for (let j = 0; j < r.repeatsMax; j++) {
      const prefix = `block${i}_layer${j}`;
      const cin = j === 0 ? widestSoFar : r.filtersMax;
      for (const op of new Set(r.ops.map((x) => x.op))) addOp(set, op, prefix, r, cin);
      if (r.skips.includes('pool')) set.convBn('shared', `${prefix}_shortcut`, 1, cin, r.filtersMax);
    }
    if (r.repeatsMax > 0) widestSoFar = Math.max(widestSoFar, r.filtersMax);
  });
  let features = widestSoFar;
  if (o.head.filters > 0) {
    set.convBn('shared', 'head', 1, widestSoFar, o.head.filters);
    features = o.head.filters;
  }
  set.add('shared', 'classifier', 'kernel', [features, o.numClasses], 'classifier');
  set.add('shared', 'classifier', 'bias', [o.numClasses], 'zeros');
  return set.list();
}

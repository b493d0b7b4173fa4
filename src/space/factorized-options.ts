/**
 * Options of {@link factorizedSpace}: a skeleton of blocks and per-block
 * choice lists, completed with the MnasNet defaults and validated in one
 * place ({@link resolveFactorizedSpaceOptions}).
 *
 * @module
 */

import { InvalidSpaceError, type ErrorPath } from '../errors.js';
import { LIMITS, check, checkKnownKeys, failWith, finiteNumber, integer, isRecord, oneOf, type Fail } from '../validate.js';
import { roundFilters } from './channels.js';
import type { Activation, BlockSpec, ConvOp, HeadSpec, SkipOp, StemSpec } from './types.js';
import { KERNEL_RULE, blockIssues, validateArchitecture } from './validate.js';

/** One option of the conv-op decision: an op and its expansion (1 for `conv`/`dwconv`). */
export interface OpChoice {
  readonly op: ConvOp;
  readonly expansion: number;
}

/** The MnasNet conv ops: regular conv, depthwise-separable conv, MBConv e3, MBConv e6. */
export const MNASNET_OPS: readonly OpChoice[] = Object.freeze([
  { op: 'conv', expansion: 1 },
  { op: 'dwconv', expansion: 1 },
  { op: 'mbconv', expansion: 3 },
  { op: 'mbconv', expansion: 6 },
]);

/** Choice lists of one block; a list of one option makes no decision. */
export interface BlockChoices {
  /** Conv ops. @defaultValue {@link MNASNET_OPS} */
  readonly ops?: readonly OpChoice[];
  /** Kernel sizes. @defaultValue [3, 5] */
  readonly kernels?: readonly number[];
  /** SE ratios (0 = no SE). @defaultValue [0, 0.25] */
  readonly seRatios?: readonly number[];
  /** Skip ops. @defaultValue ['pool', 'identity', 'none'] */
  readonly skips?: readonly SkipOp[];
  /** Multipliers of the skeleton filters. @defaultValue [0.75, 1, 1.25] */
  readonly filterMultipliers?: readonly number[];
  /** Deltas added to the skeleton layers (the result must be >= 0; 0 = absent block). @defaultValue [-1, 0, 1] */
  readonly layerDeltas?: readonly number[];
}

/** A searchable skeleton block: base filters, layers and stride, optional own choices. */
export interface SkeletonBlock {
  readonly filters: number;
  readonly repeats: number;
  readonly stride: number;
  /** Overrides of the space-wide choices for this block. */
  readonly choices?: BlockChoices;
}

/** A fixed block: always this {@link BlockSpec}, no decision. */
export interface FixedBlock {
  readonly fixed: BlockSpec;
}

/** Options of {@link factorizedSpace}. */
export interface FactorizedSpaceOptions {
  /** Blocks in order, searchable or fixed. */
  readonly skeleton: readonly (SkeletonBlock | FixedBlock)[];
  /** Choice lists for every searchable block (each list may be overridden per block). */
  readonly choices?: BlockChoices;
  /** @defaultValue [224, 224, 3] */
  readonly inputShape?: readonly [number, number, number];
  /** @defaultValue 1000 */
  readonly numClasses?: number;
  /** @defaultValue 'relu' */
  readonly activation?: Activation;
  /** @defaultValue { filters: 32, kernel: 3, stride: 2 } */
  readonly stem?: StemSpec;
  /** @defaultValue { filters: 1280, dropout: 0.2 } */
  readonly head?: HeadSpec;
  /**
   * Filters are `round(base * multiplier)` when 1, else `roundFilters(base,
   * { multiplier, divisor })`. The options of one block must give distinct filters.
   * @defaultValue 1
   */
  readonly filtersDivisor?: number;
}

/** A searchable block with its resolved option lists. */
export interface ResolvedSearchBlock {
  readonly kind: 'search';
  readonly stride: number;
  readonly ops: readonly OpChoice[];
  readonly kernels: readonly number[];
  readonly seRatios: readonly number[];
  readonly skips: readonly SkipOp[];
  /** Absolute filters, one per multiplier. */
  readonly filters: readonly number[];
  /** Absolute layer counts, one per delta. */
  readonly repeats: readonly number[];
}

/** A resolved skeleton entry. */
export type ResolvedBlock = ResolvedSearchBlock | { readonly kind: 'fixed'; readonly block: BlockSpec };

/** {@link FactorizedSpaceOptions} completed and validated. */
export interface ResolvedFactorizedSpaceOptions {
  readonly blocks: readonly ResolvedBlock[];
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
  readonly activation: Activation;
  readonly stem: StemSpec;
  readonly head: HeadSpec;
}

const DEFAULT_CHOICES: Required<BlockChoices> = {
  ops: MNASNET_OPS,
  kernels: [3, 5],
  seRatios: [0, 0.25],
  skips: ['pool', 'identity', 'none'],
  filterMultipliers: [0.75, 1, 1.25],
  layerDeltas: [-1, 0, 1],
};

const fail: Fail = failWith(InvalidSpaceError, 'space');

function list<V>(path: ErrorPath, v: unknown, key: (x: V) => string, check: (x: unknown, p: ErrorPath) => void): readonly V[] {
  if (!Array.isArray(v) || v.length === 0) fail(path, 'a non-empty array', v);
  const seen = new Set<string>();
  v.forEach((x: unknown, i) => {
    check(x, [...path, i]);
    const k = key(x as V);
    if (seen.has(k)) fail([...path, i], 'no duplicate option', x);
    seen.add(k);
  });
  return v as readonly V[];
}

const isInt = integer(Number.MIN_SAFE_INTEGER).test;
const FILTERS = integer(1, LIMITS.filters);
const REPEATS = integer(0, LIMITS.layersPerBlock);
const SE_RATIO = finiteNumber({ min: 0, max: 1 });
const SKIP = oneOf(['none', 'identity', 'pool']);
const MULTIPLIER = finiteNumber({ min: 0, exclusiveMin: true });

function checkOp(x: unknown, p: ErrorPath): void {
  const o = x as Partial<OpChoice> | null;
  const ok =
    typeof o === 'object' &&
    o !== null &&
    blockIssues({ op: o.op, kernel: 3, expansion: o.expansion, seRatio: 0, skip: 'none', filters: 1, repeats: 1, stride: 1 }, []).length ===
      0;
  if (!ok) fail(p, "{ op, expansion } with expansion 1 for 'conv' and 'dwconv', an integer >= 1 for 'mbconv'", x);
}

const OPTION_KEYS = ['skeleton', 'choices', 'inputShape', 'numClasses', 'activation', 'stem', 'head', 'filtersDivisor'];
const CHOICE_KEYS = Object.keys(DEFAULT_CHOICES);

function checkKeys(obj: object, allowed: readonly string[], path: ErrorPath): void {
  if (!isRecord(obj)) fail(path, 'an object', obj);
  checkKnownKeys(obj, allowed, path, fail);
}

function resolveSearchBlock(b: SkeletonBlock, i: number, shared: BlockChoices | undefined, divisor: number): ResolvedSearchBlock {
  const p: ErrorPath = ['skeleton', i];
  checkKeys(b, ['filters', 'repeats', 'stride', 'choices'], p);
  if (b.choices !== undefined) checkKeys(b.choices, CHOICE_KEYS, [...p, 'choices']);
  check(FILTERS, b.filters, [...p, 'filters'], fail);
  check(REPEATS, b.repeats, [...p, 'repeats'], fail);
  check(oneOf([1, 2]), b.stride, [...p, 'stride'], fail);
  // A choice list comes from the block's own choices, else the space-wide ones, else the defaults.
  const from = (k: keyof BlockChoices): [ErrorPath, unknown] =>
    b.choices?.[k] !== undefined
      ? [[...p, 'choices', k], b.choices[k]]
      : shared?.[k] !== undefined
        ? [['choices', k], shared[k]]
        : [['choices', k], DEFAULT_CHOICES[k]];
  const ops = list<OpChoice>(...from('ops'), (o) => `${o.op}/${o.expansion}`, checkOp);
  const kernels = list<number>(...from('kernels'), String, (x, q) => check(KERNEL_RULE, x, q, fail));
  const seRatios = list<number>(...from('seRatios'), String, (x, q) => check(SE_RATIO, x, q, fail));
  const skips = list<SkipOp>(...from('skips'), String, (x, q) => check(SKIP, x, q, fail));
  const [multPath, multValue] = from('filterMultipliers');
  const mults = list<number>(multPath, multValue, String, (x, q) => {
    if (!MULTIPLIER.test(x)) fail(q, 'a positive number', x);
  });
  const filters = mults.map((m) =>
    divisor === 1 ? Math.max(1, Math.round(b.filters * m)) : roundFilters(b.filters, { multiplier: m, divisor }),
  );
  filters.forEach((f, j) => {
    if (f > LIMITS.filters) fail([...multPath, j], `a multiplier giving at most ${LIMITS.filters} filters (it gives ${f})`, mults[j]);
    if (filters.indexOf(f) !== j)
      fail([...multPath, j], `a multiplier giving filters distinct from the others' (${filters.join(', ')})`, mults[j]);
  });
  const deltas = list<number>(...from('layerDeltas'), String, (x, q) => {
    if (!isInt(x) || b.repeats + x < 0 || b.repeats + x > LIMITS.layersPerBlock) {
      fail(q, `an integer in [${-b.repeats}, ${LIMITS.layersPerBlock - b.repeats}] (layers stay in [0, ${LIMITS.layersPerBlock}])`, x);
    }
  });
  return { kind: 'search', stride: b.stride, ops, kernels, seRatios, skips, filters, repeats: deltas.map((d) => b.repeats + d) };
}

/**
 * Completes {@link FactorizedSpaceOptions} with the MnasNet defaults and validates them.
 *
 * @throws InvalidSpaceError with the path of the bad option (e.g.
 *   `['skeleton', 2, 'choices', 'kernels', 1]`), also when two filter
 *   multipliers of a block round to the same filters.
 */
export function resolveFactorizedSpaceOptions(options: FactorizedSpaceOptions): ResolvedFactorizedSpaceOptions {
  if (typeof options !== 'object' || options === null) fail([], 'an options object with a skeleton', options);
  checkKeys(options, OPTION_KEYS, []);
  if (options.choices !== undefined) checkKeys(options.choices, CHOICE_KEYS, ['choices']);
  const divisor = options.filtersDivisor ?? 1;
  check(integer(1, LIMITS.filters), divisor, ['filtersDivisor'], fail);
  const skeleton: unknown = options.skeleton;
  if (!Array.isArray(skeleton) || skeleton.length === 0 || skeleton.length > LIMITS.blocks) {
    fail(['skeleton'], `a non-empty array of at most ${LIMITS.blocks} blocks`, skeleton);
  }
  const blocks = skeleton.map((entry: unknown, i): ResolvedBlock => {
    if (typeof entry !== 'object' || entry === null) fail(['skeleton', i], 'a skeleton block or { fixed: BlockSpec }', entry);
    if ('fixed' in entry) {
      const issue = blockIssues((entry as FixedBlock).fixed, ['skeleton', i, 'fixed'])[0];
      if (issue !== undefined) fail(issue.path, issue.expected, issue.received);
      return { kind: 'fixed', block: { ...(entry as FixedBlock).fixed } };
    }
    return resolveSearchBlock(entry as SkeletonBlock, i, options.choices, divisor);
  });
  const resolved: ResolvedFactorizedSpaceOptions = {
    blocks,
    inputShape: options.inputShape ?? [224, 224, 3],
    numClasses: options.numClasses ?? 1000,
    activation: options.activation ?? 'relu',
    stem: options.stem ?? { filters: 32, kernel: 3, stride: 2 },
    head: options.head ?? { filters: 1280, dropout: 0.2 },
  };
  // The global fields are checked on a probe architecture (first option of every decision).
  const probe = validateArchitecture({
    inputShape: resolved.inputShape,
    numClasses: resolved.numClasses,
    activation: resolved.activation,
    stem: resolved.stem,
    blocks: [{ op: 'conv', kernel: 3, expansion: 1, seRatio: 0, skip: 'none', filters: 1, repeats: 1, stride: 1 }],
    head: resolved.head,
  });
  if (!probe.ok) {
    const issue = probe.issues[0] as (typeof probe.issues)[number];
    fail(issue.path, issue.expected, issue.received);
  }
  return resolved;
}

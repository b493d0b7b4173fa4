/**
 * The factorized hierarchical search space of MnasNet (Tan et al. 2019,
 * Sec. 4.1): the network is a skeleton of blocks; each block makes its own
 * decisions (conv op, kernel, SE ratio, skip op, filters, layers) and all
 * layers of a block are the same.
 *
 * @module
 */

import { InvalidArchitectureError, describeValue } from '../errors.js';
import { defineSpace } from './define-space.js';
import { stableStringify } from './hash.js';
import {
  resolveFactorizedSpaceOptions,
  type FactorizedSpaceOptions,
  type OpChoice,
  type ResolvedFactorizedSpaceOptions,
  type ResolvedSearchBlock,
} from './factorized-options.js';
import type { Architecture, BlockSpec, Decision, SearchSpace } from './types.js';
import { assertArchitecture } from './validate.js';

/** Per-block decision fields, in token order. */
export const BLOCK_DECISIONS = ['op', 'kernel', 'se', 'skip', 'filters', 'layers'] as const;

type Field = (typeof BLOCK_DECISIONS)[number];

const optionCount = (b: ResolvedSearchBlock, f: Field): number =>
  ({ op: b.ops, kernel: b.kernels, se: b.seRatios, skip: b.skips, filters: b.filters, layers: b.repeats })[f].length;

/** Decisions of a resolved space: `blocks[i].<field>` for every list of 2+ options. */
function decisionsOf(o: ResolvedFactorizedSpaceOptions): { decisions: Decision[]; slots: { block: number; field: Field }[] } {
  const decisions: Decision[] = [];
  const slots: { block: number; field: Field }[] = [];
  o.blocks.forEach((b, block) => {
    if (b.kind === 'fixed') return;
    for (const field of BLOCK_DECISIONS) {
      const size = optionCount(b, field);
      if (size < 2) continue;
      decisions.push({ name: `blocks[${block}].${field}`, size });
      slots.push({ block, field });
    }
  });
  return { decisions, slots };
}

function blockFromChoices(b: ResolvedSearchBlock, pick: (f: Field) => number): BlockSpec {
  const op = b.ops[pick('op')] as OpChoice;
  return {
    op: op.op,
    kernel: b.kernels[pick('kernel')] as number,
    expansion: op.expansion,
    seRatio: b.seRatios[pick('se')] as number,
    skip: b.skips[pick('skip')] as BlockSpec['skip'],
    filters: b.filters[pick('filters')] as number,
    repeats: b.repeats[pick('layers')] as number,
    stride: b.stride,
  };
}

function notInSpace(path: (string | number)[], expected: string, received: unknown): never {
  const where = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  throw new InvalidArchitectureError(
    `Architecture not in this space at ${where}: expected ${expected}, received ${describeValue(received)}`,
    { path },
  );
}

function indexIn(values: readonly unknown[], v: unknown, path: (string | number)[], key = stableStringify): number {
  const i = values.findIndex((x) => key(x) === key(v));
  if (i < 0) notInSpace(path, `one of ${values.map((x) => describeValue(x)).join(', ')}`, v);
  return i;
}

function checkGlobals(o: ResolvedFactorizedSpaceOptions, arch: Architecture): void {
  for (const field of ['inputShape', 'numClasses', 'activation', 'stem', 'head'] as const) {
    if (stableStringify(arch[field]) !== stableStringify(o[field])) notInSpace([field], describeValue(o[field]), arch[field]);
  }
  if (arch.blocks.length !== o.blocks.length) notInSpace(['blocks'], `${o.blocks.length} blocks`, `${arch.blocks.length} blocks`);
}

function encodeBlock(b: ResolvedSearchBlock, spec: BlockSpec, i: number): Record<Field, number> {
  const p = (f: string): (string | number)[] => ['blocks', i, f];
  if (spec.stride !== b.stride) notInSpace(p('stride'), String(b.stride), spec.stride);
  const opKey = (x: unknown): string => {
    const o = x as { op: string; expansion: number };
    return `${o.op}/${o.expansion}`;
  };
  return {
    op: indexIn(b.ops, { op: spec.op, expansion: spec.expansion }, p('op'), opKey),
    kernel: indexIn(b.kernels, spec.kernel, p('kernel')),
    se: indexIn(b.seRatios, spec.seRatio, p('seRatio')),
    skip: indexIn(b.skips, spec.skip, p('skip')),
    filters: indexIn(b.filters, spec.filters, p('filters')),
    layers: indexIn(b.repeats, spec.repeats, p('repeats')),
  };
}

/**
 * A factorized hierarchical space over a user skeleton: searchable blocks
 * with per-block choice lists (defaults: the MnasNet lists) and fixed blocks.
 * Decisions come block by block, each block in the order op, kernel, se,
 * skip, filters, layers, named `blocks[i].<field>`; a choice list with a
 * single option makes no decision.
 *
 * @throws InvalidSpaceError when the options are malformed.
 * @example
 * const space = factorizedSpace({
 *   skeleton: [{ filters: 16, repeats: 1, stride: 1 }, { fixed: parseBlocks(['ir_r2_k3_s2_e6_c24'])[0]! }],
 *   choices: { kernels: [3, 5, 7], ops: [3, 4, 6].map((e) => ({ op: 'mbconv', expansion: e })) },
 *   inputShape: [32, 32, 3], numClasses: 10,
 * });
 * space.size(); // 3n * 3n * 2n * 3n * 3n * 3n
 */
export function factorizedSpace(options: FactorizedSpaceOptions): SearchSpace<Architecture> {
  const o = resolveFactorizedSpaceOptions(options);
  const { decisions, slots } = decisionsOf(o);
  return defineSpace<Architecture>({
    decisions,
    decode(tokens) {
      const chosen = new Map<string, number>();
      slots.forEach((s, i) => chosen.set(`${s.block}.${s.field}`, tokens[i] as number));
      return {
        inputShape: [o.inputShape[0], o.inputShape[1], o.inputShape[2]],
        numClasses: o.numClasses,
        activation: o.activation,
        stem: { ...o.stem },
        blocks: o.blocks.map((b, block) =>
          b.kind === 'fixed' ? { ...b.block } : blockFromChoices(b, (f) => chosen.get(`${block}.${f}`) ?? 0),
        ),
        head: { ...o.head },
      };
    },
    encode(arch) {
      assertArchitecture(arch);
      checkGlobals(o, arch);
      const perBlock = o.blocks.map((b, i) => {
        const spec = arch.blocks[i] as BlockSpec;
        if (b.kind === 'search') return encodeBlock(b, spec, i);
        if (stableStringify(spec) !== stableStringify(b.block))
          notInSpace(['blocks', i], `the fixed block ${describeValue(b.block)}`, spec);
        return undefined;
      });
      return slots.map((s) => (perBlock[s.block] as Record<Field, number>)[s.field]);
    },
  });
}

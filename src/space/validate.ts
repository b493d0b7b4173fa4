/**
 * Validation of {@link Architecture} values: a success/failure union that
 * never throws, and an asserting variant that throws
 * {@link InvalidArchitectureError}.
 *
 * @module
 */

import { InvalidArchitectureError, fieldMessage, type ErrorPath } from '../errors.js';
import { CLASS_COUNT, LIMITS, finiteNumber, formatBound, integer, isRecord, oneOf, type Rule } from '../validate.js';
import { planNetwork } from './plan.js';
import { headActivations, layerActivations, planCost, stemActivations } from './plan-cost.js';
import type { Architecture } from './types.js';

/** One problem found in an architecture: where, and what is wrong. */
export interface ArchitectureIssue {
  /** Path of the bad field, e.g. `['blocks', 2, 'kernel']`. */
  readonly path: ErrorPath;
  /** Full message naming the field, what was expected and the value received. */
  readonly message: string;
  /** What a valid value at `path` is. */
  readonly expected: string;
  /** The value received at `path`. */
  readonly received: unknown;
}

/** Result of {@link validateArchitecture}. */
export type ArchitectureValidation =
  | { readonly ok: true; readonly value: Architecture }
  | { readonly ok: false; readonly issues: readonly ArchitectureIssue[]; readonly error: InvalidArchitectureError };

type Issues = ArchitectureIssue[];

const ARCH_KEYS = ['inputShape', 'numClasses', 'activation', 'stem', 'blocks', 'head'] as const;
const STEM_KEYS = ['filters', 'kernel', 'stride'] as const;
const HEAD_KEYS = ['filters', 'dropout'] as const;
/** Fields of a {@link BlockSpec}, in their canonical order. */
export const BLOCK_KEYS = ['op', 'kernel', 'expansion', 'seRatio', 'skip', 'filters', 'repeats', 'stride'] as const;

function issue(out: Issues, path: ErrorPath, expected: string, received: unknown): void {
  out.push({ path, message: fieldMessage('architecture', path, expected, received), expected, received });
}

function checkKeys(out: Issues, obj: Record<string, unknown>, allowed: readonly string[], path: ErrorPath): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) issue(out, [...path, key], `no such field (allowed: ${allowed.join(', ')})`, obj[key]);
  }
}

function checkRule(out: Issues, rule: Rule<unknown>, v: unknown, path: ErrorPath): void {
  if (!rule.test(v)) issue(out, path, rule.expected, v);
}

/** A kernel side: an odd integer in [1, `LIMITS.kernel`]. */
export const KERNEL_RULE: Rule<number> = {
  expected: `an odd integer in [1, ${LIMITS.kernel}]`,
  test: (v): v is number => integer(1, LIMITS.kernel).test(v) && v % 2 === 1,
};
const STRIDE = oneOf([1, 2]);
const FILTERS = integer(1, LIMITS.filters);
const REPEATS = integer(0, LIMITS.layersPerBlock);
const EXPANSION = integer(1, LIMITS.expansion);
const SE_RATIO = finiteNumber({ min: 0, max: 1 });
const OP = oneOf(['conv', 'dwconv', 'mbconv']);
const SKIP = oneOf(['none', 'identity', 'pool']);

/**
 * Collects the issues of one block (used for architectures and block strings).
 * `path` is the path of the block itself.
 */
export function blockIssues(block: unknown, path: ErrorPath): ArchitectureIssue[] {
  const out: Issues = [];
  if (!isRecord(block)) {
    issue(out, path, 'a block object', block);
    return out;
  }
  checkKeys(out, block, BLOCK_KEYS, path);
  const op = block['op'];
  checkRule(out, OP, op, [...path, 'op']);
  checkRule(out, KERNEL_RULE, block['kernel'], [...path, 'kernel']);
  const e = block['expansion'];
  if (op === 'conv' || op === 'dwconv') {
    if (e !== 1) issue(out, [...path, 'expansion'], `1 (op '${op}' has no expansion)`, e);
  } else {
    checkRule(out, EXPANSION, e, [...path, 'expansion']);
  }
  checkRule(out, SE_RATIO, block['seRatio'], [...path, 'seRatio']);
  checkRule(out, SKIP, block['skip'], [...path, 'skip']);
  checkRule(out, FILTERS, block['filters'], [...path, 'filters']);
  checkRule(out, REPEATS, block['repeats'], [...path, 'repeats']);
  checkRule(out, STRIDE, block['stride'], [...path, 'stride']);
  return out;
}

function inputShapeIssues(out: Issues, v: unknown): void {
  const path = ['inputShape'];
  if (!Array.isArray(v) || v.length !== 3) {
    issue(out, path, 'an array [height, width, channels]', v);
    return;
  }
  v.forEach((d: unknown, i) => checkRule(out, i < 2 ? INPUT_SIDE : INPUT_CHANNELS, d, [...path, i]));
}

const INPUT_SIDE = integer(1, LIMITS.inputSide);
const INPUT_CHANNELS = integer(1, LIMITS.inputChannels);
const HEAD_FILTERS = integer(0, LIMITS.filters);
const DROPOUT = finiteNumber({ min: 0, max: 1, exclusiveMax: true });
const ACTIVATION = oneOf(['relu', 'relu6']);

function stemIssues(out: Issues, v: unknown): void {
  if (!isRecord(v)) {
    issue(out, ['stem'], 'an object { filters, kernel, stride }', v);
    return;
  }
  checkKeys(out, v, STEM_KEYS, ['stem']);
  checkRule(out, FILTERS, v['filters'], ['stem', 'filters']);
  checkRule(out, KERNEL_RULE, v['kernel'], ['stem', 'kernel']);
  checkRule(out, STRIDE, v['stride'], ['stem', 'stride']);
}

function headIssues(out: Issues, v: unknown): void {
  if (!isRecord(v)) {
    issue(out, ['head'], 'an object { filters, dropout }', v);
    return;
  }
  checkKeys(out, v, HEAD_KEYS, ['head']);
  checkRule(out, HEAD_FILTERS, v['filters'], ['head', 'filters']);
  checkRule(out, DROPOUT, v['dropout'], ['head', 'dropout']);
}

function collect(a: unknown): Issues {
  const out: Issues = [];
  if (!isRecord(a)) {
    issue(out, [], 'an architecture object', a);
    return out;
  }
  checkKeys(out, a, ARCH_KEYS, []);
  inputShapeIssues(out, a['inputShape']);
  checkRule(out, CLASS_COUNT, a['numClasses'], ['numClasses']);
  checkRule(out, ACTIVATION, a['activation'], ['activation']);
  stemIssues(out, a['stem']);
  const blocks = a['blocks'];
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > LIMITS.blocks) {
    issue(out, ['blocks'], `a non-empty array of at most ${LIMITS.blocks} blocks`, blocks);
  } else {
    blocks.forEach((b: unknown, i) => out.push(...blockIssues(b, ['blocks', i])));
  }
  headIssues(out, a['head']);
  if (out.length === 0) limitIssues(out, a as unknown as Architecture);
  return out;
}

/** Path of the part of a network a cost belongs to. */
const partPath = (part: 'stem' | 'head' | number): ErrorPath => (typeof part === 'number' ? ['blocks', part] : [part]);

/**
 * The cost limits (`LIMITS.params`, `LIMITS.macs`, `LIMITS.activations`),
 * computed analytically from the plan of an architecture whose fields are
 * valid. The issue's path is the part (stem, block or head) where a running
 * total, or the live activations, first go past the limit.
 */
function limitIssues(out: Issues, arch: Architecture): void {
  const plan = planNetwork(arch);
  const cost = planCost(plan);
  const parts: { part: 'stem' | 'head' | number; params: number; macs: number; activations: number }[] = [
    { part: 'stem', ...cost.stem, activations: stemActivations(arch.inputShape, plan.stem) },
    ...cost.layers.map((l, i) => ({
      part: l.block,
      params: l.params,
      macs: l.macs,
      activations: layerActivations(plan.layers[i] as (typeof plan.layers)[number]),
    })),
    { part: 'head', ...cost.head, activations: headActivations(plan.head) },
  ];
  let params = 0;
  let macs = 0;
  for (const p of parts) {
    params += p.params;
    macs += p.macs;
    const received = p.part === 'stem' ? arch.stem : p.part === 'head' ? arch.head : arch.blocks[p.part];
    const over: [string, number, number] | undefined =
      p.activations > LIMITS.activations
        ? ['activation elements alive at once', LIMITS.activations, p.activations]
        : params > LIMITS.params
          ? ['trainable parameters', LIMITS.params, params]
          : macs > LIMITS.macs
            ? ['multiply-accumulates', LIMITS.macs, macs]
            : undefined;
    if (over !== undefined) {
      const [what, limit, total] = over;
      issue(
        out,
        partPath(p.part),
        `a part that keeps the network within ${formatBound(limit)} ${what} (LIMITS); it reaches ${total.toPrecision(3)} here`,
        received,
      );
      return;
    }
  }
}

function toError(issues: readonly ArchitectureIssue[], cause?: unknown): InvalidArchitectureError {
  const first = issues[0] as ArchitectureIssue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return new InvalidArchitectureError(first.message + more, {
    path: first.path,
    cause,
    expected: first.expected,
    received: first.received,
  });
}

/**
 * Checks that a value is a well-formed {@link Architecture}. Never throws,
 * whatever the input (getters that throw, cycles, non-objects).
 *
 * Rules (bounds from {@link LIMITS}): `inputShape` `[height, width,
 * channels]`, sides in [1, 1024], channels in [1, 64]; `numClasses` in
 * [1, 100000]; `activation` `'relu' | 'relu6'`; stem and block kernels odd
 * in [1, 15]; strides 1 or 2; filters in [1, 4096]; `repeats` in [0, 32]
 * (0: the block is absent); `expansion` an integer in [1, 16], exactly 1 for
 * `conv` and `dwconv`; `seRatio` in [0, 1]; head filters in [0, 4096] (0: no
 * head conv); dropout in [0, 1); 1 to 64 blocks; no unknown fields. Then,
 * computed analytically before anything is built: at most 1e8 trainable
 * parameters, 1e10 multiply-accumulates and 2.5e8 activation elements alive
 * at once (batch 1); the issue names the stem, block or head where the
 * network goes past one.
 *
 * @param a - any value.
 * @returns `{ ok: true, value }` or `{ ok: false, issues, error }` where
 *   `error` is the {@link InvalidArchitectureError} {@link assertArchitecture} would throw.
 * @example
 * const r = validateArchitecture(mnasnetA1());
 * if (!r.ok) console.error(r.error.message);
 */
export function validateArchitecture(a: unknown): ArchitectureValidation {
  let issues: Issues;
  try {
    issues = collect(a);
  } catch (cause) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : typeof cause;
    issues = [
      { path: [], message: `Invalid architecture at (root): reading it threw ${what}`, expected: 'an architecture object', received: a },
    ];
    return { ok: false, issues, error: toError(issues, cause) };
  }
  if (issues.length === 0) return { ok: true, value: a as Architecture };
  return { ok: false, issues, error: toError(issues) };
}

/**
 * Throws unless `a` is a well-formed {@link Architecture} (rules of {@link validateArchitecture}).
 *
 * @throws InvalidArchitectureError with the `path` of the first bad field; the
 *   message names the field, what was expected and the value received.
 * @example
 * assertArchitecture({ ...mnasnetA1(), numClasses: 0 });
 * // InvalidArchitectureError: Invalid architecture at numClasses: expected an integer >= 1, received 0
 */
export function assertArchitecture(a: unknown): asserts a is Architecture {
  const r = validateArchitecture(a);
  if (!r.ok) throw r.error;
}

/** Type guard: `validateArchitecture(a).ok`. */
export function isArchitecture(a: unknown): a is Architecture {
  return validateArchitecture(a).ok;
}

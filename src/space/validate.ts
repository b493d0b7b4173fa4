/**
 * Validation of {@link Architecture} values: a success/failure union that
 * never throws, and an asserting variant that throws
 * {@link InvalidArchitectureError}.
 *
 * @module
 */

import { InvalidArchitectureError, fieldMessage, type ErrorPath } from '../errors.js';
import type { Architecture } from './types.js';

/** One problem found in an architecture: where, and what is wrong. */
export interface ArchitectureIssue {
  /** Path of the bad field, e.g. `['blocks', 2, 'kernel']`. */
  readonly path: ErrorPath;
  /** Full message naming the field, what was expected and the value received. */
  readonly message: string;
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

/** Largest accepted kernel size. */
export const MAX_KERNEL = 15;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function issue(out: Issues, path: ErrorPath, expected: string, received: unknown): void {
  out.push({ path, message: fieldMessage('architecture', path, expected, received) });
}

function checkKeys(out: Issues, obj: Record<string, unknown>, allowed: readonly string[], path: ErrorPath): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) issue(out, [...path, key], `no such field (allowed: ${allowed.join(', ')})`, obj[key]);
  }
}

function checkInt(out: Issues, v: unknown, path: ErrorPath, min: number, what = `an integer >= ${min}`): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) issue(out, path, what, v);
}

function checkKernel(out: Issues, v: unknown, path: ErrorPath): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_KERNEL || v % 2 === 0) {
    issue(out, path, `an odd integer in [1, ${MAX_KERNEL}]`, v);
  }
}

function checkStride(out: Issues, v: unknown, path: ErrorPath): void {
  if (v !== 1 && v !== 2) issue(out, path, '1 or 2', v);
}

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
  if (op !== 'conv' && op !== 'dwconv' && op !== 'mbconv') issue(out, [...path, 'op'], "one of 'conv', 'dwconv', 'mbconv'", op);
  checkKernel(out, block['kernel'], [...path, 'kernel']);
  const e = block['expansion'];
  if (op === 'conv' || op === 'dwconv') {
    if (e !== 1) issue(out, [...path, 'expansion'], `1 (op '${op}' has no expansion)`, e);
  } else {
    checkInt(out, e, [...path, 'expansion'], 1);
  }
  const se = block['seRatio'];
  if (typeof se !== 'number' || !Number.isFinite(se) || se < 0 || se > 1) issue(out, [...path, 'seRatio'], 'a number in [0, 1]', se);
  const skip = block['skip'];
  if (skip !== 'none' && skip !== 'identity' && skip !== 'pool') issue(out, [...path, 'skip'], "one of 'none', 'identity', 'pool'", skip);
  checkInt(out, block['filters'], [...path, 'filters'], 1);
  checkInt(out, block['repeats'], [...path, 'repeats'], 0);
  checkStride(out, block['stride'], [...path, 'stride']);
  return out;
}

function inputShapeIssues(out: Issues, v: unknown): void {
  const path = ['inputShape'];
  if (!Array.isArray(v) || v.length !== 3) {
    issue(out, path, 'an array [height, width, channels]', v);
    return;
  }
  v.forEach((d: unknown, i) => checkInt(out, d, [...path, i], 1, 'a positive integer'));
}

function stemIssues(out: Issues, v: unknown): void {
  if (!isRecord(v)) return issue(out, ['stem'], 'an object { filters, kernel, stride }', v);
  checkKeys(out, v, STEM_KEYS, ['stem']);
  checkInt(out, v['filters'], ['stem', 'filters'], 1);
  checkKernel(out, v['kernel'], ['stem', 'kernel']);
  checkStride(out, v['stride'], ['stem', 'stride']);
}

function headIssues(out: Issues, v: unknown): void {
  if (!isRecord(v)) return issue(out, ['head'], 'an object { filters, dropout }', v);
  checkKeys(out, v, HEAD_KEYS, ['head']);
  checkInt(out, v['filters'], ['head', 'filters'], 0);
  const d = v['dropout'];
  if (typeof d !== 'number' || !Number.isFinite(d) || d < 0 || d >= 1) issue(out, ['head', 'dropout'], 'a number in [0, 1)', d);
}

function collect(a: unknown): Issues {
  const out: Issues = [];
  if (!isRecord(a)) {
    issue(out, [], 'an architecture object', a);
    return out;
  }
  checkKeys(out, a, ARCH_KEYS, []);
  inputShapeIssues(out, a['inputShape']);
  checkInt(out, a['numClasses'], ['numClasses'], 1);
  const act = a['activation'];
  if (act !== 'relu' && act !== 'relu6') issue(out, ['activation'], "'relu' or 'relu6'", act);
  stemIssues(out, a['stem']);
  const blocks = a['blocks'];
  if (!Array.isArray(blocks) || blocks.length === 0) issue(out, ['blocks'], 'a non-empty array of blocks', blocks);
  else blocks.forEach((b: unknown, i) => out.push(...blockIssues(b, ['blocks', i])));
  headIssues(out, a['head']);
  return out;
}

function toError(issues: readonly ArchitectureIssue[], cause?: unknown): InvalidArchitectureError {
  const first = issues[0] as ArchitectureIssue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return new InvalidArchitectureError(first.message + more, { path: first.path, cause });
}

/**
 * Checks that a value is a well-formed {@link Architecture}. Never throws,
 * whatever the input (getters that throw, cycles, non-objects).
 *
 * Rules: `inputShape` three positive integers; `numClasses` >= 1;
 * `activation` `'relu' | 'relu6'`; stem and block kernels odd in [1, 15];
 * strides 1 or 2; filters >= 1; `repeats` >= 0 (0: the block is absent);
 * `expansion` an integer >= 1, exactly 1 for `conv` and `dwconv`; `seRatio`
 * in [0, 1]; head filters >= 0 (0: no head conv); dropout in [0, 1); at
 * least one block; no unknown fields.
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
    issues = [{ path: [], message: `Invalid architecture at (root): reading it threw ${String(cause)}` }];
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

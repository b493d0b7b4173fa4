/**
 * Block strings: the official TensorFlow MnasNet form
 * (`r2_k3_s22_e6_i16_o24_se0.25`, `noskip`) and timm's form
 * (`ir_r2_k3_s2_e6_c24_se0.25`, `ds_r1_k3_s1_e1_c16_noskip`, `cn_r1_k3_s1_c32`).
 * See `docs/search-space.md` for the grammar, including the mnas-ts
 * additions (`pool` flag; `cn_`/`ir_` prefixes in the TF form).
 *
 * @module
 */

import { InvalidArchitectureError, InvalidBlockStringError, InvalidOptionsError, describeValue, formatPath } from '../errors.js';
import { LIMITS, ownValue } from '../validate.js';
import type { Architecture, BlockSpec, ConvOp, SkipOp } from './types.js';
import { assertArchitecture, blockIssues } from './validate.js';

/** A parsed block: a {@link BlockSpec}, plus the input filters when the string had them (TF form `i`). */
export type ParsedBlock = BlockSpec & { readonly inputFilters?: number };

/** Block string forms. */
export type BlockStringStyle = 'tf' | 'timm';

/** Options of {@link formatBlock}. */
export interface FormatBlockOptions {
  /** Form to write. @defaultValue 'timm' */
  readonly style?: BlockStringStyle;
  /** Input filters (`i`) for the TF form. @defaultValue `block.inputFilters` */
  readonly inputFilters?: number;
}

const TIMM_OPS: Readonly<Record<string, ConvOp>> = { ds: 'dwconv', ir: 'mbconv', cn: 'conv' };
const SKIP_FLAGS = ['noskip', 'skip', 'pool'] as const;
const INT = /^(0|[1-9]\d*)$/;
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/;

/**
 * Throws the {@link InvalidBlockStringError} about `s`; `expected` and
 * `received` go into the error's fields when the message is about one value.
 */
function fail(s: unknown, message: string, path: (string | number)[] = [], field?: { expected: string; received: unknown }): never {
  const where = path.length > 0 ? ` at ${formatPath(path)}` : '';
  throw new InvalidBlockStringError(`Invalid block string ${describeValue(s)}${where}: ${message}`, { path, ...field });
}

interface Tokens {
  readonly prefix: string | undefined;
  readonly values: Map<string, string>;
  readonly flag: (typeof SKIP_FLAGS)[number] | undefined;
}

function tokenize(s: string): Tokens {
  if (typeof s !== 'string' || s.length === 0) fail(s, 'expected a non-empty string', [], { expected: 'a non-empty string', received: s });
  if (s.length > LIMITS.blockStringLength) {
    const expected = `a string of at most ${LIMITS.blockStringLength} characters`;
    fail(s, `expected ${expected}, received ${s.length}`, [], { expected, received: s });
  }
  const parts = s.split('_');
  let prefix: string | undefined;
  if (parts[0] !== undefined && /^[a-z]+$/.test(parts[0]) && !SKIP_FLAGS.includes(parts[0] as never)) prefix = parts.shift();
  const values = new Map<string, string>();
  let flag: Tokens['flag'];
  for (const part of parts) {
    if ((SKIP_FLAGS as readonly string[]).includes(part)) {
      if (flag !== undefined) fail(s, `expected at most one of noskip, skip, pool, received ${flag} and ${part}`);
      flag = part as Tokens['flag'];
      continue;
    }
    const m = /^(se|[a-z])(.*)$/.exec(part);
    if (m === null || m[2] === '' || !/^[\d.]/.test(m[2] as string)) fail(s, `unknown option ${describeValue(part)}`);
    const key = m[1] as string;
    if (values.has(key)) fail(s, `option ${key} appears twice`);
    values.set(key, m[2] as string);
  }
  return { prefix, values, flag };
}

function int(s: string, t: Tokens, key: string, field: string): number {
  const v = t.values.get(key);
  if (v === undefined) fail(s, `missing option ${key} (${field})`, [field]);
  if (!INT.test(v))
    fail(s, `expected an integer for ${key}, received ${describeValue(v)}`, [field], { expected: 'an integer', received: v });
  return Number(v);
}

function seRatio(s: string, t: Tokens): number {
  const v = t.values.get('se');
  if (v === undefined) return 0;
  if (!DECIMAL.test(v))
    fail(s, `expected a decimal number for se, received ${describeValue(v)}`, ['seRatio'], { expected: 'a decimal number', received: v });
  return Number(v);
}

function onlyKeys(s: string, t: Tokens, allowed: readonly string[]): void {
  for (const key of t.values.keys()) {
    if (!allowed.includes(key)) fail(s, `unknown option ${key} (allowed: ${allowed.join(', ')})`);
  }
}

function skipOf(flag: Tokens['flag'], defaultSkip: SkipOp): SkipOp {
  if (flag === 'noskip') return 'none';
  if (flag === 'pool') return 'pool';
  if (flag === 'skip') return 'identity';
  return defaultSkip;
}

function checked(s: string, block: ParsedBlock): ParsedBlock {
  const { inputFilters, ...spec } = block;
  const issues = blockIssues(spec, []);
  const first = issues[0];
  if (first !== undefined) fail(s, first.message.replace(/^Invalid architecture at [^:]*: /, ''), [...first.path], first);
  if (inputFilters !== undefined && !(inputFilters >= 1 && inputFilters <= LIMITS.filters)) {
    const expected = `i in [1, ${LIMITS.filters}]`;
    fail(s, `expected ${expected}, received ${inputFilters}`, ['inputFilters'], { expected, received: inputFilters });
  }
  return block;
}

function parseTf(s: string, t: Tokens): ParsedBlock {
  onlyKeys(s, t, ['r', 'k', 's', 'e', 'i', 'o', 'se']);
  const stride = t.values.get('s');
  if (stride === undefined) fail(s, 'missing option s (stride)', ['stride']);
  if (!/^\d\d$/.test(stride) || stride[0] !== stride[1])
    fail(s, `expected a pair of equal stride digits like s22, received ${describeValue(`s${stride}`)}`, ['stride']);
  const expansion = int(s, t, 'e', 'expansion');
  let op: ConvOp;
  if (t.prefix === undefined) op = expansion === 1 ? 'dwconv' : 'mbconv';
  else if (t.prefix === 'ir') op = 'mbconv';
  else if (t.prefix === 'cn') op = 'conv';
  else fail(s, `unknown op prefix ${describeValue(t.prefix)} (TF form: none, cn or ir)`, ['op']);
  return checked(s, {
    op,
    kernel: int(s, t, 'k', 'kernel'),
    expansion,
    seRatio: seRatio(s, t),
    skip: skipOf(t.flag, 'identity'),
    filters: int(s, t, 'o', 'filters'),
    repeats: int(s, t, 'r', 'repeats'),
    stride: Number(stride[0]),
    inputFilters: int(s, t, 'i', 'inputFilters'),
  });
}

function parseTimm(s: string, t: Tokens): ParsedBlock {
  const op = t.prefix === undefined ? undefined : ownValue(TIMM_OPS, t.prefix);
  if (op === undefined) fail(s, `expected an op prefix ds, ir or cn, received ${describeValue(t.prefix ?? '')}`, ['op']);
  onlyKeys(s, t, ['r', 'k', 's', 'e', 'c', 'se']);
  const expansion = op === 'mbconv' || t.values.has('e') ? int(s, t, 'e', 'expansion') : 1;
  return checked(s, {
    op,
    kernel: int(s, t, 'k', 'kernel'),
    expansion,
    seRatio: seRatio(s, t),
    skip: skipOf(t.flag, op === 'conv' ? 'none' : 'identity'),
    filters: int(s, t, 'c', 'filters'),
    repeats: int(s, t, 'r', 'repeats'),
    stride: int(s, t, 's', 'stride'),
  });
}

/**
 * Parses a block string of either form (told apart by `c` in timm's form
 * and `i`/`o` in TF's).
 *
 * @returns a {@link ParsedBlock}; TF strings also give `inputFilters`.
 * @throws InvalidBlockStringError naming the bad option and the value received.
 * @example
 * parseBlock('r3_k5_s22_e3_i24_o40_se0.25');
 * // { op: 'mbconv', kernel: 5, expansion: 3, seRatio: 0.25, skip: 'identity', filters: 40, repeats: 3, stride: 2, inputFilters: 24 }
 * parseBlock('ds_r1_k3_s1_e1_c16_noskip').op; // 'dwconv'
 */
export function parseBlock(s: string): ParsedBlock {
  const t = tokenize(s);
  const timm = t.values.has('c');
  const tf = t.values.has('i') || t.values.has('o');
  if (timm && tf) fail(s, 'mixes the TF form (i, o) and the timm form (c)');
  if (!timm && !tf) fail(s, 'expected output filters: o (TF form) or c (timm form)', ['filters']);
  return timm ? parseTimm(s, t) : parseTf(s, t);
}

/**
 * Parses a list of block strings into plain {@link BlockSpec}s (TF input
 * filters dropped, so the result can go into an {@link Architecture}).
 *
 * @throws InvalidBlockStringError whose path starts with the index of the bad string.
 */
export function parseBlocks(strings: readonly string[]): BlockSpec[] {
  if (!Array.isArray(strings))
    fail(strings, 'expected an array of block strings', [], { expected: 'an array of block strings', received: strings });
  if (strings.length > LIMITS.blocks) {
    const expected = `at most ${LIMITS.blocks} block strings`;
    throw new InvalidBlockStringError(`Invalid block strings: expected ${expected}, received ${strings.length}`, {
      expected,
      received: strings.length,
    });
  }
  return strings.map((s, i) => {
    try {
      const { inputFilters: _ignored, ...spec } = parseBlock(s);
      return spec;
    } catch (e) {
      if (!(e instanceof InvalidBlockStringError)) throw e;
      throw new InvalidBlockStringError(e.message, { path: [i, ...e.path], cause: e, expected: e.expected, received: e.received });
    }
  });
}

const num = (x: number): string => String(x);

function skipSuffix(block: BlockSpec, defaultSkip: SkipOp): string {
  if (block.skip === defaultSkip) return '';
  return block.skip === 'none' ? '_noskip' : block.skip === 'pool' ? '_pool' : '_skip';
}

/**
 * Writes a block as a canonical block string; `parseBlock` reads it back
 * unchanged, and `formatBlock(parseBlock(s), { style }) === s` for
 * canonical strings.
 *
 * @throws InvalidArchitectureError when the block is invalid; InvalidOptionsError
 *   for the TF form without input filters.
 * @example
 * formatBlock(mnasnetA1().blocks[2], { style: 'timm' }); // 'ir_r3_k5_s2_e3_c40_se0.25'
 * formatBlock(mnasnetA1().blocks[2], { style: 'tf', inputFilters: 24 }); // 'r3_k5_s22_e3_i24_o40_se0.25'
 */
export function formatBlock(block: ParsedBlock, options: FormatBlockOptions = {}): string {
  const { inputFilters: own, ...spec } = block;
  const issues = blockIssues(spec, []);
  if (issues[0] !== undefined) throw new InvalidArchitectureError(issues[0].message, { path: issues[0].path });
  const style = options.style ?? 'timm';
  const se = block.seRatio > 0 ? `_se${num(block.seRatio)}` : '';
  const head = `r${block.repeats}_k${block.kernel}`;
  if (style === 'timm') {
    const prefix = block.op === 'conv' ? 'cn' : block.op === 'dwconv' ? 'ds' : 'ir';
    const e = block.op === 'conv' ? '' : `_e${block.expansion}`;
    return `${prefix}_${head}_s${block.stride}${e}_c${block.filters}${se}${skipSuffix(block, block.op === 'conv' ? 'none' : 'identity')}`;
  }
  if (style !== 'tf') {
    throw new InvalidOptionsError(`Invalid option style: expected 'tf' or 'timm', received ${describeValue(style)}`, { path: ['style'] });
  }
  const i = options.inputFilters ?? own;
  if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 1) {
    throw new InvalidOptionsError(
      `Invalid option inputFilters: expected a positive integer (the TF form needs i), received ${describeValue(i)}`,
      {
        path: ['inputFilters'],
      },
    );
  }
  const prefix = block.op === 'conv' ? 'cn_' : block.op === 'mbconv' && block.expansion === 1 ? 'ir_' : '';
  const s = `${block.stride}${block.stride}`;
  return `${prefix}${head}_s${s}_e${block.expansion}_i${i}_o${block.filters}${se}${skipSuffix(block, 'identity')}`;
}

/**
 * Writes every block of an architecture; for the TF form, `i` is the
 * channel count entering the block (the stem filters, then the previous
 * present block's filters).
 *
 * @throws InvalidArchitectureError when `arch` is invalid.
 * @example
 * formatBlocks(mnasnetA1(), { style: 'tf' })[0]; // 'r1_k3_s11_e1_i32_o16_noskip'
 */
export function formatBlocks(arch: Architecture, options: { readonly style?: BlockStringStyle } = {}): string[] {
  assertArchitecture(arch);
  let cin = arch.stem.filters;
  return arch.blocks.map((b) => {
    const s = formatBlock(b, { ...options, inputFilters: cin });
    if (b.repeats > 0) cin = b.filters;
    return s;
  });
}

/**
 * Checks of journal lines: the header and each trial are refused when read,
 * field by field, with a JournalError naming the line and the field, so that
 * nothing downstream (resume, report, export) meets a field of the wrong type.
 *
 * @module
 */

import { JournalError, describeValue } from '../errors.js';
import type { BaselineResult, Trial } from './types.js';
import type { JournalHeader } from './types.js';

/** Version of the journal format. */
export const JOURNAL_VERSION = 1;

/** @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Check = (v: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isFiniteNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isUnit: Check = (v) => typeof v === 'number' && v >= 0 && v <= 1;
const isNonNegative: Check = (v) => isFiniteNumber(v) && (v as number) >= 0;
const isInt =
  (min: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

const isCurve: Check = (v) =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every((p) => isRecord(p) && isInt(1)(p['step']) && typeof p['accuracy'] === 'number' && p['accuracy'] >= 0 && p['accuracy'] <= 1);

/** Reads fields of one line, throwing a JournalError naming the line and the field. */
function fields(what: string, line: number, value: Record<string, unknown>, prefix: readonly string[] = []) {
  const fail = (key: string, expected: string): never => {
    const path = [...prefix, key];
    throw new JournalError(
      `Invalid journal ${what} at line ${line}, field ${path.join('.')}: expected ${expected}, received ${describeValue(value[key])}`,
      { line, path },
    );
  };
  return {
    required(key: string, check: Check, expected: string): void {
      if (!(key in value) || !check(value[key])) fail(key, expected);
    },
    optional(key: string, check: Check, expected: string): void {
      if (key in value && value[key] !== undefined && !check(value[key])) fail(key, expected);
    },
  };
}

/** @throws JournalError naming line 1 and the field when `value` is not a version-1 header. */
export function checkHeader(value: Record<string, unknown>, line: number): JournalHeader {
  const f = fields('header', line, value);
  f.required('version', (v) => v === JOURNAL_VERSION, `${JOURNAL_VERSION}`);
  f.required('createdAt', isString, 'an ISO time string');
  f.required('space', isRecord, 'an object { fingerprint, decisions }');
  const space = fields('header', line, value['space'] as Record<string, unknown>, ['space']);
  space.required('fingerprint', isString, 'a string');
  space.required('decisions', isInt(0), 'an integer >= 0');
  f.required('controllerFingerprint', isString, 'a string');
  f.required('concurrency', isInt(1), 'an integer >= 1');
  f.required('trials', (v) => v === null || isInt(0)(v), 'an integer >= 0 or null');
  f.required('reward', isString, 'a string');
  f.optional('meta', isRecord, 'an object');
  f.optional(
    'pruner',
    (v) => isRecord(v) && isString(v['kind']) && isRecord(v['options']) && (v['promotion'] === undefined || v['promotion'] === 'model'),
    'an object { kind, options, promotion?: "model" }',
  );
  f.optional(
    'objectives',
    (v) =>
      Array.isArray(v) &&
      v.length > 0 &&
      v.every((o) => isRecord(o) && isString(o['name']) && (o['direction'] === 'maximize' || o['direction'] === 'minimize')),
    'a non-empty array of { name, direction: "maximize" | "minimize" }',
  );
  f.optional('constrained', (v) => v === true, 'true');
  return value as unknown as JournalHeader;
}

/** Checks the scored fields shared by trials and baselines (`pruned` only for trials). */
function checkScored(f: ReturnType<typeof fields>, value: Record<string, unknown>, line: number, what: string, pruned: boolean): void {
  if (pruned) f.required('status', (v) => v === 'ok' || v === 'pruned' || v === 'failed', '"ok", "pruned" or "failed"');
  else f.required('status', (v) => v === 'ok' || v === 'failed', '"ok" or "failed"');
  const ok = value['status'] !== 'failed';
  (ok ? f.required : f.optional)('reward', isFiniteNumber, 'a finite number');
  (ok ? f.required : f.optional)('accuracy', isUnit, 'a number in [0, 1]');
  f.optional('latencyMs', isNonNegative, 'a finite number >= 0');
  f.optional('objectives', (v) => Array.isArray(v) && v.every(isFiniteNumber), 'an array of finite numbers');
  f.optional('violation', isNonNegative, 'a finite number >= 0');
  if (pruned) f.optional('fidelity', (v) => isFiniteNumber(v) && (v as number) > 0 && (v as number) < 1, 'a number in (0, 1)');
  f.optional('error', isString, 'a string');
  f.optional('evaluation', isRecord, 'an object');
  f.optional('latency', isRecord, 'an object');
  f.optional('repeatOf', isInt(0), 'an integer >= 0');
  f.required('startedAt', isString, 'an ISO time string');
  f.required('durationMs', isFiniteNumber, 'a finite number');
  if (value['status'] === 'pruned') {
    f.required('evaluation', isRecord, 'an object with the learning curve');
    const evaluation = fields(what, line, value['evaluation'] as Record<string, unknown>, ['evaluation']);
    evaluation.required('curve', isCurve, 'a non-empty array of { step: integer >= 1, accuracy: number in [0, 1] }');
    evaluation.required('extra', (v) => isRecord(v) && v['pruned'] === true, 'an object with pruned: true');
  }
}

/** @throws JournalError naming the line and the field when `value` is not a baseline line. */
export function checkBaseline<T>(value: Record<string, unknown>, line: number): BaselineResult<T> {
  const f = fields('baseline', line, value);
  f.required('baseline', (v) => isString(v) && v !== '', 'a non-empty name');
  f.required('value', () => true, 'the network');
  checkScored(f, value, line, 'baseline', false);
  const { type: _type, ...baseline } = value;
  return baseline as unknown as BaselineResult<T>;
}

/** @throws JournalError naming the line and the field when `value` is not a trial. */
export function checkTrial<T>(value: Record<string, unknown>, line: number): Trial<T> {
  const f = fields('trial', line, value);
  f.required('index', isInt(0), 'an integer >= 0');
  f.required('id', isString, 'a string');
  f.required('tokens', (v) => Array.isArray(v) && v.every(isInt(0)), 'an array of integers >= 0');
  f.required('value', () => true, 'the decoded value');
  checkScored(f, value, line, 'trial', true);
  const { type: _type, ...trial } = value;
  return trial as unknown as Trial<T>;
}

/**
 * The first point where `text`, read as JSON, nests arrays and objects deeper
 * than `max`, or `undefined` when it never does (brackets inside strings do not count).
 * @internal
 */
export function depthExceeded(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/**
 * The JSON form of a latency lookup table, and its validation.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { MeasurementError, describeValue } from '../../errors.js';
import { IDENTITY_FIT, type LutFit } from './fit.js';
import type { LutEntryKind } from './keys.js';
import type { PlatformInfo } from '../types.js';

/** Format tag of a saved table. */
export const LUT_FORMAT = 'mnas-ts-latency-lut';

/** One measured entry. */
export interface LutEntry {
  readonly kind: LutEntryKind;
  /** Latency attributed to the piece, ms (probe minus base for layers and heads; may be slightly negative from noise). */
  readonly ms: number;
  /** The probe's own measurement, ms (layers and heads). */
  readonly probeMs?: number;
  /** Key of the base entry subtracted (layers and heads). */
  readonly baseKey?: string;
  /** MACs of the piece. */
  readonly macs?: number;
  /** Estimation group (op, kernel, stride, SE). */
  readonly group?: string;
}

/** A saved table. */
export interface LookupTableData {
  readonly format: typeof LUT_FORMAT;
  readonly version: 1;
  /** Platform the entries were measured on (`null` before the first measurement). */
  readonly platform: PlatformInfo | null;
  readonly entries: Readonly<Record<string, LutEntry>>;
  readonly fit: LutFit;
}

/** An empty table. */
export function emptyTable(): LookupTableData {
  return { format: LUT_FORMAT, version: 1, platform: null, entries: {}, fit: IDENTITY_FIT };
}

const KINDS = new Set(['stem', 'layer', 'head', 'base']);

/**
 * Checks that `data` is a saved table.
 *
 * @throws MeasurementError naming the bad field.
 */
export function checkTable(data: unknown, source = 'the table'): LookupTableData {
  const fail = (path: (string | number)[], expected: string, received: unknown): never => {
    throw new MeasurementError(
      `Invalid latency lookup table (${source}) at ${path.join('.') || '(root)'}: expected ${expected}, received ${describeValue(received)}`,
      {
        path,
        cause: new TypeError('malformed lookup table'),
      },
    );
  };
  const d = data as Partial<LookupTableData> | null;
  if (typeof d !== 'object' || d === null) return fail([], 'an object', d);
  if (d.format !== LUT_FORMAT) fail(['format'], `"${LUT_FORMAT}"`, d.format);
  if (d.version !== 1) fail(['version'], '1', d.version);
  if (d.platform !== null && (typeof d.platform !== 'object' || typeof d.platform?.name !== 'string'))
    fail(['platform'], 'null or { name, backend }', d.platform);
  if (typeof d.entries !== 'object' || d.entries === null) fail(['entries'], 'an object', d.entries);
  for (const [key, e] of Object.entries(d.entries as Record<string, LutEntry>)) {
    if (typeof e !== 'object' || e === null || !KINDS.has(e.kind)) fail(['entries', key, 'kind'], 'stem, layer, head or base', e?.kind);
    if (typeof e.ms !== 'number' || !Number.isFinite(e.ms)) fail(['entries', key, 'ms'], 'a finite number', e.ms);
  }
  const f = d.fit as LutFit | undefined;
  if (typeof f !== 'object' || f === null || !Number.isFinite(f.scale) || !Number.isFinite(f.offsetMs))
    fail(['fit'], '{ scale, offsetMs, archs }', f);
  return d as LookupTableData;
}

/** Reads a saved table; `undefined` when the file does not exist. @throws MeasurementError when it is unreadable or malformed. */
export function readTableFile(file: string): LookupTableData | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MeasurementError(`Cannot read the latency lookup table ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return checkTable(JSON.parse(text), file);
  } catch (err) {
    if (err instanceof MeasurementError) throw err;
    throw new MeasurementError(`The latency lookup table ${file} is not valid JSON`, { cause: err });
  }
}

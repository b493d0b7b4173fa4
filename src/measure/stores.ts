/**
 * Stores of latency reports for {@link cachedMeasurer}: in memory, or in a
 * JSON file that survives restarts.
 *
 * @module
 */

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidOptionsError, MeasurementError, describeValue } from '../errors.js';
import type { LatencyReport } from './types.js';

/** Where {@link cachedMeasurer} keeps reports. Methods may be sync or async. */
export interface LatencyStore {
  get(key: string): LatencyReport | undefined | Promise<LatencyReport | undefined>;
  set(key: string, report: LatencyReport): void | Promise<void>;
}

/** A {@link LatencyStore} in a `Map` (the default of `cachedMeasurer`). */
export class MemoryLatencyStore implements LatencyStore {
  private readonly map = new Map<string, LatencyReport>();

  /** The report stored under `key`. */
  get(key: string): LatencyReport | undefined {
    return this.map.get(key);
  }

  /** Stores `report` under `key`. */
  set(key: string, report: LatencyReport): void {
    this.map.set(key, report);
  }

  /** Number of stored reports. */
  get size(): number {
    return this.map.size;
  }
}

const FORMAT = 'mnas-ts-latency-cache';

/**
 * A {@link LatencyStore} in a JSON file (`{ format, version, reports: { key: report } }`),
 * read on construction (a missing file is an empty store) and rewritten
 * atomically (temporary file + rename) after every `set`, so a killed search
 * keeps every finished measurement.
 *
 * @throws MeasurementError when the file exists but is not such a store.
 * @example cachedMeasurer(measurer, new JsonFileLatencyStore('.cache/latency.json'))
 */
export class JsonFileLatencyStore implements LatencyStore {
  private readonly reports: Record<string, LatencyReport>;

  /** @param path - the JSON file. */
  constructor(readonly path: string) {
    if (typeof path !== 'string' || path === '') {
      throw new InvalidOptionsError(`Invalid JsonFileLatencyStore path: expected a file path, received ${describeValue(path)}`, {
        path: ['path'],
      });
    }
    this.reports = readStore(path);
  }

  /** The report stored under `key`. */
  get(key: string): LatencyReport | undefined {
    return Object.hasOwn(this.reports, key) ? this.reports[key] : undefined;
  }

  /** Stores `report` under `key` and rewrites the file. */
  set(key: string, report: LatencyReport): void {
    this.reports[key] = report;
    writeJsonAtomic(this.path, { format: FORMAT, version: 1, reports: this.reports });
  }

  /** Number of stored reports. */
  get size(): number {
    return Object.keys(this.reports).length;
  }
}

function readStore(path: string): Record<string, LatencyReport> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Object.create(null) as Record<string, LatencyReport>;
    throw new MeasurementError(`Cannot read the latency cache ${path}: ${(err as Error).message}`, { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new MeasurementError(`The latency cache ${path} is not valid JSON`, { cause: err });
  }
  const d = data as { format?: unknown; reports?: unknown };
  if (d?.format !== FORMAT || typeof d.reports !== 'object' || d.reports === null) {
    throw new MeasurementError(`The file ${path} is not a latency cache (expected format "${FORMAT}")`, {
      cause: new TypeError(`format: ${describeValue(d?.format)}`),
    });
  }
  return Object.assign(Object.create(null) as Record<string, LatencyReport>, d.reports);
}

/** Writes `value` as JSON to `path` through a temporary file and a rename (atomic on POSIX). */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 1)}\n`);
  renameSync(tmp, path);
}

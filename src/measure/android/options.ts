/**
 * Options of {@link AndroidLatencyMeasurer}, resolved and validated in one place.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../../errors.js';
import { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from '../load.js';

/** Options of {@link AndroidLatencyMeasurer}. Every field is optional. */
export interface AndroidLatencyMeasurerOptions {
  /** The `adb` executable. @defaultValue `'adb'` (found on `PATH`) */
  readonly adbPath?: string;
  /** Serial of the device (`adb devices`); needed only when several are connected. */
  readonly serial?: string;
  /** Path of TFLite's `benchmark_model` on the device. @defaultValue `'/data/local/tmp/benchmark_model'` */
  readonly benchmarkBinary?: string;
  /** A local `benchmark_model` build to push to `benchmarkBinary` (once, removed on `close()`). */
  readonly benchmarkBinaryLocal?: string;
  /** Device directory for the pushed models. @defaultValue `'/data/local/tmp'` */
  readonly remoteDir?: string;
  /** `--num_threads`. MnasNet measured on one thread. @defaultValue 1 */
  readonly threads?: number;
  /**
   * CPU affinity mask for `taskset` (hex, e.g. `'80'` for CPU 7, usually a
   * big core). MnasNet pinned its measurements to one big core. Unset: no taskset.
   */
  readonly cpuMask?: string;
  /** `--num_runs`: timed runs per `benchmark_model` invocation. @defaultValue 50 */
  readonly runs?: number;
  /** `--warmup_runs` per invocation. @defaultValue 10 */
  readonly warmupRuns?: number;
  /**
   * `benchmark_model` invocations per measurement. It prints aggregate
   * statistics, not each run, so each invocation's mean is one sample of the
   * report. @defaultValue 3
   */
  readonly invocations?: number;
  /** More `benchmark_model` flags, e.g. `['--use_xnnpack=true']` (each quoted for the device shell). @defaultValue `[]` */
  readonly extraArgs?: readonly string[];
  /** Seed of the model weights. @defaultValue 0 */
  readonly seed?: number;
  /** Each adb command taking longer fails with a MeasurementError. @defaultValue 300000 */
  readonly timeoutMs?: number;
  /**
   * Watching the phone's load ({@link LoadOptions}). The load signal is the
   * phone's `/proc/stat`, read with `adb shell cat /proc/stat` (unless
   * `load.probe` is given): before measuring, wait up to `load.maxWaitMs`
   * for quiet; afterwards, mark the report's `load.noisy` when other
   * processes used more than `load.maxOtherCores` cores between the readings
   * right before the first and right after the last `benchmark_model`
   * invocation. `benchmark_model`'s own CPU time is not visible over adb, so
   * it is taken to be `threads` cores throughout: `otherCores` is a lower
   * bound, and there is no `cpuShare`. Where the phone's `/proc/stat`
   * cannot be read, the load is not watched (reports have no `load`); so
   * with `false`.
   * @defaultValue `{}` (watched, with the defaults of {@link LoadOptions})
   */
  readonly load?: LoadOptions | false;
}

/** {@link AndroidLatencyMeasurerOptions} with defaults filled in. */
export interface ResolvedAndroidLatencyMeasurerOptions {
  readonly adbPath: string;
  readonly serial: string | undefined;
  readonly benchmarkBinary: string;
  readonly benchmarkBinaryLocal: string | undefined;
  readonly remoteDir: string;
  readonly threads: number;
  readonly cpuMask: string | undefined;
  readonly runs: number;
  readonly warmupRuns: number;
  readonly invocations: number;
  readonly extraArgs: readonly string[];
  readonly seed: number;
  readonly timeoutMs: number;
  /** Load watching; `undefined` when off. */
  readonly load: ResolvedLoadOptions | undefined;
  /** True when the load signal is the phone's `/proc/stat` over adb (no `load.probe` given). */
  readonly loadFromDevice: boolean;
}

function bad(name: string, expected: string, value: unknown): never {
  throw new InvalidOptionsError(`Invalid AndroidLatencyMeasurer option ${name}: expected ${expected}, received ${describeValue(value)}`, {
    path: [name],
    expected,
    received: value,
  });
}

function int(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) bad(name, `an integer >= ${min}`, value);
  return value;
}

function str(name: string, value: unknown, pattern?: RegExp, expected = 'a non-empty string'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || (pattern !== undefined && !pattern.test(value))) bad(name, expected, value);
  return value;
}

/** A device path: absolute, no whitespace or quotes (they would need the device shell to behave). */
const DEVICE_PATH = /^\/[A-Za-z0-9_.,+@%=:/-]*$/;

/**
 * Completes and validates {@link AndroidLatencyMeasurerOptions}.
 *
 * @throws InvalidOptionsError naming the bad field.
 */
export function resolveAndroidLatencyMeasurerOptions(options: AndroidLatencyMeasurerOptions = {}): ResolvedAndroidLatencyMeasurerOptions {
  if (typeof options !== 'object' || options === null) bad('(root)', 'an object', options);
  const o = options;
  if (o.extraArgs !== undefined && (!Array.isArray(o.extraArgs) || !o.extraArgs.every((a) => typeof a === 'string')))
    bad('extraArgs', 'an array of strings', o.extraArgs);
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) bad('seed', 'a safe integer', o.seed);
  const devicePath = 'an absolute device path of letters, digits and _.,+@%=:/-';
  const remoteDir = str('remoteDir', o.remoteDir, DEVICE_PATH, devicePath) ?? '/data/local/tmp';
  return {
    adbPath: str('adbPath', o.adbPath) ?? 'adb',
    serial: str('serial', o.serial, /^[A-Za-z0-9_.:-]+$/, 'a device serial (letters, digits and _.:-)'),
    benchmarkBinary: str('benchmarkBinary', o.benchmarkBinary, DEVICE_PATH, devicePath) ?? '/data/local/tmp/benchmark_model',
    benchmarkBinaryLocal: str('benchmarkBinaryLocal', o.benchmarkBinaryLocal),
    remoteDir: remoteDir.replace(/\/+$/, '') || '/',
    threads: int('threads', o.threads, 1, 1),
    cpuMask: str('cpuMask', o.cpuMask, /^(0x)?[0-9a-fA-F]+$/, 'a hexadecimal CPU mask such as "f0"')?.replace(/^0x/, ''),
    runs: int('runs', o.runs, 50, 1),
    warmupRuns: int('warmupRuns', o.warmupRuns, 10, 0),
    invocations: int('invocations', o.invocations, 3, 1),
    extraArgs: [...(o.extraArgs ?? [])],
    seed: o.seed ?? 0,
    timeoutMs: int('timeoutMs', o.timeoutMs, 300_000, 1),
    load: resolveLoadOptions(o.load, ['load']),
    loadFromDevice: o.load === undefined || (typeof o.load === 'object' && o.load !== null && o.load.probe === undefined),
  };
}

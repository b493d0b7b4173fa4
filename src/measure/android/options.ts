/**
 * Options of {@link AndroidLatencyMeasurer}, resolved and validated in one place.
 *
 * @module
 */

import { LIMITS, type Rule, checkKnownKeys, integer, isRecord } from '../../validate.js';
import { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from '../load.js';
import { NON_EMPTY, RUNS, SEED, STRINGS, THREADS, TIMEOUT_MS, measurerFail, optional } from '../option-rules.js';

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

const fail = measurerFail('AndroidLatencyMeasurer');

/** The keys of {@link AndroidLatencyMeasurerOptions}. */
const KEYS = [
  'adbPath',
  'serial',
  'benchmarkBinary',
  'benchmarkBinaryLocal',
  'remoteDir',
  'threads',
  'cpuMask',
  'runs',
  'warmupRuns',
  'invocations',
  'extraArgs',
  'seed',
  'timeoutMs',
  'load',
];

/** A non-empty string matching `pattern`. */
function matching(pattern: RegExp, expected: string): Rule<string> {
  return { expected, test: (v): v is string => typeof v === 'string' && pattern.test(v) };
}

/** A device path: absolute, no whitespace or quotes (they would need the device shell to behave). */
const DEVICE_PATH = matching(/^\/[A-Za-z0-9_.,+@%=:/-]*$/, 'an absolute device path of letters, digits and _.,+@%=:/-');
const SERIAL = matching(/^[A-Za-z0-9_.:-]+$/, 'a device serial (letters, digits and _.:-)');
const CPU_MASK = matching(/^(0x)?[0-9a-fA-F]+$/, 'a hexadecimal CPU mask such as "f0"');

/**
 * Completes and validates {@link AndroidLatencyMeasurerOptions}.
 *
 * @throws InvalidOptionsError naming the bad field (an unknown one included).
 */
export function resolveAndroidLatencyMeasurerOptions(options: AndroidLatencyMeasurerOptions = {}): ResolvedAndroidLatencyMeasurerOptions {
  if (!isRecord(options)) fail([], 'an object', options);
  checkKnownKeys(options as Record<string, unknown>, KEYS, [], fail);
  const o = options;
  const remoteDir = optional(DEVICE_PATH, o.remoteDir, '/data/local/tmp', 'remoteDir', fail);
  return {
    adbPath: optional(NON_EMPTY, o.adbPath, 'adb', 'adbPath', fail),
    serial: optional<string | undefined>(SERIAL, o.serial, undefined, 'serial', fail),
    benchmarkBinary: optional(DEVICE_PATH, o.benchmarkBinary, '/data/local/tmp/benchmark_model', 'benchmarkBinary', fail),
    benchmarkBinaryLocal: optional<string | undefined>(NON_EMPTY, o.benchmarkBinaryLocal, undefined, 'benchmarkBinaryLocal', fail),
    remoteDir: remoteDir.replace(/\/+$/, '') || '/',
    threads: optional(THREADS, o.threads, 1, 'threads', fail),
    cpuMask: optional<string | undefined>(CPU_MASK, o.cpuMask, undefined, 'cpuMask', fail)?.replace(/^0x/, ''),
    runs: optional(RUNS, o.runs, 50, 'runs', fail),
    warmupRuns: optional(integer(0, LIMITS.runs), o.warmupRuns, 10, 'warmupRuns', fail),
    invocations: optional(RUNS, o.invocations, 3, 'invocations', fail),
    extraArgs: [...optional(STRINGS, o.extraArgs, [], 'extraArgs', fail)],
    seed: optional(SEED, o.seed, 0, 'seed', fail),
    timeoutMs: optional(TIMEOUT_MS, o.timeoutMs, 300_000, 'timeoutMs', fail),
    load: resolveLoadOptions(o.load, ['load']),
    loadFromDevice: o.load === undefined || (typeof o.load === 'object' && o.load !== null && o.load.probe === undefined),
  };
}

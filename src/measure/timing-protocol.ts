/**
 * The timing protocol shared by the WASM measurer (and usable by any
 * measurer that times runs itself): warm up until the latency is stable, then
 * time a fixed number of runs.
 *
 * Warm-up works in windows of `window` runs. After each window it takes the
 * window's median; warm-up stops when a window's median is no longer faster
 * than the previous window's by more than `tolerance` (relative), after at
 * least `minWarmupRuns` runs, or when `maxWarmupRuns` runs or `maxWarmupMs`
 * milliseconds of warm-up have been spent (the caps). A fixed count (say 5
 * runs) is not enough: in Node, small models on the WASM backend keep
 * speeding up for 50 runs and more while V8 tiers up the JavaScript around
 * the kernels and the allocator settles.
 *
 * @module
 */

import { InvalidOptionsError } from '../errors.js';
import { type Fail, LIMITS, type Rule, check, checkKnownKeys, failWith, finiteNumber, integer } from '../validate.js';
import { RUNS, WAIT_MS } from './option-rules.js';
import { median } from './stats.js';

/** Options of the timing protocol. Every field is optional. */
export interface TimingProtocolOptions {
  /** Number of timed runs after warm-up. @defaultValue 30 */
  readonly runs?: number;
  /** Runs per warm-up window. @defaultValue 10 */
  readonly window?: number;
  /** Warm-up stops when a window's median improves on the previous one by at most this fraction. @defaultValue 0.02 */
  readonly tolerance?: number;
  /** Warm-up runs always done. @defaultValue 10 */
  readonly minWarmupRuns?: number;
  /** Cap on warm-up runs. @defaultValue 300 */
  readonly maxWarmupRuns?: number;
  /** Cap on warm-up time, ms (checked after each window). @defaultValue 30000 */
  readonly maxWarmupMs?: number;
  /**
   * Timed runs go on past `runs` until at least this long has passed since
   * the first of them, ms. On a machine whose speed changes in phases of
   * seconds (a shared VM), a longer timed span samples more phases and the
   * median moves less between measurements (see docs/latency.md).
   * @defaultValue 0
   */
  readonly minTimedMs?: number;
}

/** {@link TimingProtocolOptions} with every field set. */
export type ResolvedTimingProtocolOptions = Required<TimingProtocolOptions>;

/** Defaults of {@link TimingProtocolOptions}. */
export const DEFAULT_TIMING_PROTOCOL: ResolvedTimingProtocolOptions = Object.freeze({
  runs: 30,
  window: 10,
  tolerance: 0.02,
  minWarmupRuns: 10,
  maxWarmupRuns: 300,
  maxWarmupMs: 30_000,
  minTimedMs: 0,
});

/** A cap on warm-up time: Infinity for none. */
const WARMUP_MS: Rule<number> = { expected: 'a number >= 0', test: (v): v is number => typeof v === 'number' && v >= 0 };

/** The keys of {@link TimingProtocolOptions}. */
export const TIMING_PROTOCOL_KEYS: readonly string[] = Object.keys(DEFAULT_TIMING_PROTOCOL);

/**
 * Completes and validates {@link TimingProtocolOptions}, refusing a key it does not know.
 *
 * @param path - where these options sit inside the caller's options (for error paths).
 * @param fail - the caller's error (a measurer's, naming it).
 * @throws InvalidOptionsError naming the bad field.
 */
export function resolveTimingProtocolOptions(
  options: TimingProtocolOptions = {},
  path: readonly (string | number)[] = [],
  fail: Fail = failWith(InvalidOptionsError, 'timing protocol option'),
): ResolvedTimingProtocolOptions {
  checkKnownKeys(options as Record<string, unknown>, TIMING_PROTOCOL_KEYS, path, fail);
  const o = { ...DEFAULT_TIMING_PROTOCOL, ...stripUndefined(options) };
  const field = <T>(rule: Rule<T>, name: keyof TimingProtocolOptions): T => check(rule, o[name], [...path, name], fail);
  const resolved: ResolvedTimingProtocolOptions = {
    runs: field(RUNS, 'runs'),
    window: field(RUNS, 'window'),
    tolerance: field(finiteNumber({ min: 0, max: 1, exclusiveMax: true }), 'tolerance'),
    minWarmupRuns: field(integer(0, LIMITS.runs), 'minWarmupRuns'),
    maxWarmupRuns: field(integer(0, LIMITS.runs), 'maxWarmupRuns'),
    maxWarmupMs: field(WARMUP_MS, 'maxWarmupMs'),
    minTimedMs: field(WAIT_MS, 'minTimedMs'),
  };
  if (resolved.maxWarmupRuns < resolved.minWarmupRuns)
    fail([...path, 'maxWarmupRuns'], `at least minWarmupRuns (${resolved.minWarmupRuns})`, resolved.maxWarmupRuns);
  return resolved;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What {@link runTimingProtocol} found. */
export interface TimingProtocolResult {
  /** Timed runs, ms, in order. */
  readonly samplesMs: number[];
  /** Untimed warm-up runs done. */
  readonly warmupRuns: number;
  /** Median of each warm-up window, ms (shows the speed-up). */
  readonly warmupWindowMediansMs: number[];
  /** Why warm-up stopped. */
  readonly warmupStop: 'stable' | 'max-runs' | 'max-time';
}

/**
 * Runs the protocol. `runOnce` performs one inference and returns its
 * duration in ms; `beforeRun` is called before every run (to check for
 * abort; throw to stop); `beforeTimed` once, between the warm-up and the
 * timed runs; `now` is the clock of the warm-up time cap and of
 * `minTimedMs`; `hooks.minTimedMs` raises `options.minTimedMs` for this
 * call (timed runs go on past `runs` until that much time has passed since
 * the first of them).
 *
 * @example
 * const r = await runTimingProtocol(() => timeOneInference(), resolveTimingProtocolOptions({ runs: 20 }));
 */
export async function runTimingProtocol(
  runOnce: () => number | Promise<number>,
  options: ResolvedTimingProtocolOptions,
  hooks: {
    readonly beforeRun?: () => void | Promise<void>;
    readonly beforeTimed?: () => void | Promise<void>;
    readonly now?: () => number;
    readonly minTimedMs?: number;
  } = {},
): Promise<TimingProtocolResult> {
  const now = hooks.now ?? (() => performance.now());
  const start = now();
  const medians: number[] = [];
  let windowTimes: number[] = [];
  let warmupRuns = 0;
  let stop: TimingProtocolResult['warmupStop'] = 'max-runs';
  while (warmupRuns < options.maxWarmupRuns) {
    await hooks.beforeRun?.();
    windowTimes.push(await runOnce());
    warmupRuns++;
    if (windowTimes.length < options.window) continue;
    const m = median(windowTimes);
    const prev = medians[medians.length - 1];
    medians.push(m);
    windowTimes = [];
    if (warmupRuns >= options.minWarmupRuns && prev !== undefined && m >= prev * (1 - options.tolerance)) {
      stop = 'stable';
      break;
    }
    if (now() - start >= options.maxWarmupMs) {
      stop = 'max-time';
      break;
    }
  }
  await hooks.beforeTimed?.();
  const samplesMs: number[] = [];
  const timedStart = now();
  const minTimedMs = Math.max(options.minTimedMs, hooks.minTimedMs ?? 0);
  for (let i = 0; i < options.runs || now() - timedStart < minTimedMs; i++) {
    await hooks.beforeRun?.();
    samplesMs.push(await runOnce());
  }
  return { samplesMs, warmupRuns, warmupWindowMediansMs: medians, warmupStop: stop };
}

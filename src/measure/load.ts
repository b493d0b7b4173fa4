/**
 * Watching the machine's load around a measurement: the options, waiting
 * for quiet before measuring, and judging afterwards whether the latency is
 * noisy. Shared by every measurer that times runs itself.
 *
 * @module
 */

import { AbortError, InvalidOptionsError, throwIfAborted } from '../errors.js';
import { LIMITS, check, checkKnownKeys, failWith, finiteNumber, type Fail, type Rule } from '../validate.js';
import { busyCores, procStatProbe, type CpuTimes, type LoadProbe } from './load-probe.js';
import type { LoadReport } from './types.js';

/** How a measurer watches the machine's load. Every field is optional. */
export interface LoadOptions {
  /**
   * The machine counts as busy when other processes use more than this many
   * cores on average (during the measurement, or while waiting for quiet).
   * The default suits a small machine, where any other busy process competes
   * for the measuring core, its caches and its clock; on a many-core server
   * whose other cores run steady work, raise it to what that work uses.
   * @defaultValue 0.5
   */
  readonly maxOtherCores?: number;
  /**
   * A measurement is noisy when the measuring process got less than this
   * share of its timed runs' elapsed time on the CPU (it was preempted).
   * 0 turns this check off. @defaultValue 0.8
   */
  readonly minCpuShare?: number;
  /**
   * Before measuring, wait up to this long (ms) for other processes' CPU
   * use to fall to `maxOtherCores`; then measure anyway (a busy machine
   * then shows in the report's `load`). 0 measures at once. @defaultValue 0
   */
  readonly maxWaitMs?: number;
  /** While waiting, the load is read over windows of this many ms. @defaultValue 500 */
  readonly pollMs?: number;
  /** The load signal. @defaultValue `procStatProbe()` (Linux's `/proc/stat`; elsewhere no machine-wide signal) */
  readonly probe?: LoadProbe;
}

/** {@link LoadOptions} with defaults filled in. */
export interface ResolvedLoadOptions {
  readonly maxOtherCores: number;
  readonly minCpuShare: number;
  readonly maxWaitMs: number;
  readonly pollMs: number;
  readonly probe: LoadProbe;
}

const fail: Fail = failWith(InvalidOptionsError, 'option');

/**
 * Completes and validates {@link LoadOptions}; `false` (not watched) gives `undefined`.
 *
 * @param path - where the options sit inside the caller's options (for error paths).
 * @throws InvalidOptionsError naming the bad field.
 */
export function resolveLoadOptions(
  options: LoadOptions | false | undefined,
  path: readonly (string | number)[] = ['load'],
): ResolvedLoadOptions | undefined {
  if (options === false) return undefined;
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) fail(path, 'an object or false', o);
  checkKnownKeys(o as Record<string, unknown>, ['maxOtherCores', 'minCpuShare', 'maxWaitMs', 'pollMs', 'probe'], path, fail);
  const probe = o.probe ?? procStatProbe();
  if (typeof probe?.read !== 'function') fail([...path, 'probe'], 'an object with a read() method', probe);
  const num = (rule: Rule<number>, key: 'maxOtherCores' | 'minCpuShare' | 'maxWaitMs' | 'pollMs', fallback: number): number =>
    o[key] === undefined ? fallback : check(rule, o[key], [...path, key], fail);
  return {
    maxOtherCores: num(finiteNumber({ min: 0 }), 'maxOtherCores', 0.5),
    minCpuShare: num(finiteNumber({ min: 0, max: 1 }), 'minCpuShare', 0.8),
    maxWaitMs: num(finiteNumber({ min: 0, max: LIMITS.timeoutMs }), 'maxWaitMs', 0),
    pollMs: num(finiteNumber({ min: 0, exclusiveMin: true }), 'pollMs', 500),
    probe,
  };
}

/** Clock and sleep of {@link waitForQuiet} (injectable for tests). */
export interface WaitHooks {
  /** Resolves after `ms`. @defaultValue a timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds from any origin. @defaultValue `performance.now()` */
  readonly now?: () => number;
  /** Stops the wait with an AbortError. */
  readonly signal?: AbortSignal;
}

/** What {@link waitForQuiet} found. */
export interface QuietWait {
  /** Time spent waiting, ms. */
  readonly waitedMs: number;
  /** True when the machine became quiet, false when the wait ran out, undefined when not waited (no wait or no signal). */
  readonly quiet: boolean | undefined;
}

/**
 * Waits until other processes use at most `maxOtherCores` cores over a
 * window of `pollMs`, or until `maxWaitMs` has passed. Nothing else of ours
 * runs meanwhile, so the machine's whole CPU use counts as other processes'.
 *
 * @throws AbortError when `hooks.signal` aborts.
 */
export async function waitForQuiet(options: ResolvedLoadOptions, hooks: WaitHooks = {}): Promise<QuietWait> {
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = hooks.now ?? (() => performance.now());
  if (options.maxWaitMs <= 0) return { waitedMs: 0, quiet: undefined };
  const start = now();
  throwIfAborted(hooks.signal);
  let before = await options.probe.read();
  for (;;) {
    await sleep(options.pollMs);
    if (hooks.signal?.aborted === true) throw new AbortError('The measurement was aborted', { cause: hooks.signal.reason });
    const after = await options.probe.read();
    if (before === undefined || after === undefined) return { waitedMs: now() - start, quiet: undefined };
    if (busyCores(before, after) <= options.maxOtherCores) return { waitedMs: now() - start, quiet: true };
    if (now() - start >= options.maxWaitMs) return { waitedMs: now() - start, quiet: false };
    before = after;
  }
}

/** CPU and elapsed time of the measuring process: over the whole measurement, and over its timed runs. */
export interface ProcessUsage {
  /** Elapsed time of the whole measurement, ms. */
  readonly wallMs: number;
  /** CPU time (user + system) the measuring process spent in it, ms. */
  readonly cpuMs: number;
  /** Elapsed time of the timed runs, ms. */
  readonly timedWallMs: number;
  /** CPU time the measuring process spent in its timed runs, ms. */
  readonly timedCpuMs: number;
}

/** What {@link judgeLoad} weighs. */
export interface LoadEvidence {
  /** The load signal's readings right before and right after the measurement (absent where the platform has none). */
  readonly before?: CpuTimes | undefined;
  readonly after?: CpuTimes | undefined;
  /** The measuring process's own use (absent when it did not report it). */
  readonly usage?: ProcessUsage | undefined;
  /** The wait for quiet before the measurement. */
  readonly wait: QuietWait;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Judges a measurement's load: noisy when other processes used more than
 * `maxOtherCores` cores (the machine's use between the two readings minus
 * the measuring process's own), or when the measuring process got less than
 * `minCpuShare` of its timed runs' elapsed time on the CPU.
 * @example judgeLoad({ usage: { wallMs: 100, cpuMs: 60, timedWallMs: 50, timedCpuMs: 25 }, wait: { waitedMs: 0, quiet: undefined } }, options).noisy // true
 */
export function judgeLoad(evidence: LoadEvidence, options: ResolvedLoadOptions): LoadReport {
  const { before, after, usage, wait } = evidence;
  const reasons: string[] = [];
  let otherCores: number | undefined;
  if (before !== undefined && after !== undefined) {
    const own = usage !== undefined && usage.wallMs > 0 ? usage.cpuMs / usage.wallMs : 0;
    otherCores = round(Math.max(0, busyCores(before, after) - own));
    if (otherCores > options.maxOtherCores) {
      reasons.push(`other processes used ${otherCores.toFixed(2)} cores on average (more than maxOtherCores ${options.maxOtherCores})`);
    }
  }
  let cpuShare: number | undefined;
  if (usage !== undefined && usage.timedWallMs > 0) {
    cpuShare = round(usage.timedCpuMs / usage.timedWallMs);
    if (cpuShare < options.minCpuShare) {
      reasons.push(
        `the measuring process ran ${(100 * cpuShare).toFixed(0)}% of its timed runs' elapsed time (less than minCpuShare ${options.minCpuShare})`,
      );
    }
  }
  if (wait.quiet === false) reasons.push(`the machine did not become quiet within maxWaitMs ${options.maxWaitMs}`);
  return {
    noisy: reasons.length > 0,
    reasons,
    ...(otherCores === undefined ? {} : { otherCores }),
    ...(cpuShare === undefined ? {} : { cpuShare }),
    waitedMs: round(wait.waitedMs),
  };
}

/**
 * The load of several measurements taken as one (`repeatedMeasurer`):
 * noisy when any was, every reason once, the most other processes' use, the
 * least CPU share, the waits summed. `undefined` when none was watched.
 */
export function mergeLoadReports(loads: readonly (LoadReport | undefined)[]): LoadReport | undefined {
  const seen = loads.filter((l): l is LoadReport => l !== undefined);
  if (seen.length === 0) return undefined;
  const others = seen.flatMap((l) => (l.otherCores === undefined ? [] : [l.otherCores]));
  const shares = seen.flatMap((l) => (l.cpuShare === undefined ? [] : [l.cpuShare]));
  return {
    noisy: seen.some((l) => l.noisy),
    reasons: [...new Set(seen.flatMap((l) => l.reasons))],
    ...(others.length === 0 ? {} : { otherCores: Math.max(...others) }),
    ...(shares.length === 0 ? {} : { cpuShare: Math.min(...shares) }),
    waitedMs: round(seen.reduce((s, l) => s + l.waitedMs, 0)),
  };
}

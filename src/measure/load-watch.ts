/**
 * One measurement with the machine's load watched: the piece every measurer
 * that watches the load runs its measurement through (wait for quiet, read
 * the load signal right before and right after, judge), and the meter of the
 * measuring processes' own CPU use that the judgement subtracts.
 *
 * @module
 */

import { judgeLoad, waitForQuiet, type ProcessUsage, type ResolvedLoadOptions, type WaitHooks } from './load.js';
import type { LoadReport } from './types.js';

/** Cumulative CPU time (user + system) of the measuring process or processes, ms; `undefined` when it cannot be read. */
export type CpuClock = () => number | undefined;

/** The CPU time of this process, every thread (`process.cpuUsage()`), ms: the {@link CpuClock} of a measurer that runs in process. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Records the {@link ProcessUsage} of one measurement from a {@link CpuClock}, from its creation on. */
export interface UsageMeter {
  /** Marks the start of the timed runs (between warm-up and the first timed run). */
  timed(): void;
  /** The usage from the meter's creation to now (the timed runs: from `timed()`); `undefined` when the clock could not be read. */
  stop(): ProcessUsage | undefined;
}

/** Timed runs shorter than this many ticks of a coarse {@link CpuClock} give no CPU share (its rounding would swamp it). */
export const MIN_TIMED_TICKS = 50;

/**
 * Starts a {@link UsageMeter}: reads `cpuMs` and `now` at once, again at
 * `timed()` and at `stop()`. Without a `timed()` call the timed runs are
 * taken to be the whole measurement. With a clock that counts in ticks of
 * `resolutionMs` (`/proc`'s 10 ms), timed runs shorter than
 * {@link MIN_TIMED_TICKS} ticks are left out (`timedWallMs` and
 * `timedCpuMs` 0, so `judgeLoad` gives no CPU share).
 *
 * @param now - elapsed-time clock, ms. @defaultValue `performance.now()`
 * @param resolutionMs - the CPU clock's tick, ms. @defaultValue 0 (exact)
 * @example
 * const meter = usageMeter(processCpuMs);
 * await warmUp(); meter.timed(); await timedRuns();
 * meter.stop(); // { wallMs, cpuMs, timedWallMs, timedCpuMs }
 */
export function usageMeter(cpuMs: CpuClock, now: () => number = () => performance.now(), resolutionMs = 0): UsageMeter {
  const read = (): { wallMs: number; cpuMs: number | undefined } => ({ wallMs: now(), cpuMs: cpuMs() });
  const start = read();
  let timed = start;
  return {
    timed() {
      timed = read();
    },
    stop() {
      const end = read();
      if (start.cpuMs === undefined || timed.cpuMs === undefined || end.cpuMs === undefined) return undefined;
      const timedWallMs = end.wallMs - timed.wallMs;
      const coarse = timedWallMs < MIN_TIMED_TICKS * resolutionMs;
      return {
        wallMs: end.wallMs - start.wallMs,
        cpuMs: end.cpuMs - start.cpuMs,
        timedWallMs: coarse ? 0 : timedWallMs,
        timedCpuMs: coarse ? 0 : end.cpuMs - timed.cpuMs,
      };
    },
  };
}

/** A measurement's result with the load it was taken under. */
export interface Watched<T> {
  readonly result: T;
  /** `undefined` when the load was not watched: watching off, or no signal at all (no load signal, no usage, no wait). */
  readonly load: LoadReport | undefined;
}

/**
 * Runs `measure` with the load watched (when `watch` is set): waits for
 * quiet (`watch.maxWaitMs`), reads `watch.probe` right before and right
 * after, and judges the load with the measuring processes' own use
 * (`usageOf(result)`, subtracted from the machine's) by `judgeLoad`.
 *
 * @param hooks - clock, sleep and abort signal of the wait (injectable for tests).
 * @throws whatever `measure` throws; AbortError when `hooks.signal` aborts the wait.
 * @example
 * const { result, load } = await watchLoad(options.load, () => timeRuns(), (r) => r.usage, { signal });
 */
export async function watchLoad<T>(
  watch: ResolvedLoadOptions | undefined,
  measure: () => Promise<T>,
  usageOf: (result: T) => ProcessUsage | undefined,
  hooks: WaitHooks = {},
): Promise<Watched<T>> {
  if (watch === undefined) return { result: await measure(), load: undefined };
  const wait = await waitForQuiet(watch, hooks);
  const before = await watch.probe.read();
  const result = await measure();
  const after = await watch.probe.read();
  const load = judgeLoad({ before, after, usage: usageOf(result), wait }, watch);
  const seen = load.otherCores !== undefined || load.cpuShare !== undefined || wait.quiet !== undefined;
  return { result, load: seen ? load : undefined };
}

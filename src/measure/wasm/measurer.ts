/**
 * {@link WasmLatencyMeasurer}: latency on the tfjs WASM backend in Node,
 * timed in a child process.
 *
 * @module
 */

import { AbortError, throwIfAborted } from '../../errors.js';
import { hashArchitecture } from '../../space/hash.js';
import type { Architecture } from '../../space/types.js';
import { makeLatencyReport, toMeasurementError } from '../report.js';
import { fastStateMedian, median } from '../stats.js';
import type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from '../types.js';
import { checkArchitectureForMeasure, checkFitsWasmMemory } from '../validate.js';
import { WasmChild } from './process.js';
import type { ResultMessage } from './worker-messages.js';
import { resolveWasmLatencyMeasurerOptions, type ResolvedWasmLatencyMeasurerOptions, type WasmLatencyMeasurerOptions } from './options.js';
import { locateWorkerEntry, type WorkerEntry } from './worker-entry.js';

/** Details of the last measurement, beyond the {@link LatencyReport}. */
export interface WasmMeasurementDetails {
  /** Time to build the model in the child, ms. */
  readonly buildMs: number;
  /** Median of each warm-up window, ms. */
  readonly warmupWindowMediansMs: readonly number[];
  /** Why warm-up stopped: `stable`, `max-runs` or `max-time`. */
  readonly warmupStop: string;
  /** Tensors left in the child after disposing the model and input (0 unless tfjs leaks). */
  readonly leakedTensors: number;
  /**
   * With duet timing (`reference`): the raw medians of the model's and the
   * reference's timed runs, ms, and the `referenceMs` the ratios were scaled by.
   */
  readonly duet?: {
    readonly modelMedianMs: number;
    readonly referenceMedianMs: number;
    readonly referenceMs: number;
    /** Timed pairs discarded because the reference ran slower than `referenceMs * (1 + duetTolerance)` before or after the model's run. */
    readonly rejectedRuns: number;
    /** True when `duetMaxWaitMs` ran out, so later pairs counted whatever the machine's state. */
    readonly waitedOut: boolean;
  };
}

/**
 * Measures inference latency on the tfjs WASM backend (XNNPACK, SIMD, one
 * thread in Node), at the architecture's input shape with batch 1.
 *
 * Protocol (see `docs/latency.md`): the model is built in a child process
 * that runs nothing else; warm-up runs until the median of a window of runs
 * stops improving on the previous window by more than `tolerance` (with
 * caps); then `runs` timed runs; the report holds their median, p10/p90 and
 * scaled MAD. Model and tensors are disposed after each measurement.
 *
 * Why a child process rather than a worker thread: it is isolated from
 * whatever the calling process does (a search training models on the same
 * tfjs instance, its garbage collections, its backend choice), a WASM abort
 * or an out-of-memory crash cannot take the caller down, and a timed-out or
 * aborted measurement is stopped for sure by killing the process (a busy
 * WASM kernel cannot be interrupted otherwise). The child is started on the
 * first measurement (about a second) and reused; {@link close} stops it.
 *
 * Measurements are serialized: concurrent calls queue.
 *
 * @example
 * const measurer = new WasmLatencyMeasurer({ runs: 50 });
 * try {
 *   const report = await measurer.measure(mobilenetV2());
 *   console.log(report.medianMs);
 * } finally {
 *   await measurer.close();
 * }
 */
export class WasmLatencyMeasurer implements LatencyMeasurer {
  private readonly options: ResolvedWasmLatencyMeasurerOptions;
  private child: WasmChild | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private calibratedMs: number | undefined;
  /** `hashArchitecture` of the reference network, for the platform (computed on first need). */
  private referenceKey: string | undefined;
  private lastDetails: WasmMeasurementDetails | undefined;

  /** @throws InvalidOptionsError on a bad option. */
  constructor(options: WasmLatencyMeasurerOptions = {}) {
    this.options = resolveWasmLatencyMeasurerOptions(options);
    if (typeof this.options.reference === 'number') this.calibratedMs = this.options.reference;
  }

  /**
   * Measures `arch`.
   *
   * @throws MeasurementError (with `cause`) when the architecture is invalid, the
   *   model cannot be built or run, the child process fails, or the measurement
   *   times out; AbortError when `options.signal` aborts (the child is killed
   *   and restarted on the next call).
   */
  measure(arch: Architecture, options: MeasureOptions = {}): Promise<LatencyReport> {
    const run = this.queue.then(() => this.measureNow(arch, options.signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Starts the child process if needed and returns the platform it measures on. @throws MeasurementError when it cannot start. */
  async platform(): Promise<PlatformInfo> {
    const run = this.queue.then(() => this.platformNow(this.ensureChild(), undefined));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The `referenceMs` of duet timing (calibrating it first when `reference`
   * is `true`), to pass to other measurers so their numbers compare;
   * `undefined` when duet timing is off.
   * @throws MeasurementError when the calibration fails.
   */
  async referenceMs(): Promise<number | undefined> {
    // Off: nothing to calibrate, so no child process to start.
    if (this.options.reference === false) return undefined;
    return (await this.platform()).referenceMs;
  }

  /** Details of the most recent successful measurement (build time, warm-up trace). */
  details(): WasmMeasurementDetails | undefined {
    return this.lastDetails;
  }

  /** Stops the child process. Idempotent; a later `measure` starts a new one. */
  async close(): Promise<void> {
    this.child?.kill();
    this.child = undefined;
  }

  private async measureNow(arch: Architecture, signal: AbortSignal | undefined): Promise<LatencyReport> {
    throwIfAborted(signal);
    try {
      checkArchitectureForMeasure(arch);
      checkFitsWasmMemory(arch);
    } catch (err) {
      throw toMeasurementError(err, 'Cannot measure an invalid architecture');
    }
    const child = this.ensureChild();
    try {
      const platform = await this.platformNow(child, signal);
      const duet = platform.referenceMs !== undefined;
      const scale = platform.referenceMs ?? 1;
      const res = await this.request(child, arch, duet, signal);
      this.lastDetails = {
        buildMs: res.buildMs,
        warmupWindowMediansMs: res.warmupWindowMediansMs.map((m) => m * scale),
        warmupStop: res.warmupStop,
        leakedTensors: res.leakedTensors,
        ...(res.duet === undefined
          ? {}
          : {
              duet: {
                modelMedianMs: median(res.duet.modelMs),
                referenceMedianMs: median(res.duet.referenceMs),
                referenceMs: scale,
                rejectedRuns: res.duet.rejected,
                waitedOut: res.duet.waitedOut,
              },
            }),
      };
      return makeLatencyReport(
        res.samplesMs.map((x) => x * scale),
        res.warmupRuns,
        platform,
      );
    } catch (err) {
      throw toMeasurementError(err, 'The WASM measurement failed');
    }
  }

  /** Sends one measurement to the child; `minTimedMs` raises the protocol's minimum timed span for it (the calibration's). */
  private request(child: WasmChild, arch: Architecture, duet: boolean, signal: AbortSignal | undefined, minTimedMs = 0): Promise<ResultMessage> {
    const { seed, clock, timeoutMs } = this.options;
    const protocol = { ...this.options.protocol, minTimedMs: Math.max(minTimedMs, this.options.protocol.minTimedMs) };
    const { tolerance, maxWaitMs } = this.options.duet;
    const fastState =
      duet && this.calibratedMs !== undefined && this.selecting()
        ? { thresholdMs: this.calibratedMs * (1 + tolerance), maxWaitMs }
        : undefined;
    const reference = duet ? { reference: this.options.referenceNetwork } : {};
    const message = { type: 'measure' as const, id: this.nextId++, arch, protocol, seed, clock, ...reference, ...(fastState === undefined ? {} : { fastState }) };
    // Discarded pairs and a minimum timed span (a long calibration) add to the measurement's time.
    return child.request(message, timeoutMs + (fastState?.maxWaitMs ?? 0) + protocol.minTimedMs, signal);
  }

  /** True when duet timing keeps only fast-state pairs (`duetTolerance` finite and `duetMaxWaitMs` > 0). */
  private selecting(): boolean {
    return Number.isFinite(this.options.duet.tolerance) && this.options.duet.maxWaitMs > 0;
  }

  /** The child's platform plus the clock and, with duet timing, `referenceMs` (calibrated on first need). */
  private async platformNow(child: WasmChild, signal: AbortSignal | undefined): Promise<PlatformInfo> {
    const base = { ...(await raceAbort(child.platform(), signal, () => child.kill())), clock: this.options.clock };
    if (this.options.reference === false) return base;
    if (this.calibratedMs === undefined) {
      // The reference measured alone. Without fast-state selection its median is the scale; with it, the reference
      // runs for calibrationMs and the fast state's window median is the scale (and the threshold's base).
      const res = await this.request(child, this.options.referenceNetwork, false, signal, this.selecting() ? this.options.duet.calibrationMs : 0);
      this.calibratedMs = this.selecting() ? fastStateMedian(res.samplesMs, this.options.protocol.window) : median(res.samplesMs);
    }
    this.referenceKey ??= hashArchitecture(this.options.referenceNetwork);
    return { ...base, referenceMs: this.calibratedMs, referenceNetwork: this.referenceKey };
  }

  private ensureChild(): WasmChild {
    if (this.child === undefined || this.child.dead) {
      this.child = new WasmChild(this.entry(), this.options.startTimeoutMs, this.options.priority);
    }
    return this.child;
  }

  private entry(): WorkerEntry {
    const { workerScript, workerExecArgv } = this.options;
    if (workerScript !== undefined) return { script: workerScript, execArgv: workerExecArgv };
    return locateWorkerEntry(import.meta.url);
  }
}

/** Waits for `p`, or rejects with AbortError (calling `onAbort`) when `signal` aborts first. */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (signal === undefined) return p;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const listener = (): void => {
      onAbort();
      reject(new AbortError('The measurement was aborted', { cause: signal.reason }));
    };
    signal.addEventListener('abort', listener, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', listener);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', listener);
        reject(e);
      },
    );
  });
}

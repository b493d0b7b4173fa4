/**
 * {@link WasmLatencyMeasurer}: latency on the tfjs WASM backend in Node,
 * timed in a child process.
 *
 * @module
 */

import { AbortError, throwIfAborted } from '../../errors.js';
import { hashArchitecture } from '../../space/hash.js';
import type { Architecture } from '../../space/types.js';
import { watchLoad } from '../load-watch.js';
import { makeLatencyReport, toMeasurementError } from '../report.js';
import { fastStateMedian, median } from '../stats.js';
import type { LatencyMeasurer, LatencyReport, LoadReport, MeasureOptions, PlatformInfo } from '../types.js';
import { checkArchitectureForMeasure, checkFitsWasmMemory } from '../validate.js';
import { WasmChild } from './process.js';
import type { ResultMessage } from './worker-messages.js';
import { pinnedDuetOptions, type PinnedDuetOptions, type ResolvedDuetOptions } from './duet-options.js';
import { resolveWasmLatencyMeasurerOptions, type ResolvedWasmLatencyMeasurerOptions, type WasmLatencyMeasurerOptions } from './options.js';
import type { WasmMeasurementDetails } from './measurement-details.js';
import { locateWorkerEntry, type WorkerEntry } from './worker-entry.js';

/**
 * Measures inference latency on the tfjs WASM backend (XNNPACK, SIMD, one
 * thread in Node), at the architecture's input shape with batch 1.
 *
 * Protocol (see `docs/latency.md`): the model is built in a child process
 * that runs nothing else; warm-up runs until the median of a window of runs
 * stops improving on the previous window by more than `tolerance` (with
 * caps); then `runs` timed runs; the report holds their median with its
 * confidence interval, p10/p90 and scaled MAD, and the machine's load
 * (`load`: other processes' CPU use and the child's CPU share, and whether
 * that makes the result noisy). Model and tensors are disposed after each
 * measurement.
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
  /** `hashArchitecture` of the duet's reference network, for the platform (computed on first need). */
  private networkHash: string | undefined;
  private lastDetails: WasmMeasurementDetails | undefined;

  /** @throws InvalidOptionsError on a bad option. */
  constructor(options: WasmLatencyMeasurerOptions = {}) {
    this.options = resolveWasmLatencyMeasurerOptions(options);
    const referenceMs = this.options.duet?.referenceMs;
    if (typeof referenceMs === 'number') this.calibratedMs = referenceMs;
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
   * The measurer's duet option with `referenceMs` a number (calibrating it
   * first when it is `'calibrate'`), as JSON: pass it as the `duet` option of
   * other measurers, or journal it for a resumed run, and their latencies are
   * on this measurer's scale. `undefined` when duet timing is off. See also
   * {@link pinDuet}.
   * @throws MeasurementError when the calibration fails.
   * @example
   * const duet = await measurer.pinnedDuet(); // { network, referenceMs: 21.4, maxWaitMs: 20000, calibrationMs: 15000 }
   * const other = new WasmLatencyMeasurer({ duet });
   */
  async pinnedDuet(): Promise<PinnedDuetOptions | undefined> {
    // Off: nothing to calibrate, so no child process to start.
    const duet = this.options.duet;
    if (duet === undefined) return undefined;
    const referenceMs = (await this.platform()).duet?.referenceMs;
    return referenceMs === undefined ? undefined : pinnedDuetOptions(duet, referenceMs);
  }

  /** Details of the most recent successful measurement (build time, warm-up trace). */
  details(): WasmMeasurementDetails | undefined {
    return this.lastDetails;
  }

  /** Stops the child process and waits until it has exited. Idempotent; a later `measure` starts a new one. */
  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await child?.stop();
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
      const duet = platform.duet !== undefined;
      const scale = platform.duet?.referenceMs ?? 1;
      const { res, load } = await this.watchedRequest(child, arch, duet, signal);
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
                referenceHash: res.duet.referenceHash,
              },
            }),
      };
      return makeLatencyReport(
        res.samplesMs.map((x) => x * scale),
        res.warmupRuns,
        platform,
        { load },
      );
    } catch (err) {
      throw toMeasurementError(err, 'The WASM measurement failed');
    }
  }

  /**
   * {@link request} with the load watched (when the `load` option is on):
   * waits for quiet, reads the load signal right before and after, and
   * judges the measurement with the child's own CPU use.
   */
  private async watchedRequest(
    child: WasmChild,
    arch: Architecture,
    duet: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ res: ResultMessage; load: LoadReport | undefined }> {
    const watched = await watchLoad(
      this.options.load,
      () => this.request(child, arch, duet, signal),
      (res) => res.usage,
      signal === undefined ? {} : { signal },
    );
    return { res: watched.result, load: watched.load };
  }

  /** Sends one measurement to the child; `minTimedMs` raises the protocol's minimum timed span for it (the calibration's). */
  private request(
    child: WasmChild,
    arch: Architecture,
    duet: boolean,
    signal: AbortSignal | undefined,
    minTimedMs = 0,
  ): Promise<ResultMessage> {
    const { seed, clock, timeoutMs } = this.options;
    const protocol = { ...this.options.protocol, minTimedMs: Math.max(minTimedMs, this.options.protocol.minTimedMs) };
    const options = duet ? this.options.duet : undefined;
    const fastState =
      options !== undefined && this.calibratedMs !== undefined && selecting(options)
        ? { thresholdMs: this.calibratedMs * (1 + options.tolerance), maxWaitMs: options.maxWaitMs }
        : undefined;
    const reference = options === undefined ? {} : { reference: options.network };
    const message = {
      type: 'measure' as const,
      id: this.nextId++,
      arch,
      protocol,
      seed,
      clock,
      ...reference,
      ...(fastState === undefined ? {} : { fastState }),
    };
    // Discarded pairs and a minimum timed span (a long calibration) add to the measurement's time.
    return child.request(message, timeoutMs + (fastState?.maxWaitMs ?? 0) + protocol.minTimedMs, signal);
  }

  /** The child's platform plus the clock and, with duet timing, `referenceMs` (calibrated on first need). */
  private async platformNow(child: WasmChild, signal: AbortSignal | undefined): Promise<PlatformInfo> {
    const base = { ...(await raceAbort(child.platform(), signal, () => child.kill())), clock: this.options.clock };
    const duet = this.options.duet;
    if (duet === undefined) return base;
    if (this.calibratedMs === undefined) {
      // The reference measured alone. Without fast-state selection its median is the scale; with it, the reference
      // runs for calibrationMs and the fast state's window median is the scale (and the threshold's base).
      const res = await this.request(child, duet.network, false, signal, selecting(duet) ? duet.calibrationMs : 0);
      this.calibratedMs = selecting(duet) ? fastStateMedian(res.samplesMs, this.options.protocol.window) : median(res.samplesMs);
    }
    this.networkHash ??= hashArchitecture(duet.network);
    return { ...base, duet: { referenceMs: this.calibratedMs, networkHash: this.networkHash } };
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

/** True when duet timing keeps only fast-state pairs (`tolerance` finite and `maxWaitMs` > 0). */
function selecting(duet: ResolvedDuetOptions): boolean {
  return Number.isFinite(duet.tolerance) && duet.maxWaitMs > 0;
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

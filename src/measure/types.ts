/**
 * The LatencyMeasurer contract.
 *
 * @module
 */

import type { Architecture } from '../space/types.js';

/** Where a measurement ran. */
export interface PlatformInfo {
  /** Short name, e.g. `node-wasm`, `chromium-wasm`, `android-tflite`, `macs-proxy`. */
  readonly name: string;
  /** Runtime backend, e.g. `wasm`, `tflite`, `cpu`, `analytic`, `table`. */
  readonly backend: string;
  /** Whether SIMD was used, when known. */
  readonly simd?: boolean;
  /** Number of threads used, when known. */
  readonly threads?: number;
  /** Device description (CPU model, phone model and ABI...), when known. */
  readonly device?: string;
  /**
   * What the samples time, when it is not plain elapsed time: `cpu` for the
   * CPU time of the measuring process (see `WasmLatencyMeasurerOptions.clock`).
   */
  readonly clock?: 'wall' | 'cpu';
  /**
   * Set when the samples are duet-timed (`WasmLatencyMeasurerOptions.duet`):
   * each is the model's time relative to the reference network's, times
   * `referenceMs`. Caches key on the platform, so they keep duet and raw
   * measurements, and the scales of different references, apart.
   */
  readonly duet?: DuetPlatformInfo;
}

/** The duet timing of a {@link PlatformInfo}. */
export interface DuetPlatformInfo {
  /** The time the reference network is taken to run, ms: the scale of the samples. */
  readonly referenceMs: number;
  /** The `hashArchitecture` of the reference network. */
  readonly networkHash: string;
}

/** The result of measuring one architecture. */
export interface LatencyReport {
  /** Median latency of the timed runs, in milliseconds. */
  readonly medianMs: number;
  /** Every timed run, in milliseconds, in the order they ran. */
  readonly samplesMs: readonly number[];
  /** 10th percentile of the samples, ms. */
  readonly p10Ms: number;
  /** 90th percentile of the samples, ms. */
  readonly p90Ms: number;
  /** Median absolute deviation of the samples, scaled by 1.4826 (a robust standard deviation), ms. */
  readonly madMs: number;
  /** Number of timed runs. */
  readonly runs: number;
  /** Number of untimed warm-up runs. */
  readonly warmupRuns: number;
  /** Where it ran. */
  readonly platform: PlatformInfo;
  /**
   * Confidence interval of `medianMs` (distribution-free, from the order
   * statistics of the samples; see `medianInterval`). Set by every report
   * built with `makeLatencyReport`; absent in journals written before, where
   * `reportMedianInterval` computes it from `samplesMs`.
   */
  readonly medianCi?: MedianInterval;
  /**
   * What the measurer saw of the machine's load, for measurers that watch it
   * (the `load` option of the WASM, onnxruntime, browser and Android
   * measurers). Absent: not watched.
   */
  readonly load?: LoadReport;
}

/** A confidence interval of a median, in the units of the samples (ms for latencies). */
export interface MedianInterval {
  /** Lower end. */
  readonly lowMs: number;
  /** Upper end. */
  readonly highMs: number;
  /** The interval's coverage: the probability that it holds the true median (at least 0.95 from 6 samples on). */
  readonly level: number;
}

/** The machine's load during one measurement, as a measurer watching it saw it (`LoadOptions`). */
export interface LoadReport {
  /** True when the machine was busy during the measurement, so that the latency may be off. */
  readonly noisy: boolean;
  /** Why the measurement is noisy, one sentence each; empty when it is not. */
  readonly reasons: readonly string[];
  /** Other processes' average CPU use during the measurement, in cores; absent where the platform does not say. */
  readonly otherCores?: number;
  /** CPU time the measuring process (or processes) got during its timed runs, over their elapsed time (about 1 when it ran undisturbed on one core); absent where it is not known. */
  readonly cpuShare?: number;
  /** Time spent waiting for the machine to become quiet before measuring, ms. */
  readonly waitedMs: number;
}

/** Options of one measurement. */
export interface MeasureOptions {
  /** Cancels the measurement; the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/**
 * Measures the inference latency of an architecture on one platform. `T` is
 * an {@link Architecture} for real measurers; tabular device data
 * (`tableLatency`) measures its own benchmark keys.
 */
export interface LatencyMeasurer<T = Architecture> {
  /**
   * Measures `arch`.
   * @throws MeasurementError when the model cannot be built or run; AbortError when aborted.
   */
  measure(arch: T, options?: MeasureOptions): Promise<LatencyReport>;
  /** Describes the platform without measuring (used in cache keys and reports). */
  platform?(): PlatformInfo | Promise<PlatformInfo>;
  /** Releases workers, browsers, temporary files. */
  close?(): Promise<void>;
}

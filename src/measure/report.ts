/**
 * Building {@link LatencyReport}s and wrapping failures in {@link MeasurementError}.
 *
 * @module
 */

import { AbortError, MeasurementError, MnasError } from '../errors.js';
import { medianInterval } from './median-ci.js';
import { summarizeSamples } from './stats.js';
import type { LatencyReport, LoadReport, PlatformInfo } from './types.js';

/** What a measurer adds to a {@link LatencyReport} beyond its samples. */
export interface LatencyReportExtras {
  /** The machine's load during the measurement, when the measurer watched it (`judgeLoad`). */
  readonly load?: LoadReport | undefined;
}

/**
 * Builds a {@link LatencyReport} from timed samples: median, its 95%
 * confidence interval (`medianInterval`), p10/p90 and the scaled MAD of the
 * samples, plus the load the measurer saw, if it watched it.
 *
 * @throws InvalidOptionsError when `samplesMs` is empty or has a non-finite value.
 * @example makeLatencyReport([4.1, 4.0, 4.3], 20, { name: 'node-wasm', backend: 'wasm' }).medianMs // 4.1
 */
export function makeLatencyReport(
  samplesMs: readonly number[],
  warmupRuns: number,
  platform: PlatformInfo,
  extras: LatencyReportExtras = {},
): LatencyReport {
  const s = summarizeSamples(samplesMs);
  return {
    medianMs: s.median,
    samplesMs: [...samplesMs],
    p10Ms: s.p10,
    p90Ms: s.p90,
    madMs: s.mad,
    runs: samplesMs.length,
    warmupRuns,
    platform,
    medianCi: medianInterval(samplesMs),
    ...(extras.load === undefined ? {} : { load: extras.load }),
  };
}

/**
 * Wraps a failure in a {@link MeasurementError} with `cause` set. AbortError
 * and MeasurementError pass through unchanged.
 */
export function toMeasurementError(err: unknown, message: string): MnasError {
  if (err instanceof AbortError || err instanceof MeasurementError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new MeasurementError(`${message}: ${detail}`, {
    cause: err,
    ...(err instanceof MnasError ? { path: err.path } : {}),
  });
}

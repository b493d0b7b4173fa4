/**
 * {@link repeatedMeasurer}: each measurement repeated in fresh measurers,
 * the median of their medians reported.
 *
 * @module
 */

import { InvalidOptionsError, describeValue, throwIfAborted } from '../errors.js';
import type { Architecture } from '../space/types.js';
import { LIMITS, check, checkKnownKeys, failWith, integer } from '../validate.js';
import { mergeLoadReports } from './load.js';
import { makeLatencyReport, toMeasurementError } from './report.js';
import type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from './types.js';

/** Options of {@link repeatedMeasurer}. */
export interface RepeatedMeasurerOptions {
  /** Fresh measurers per measurement, one after another (an integer >= 1). @defaultValue 3 */
  readonly repeats?: number;
}

/**
 * Wraps a factory of measurers so that every measurement is made `repeats`
 * times, each time by a fresh measurer from `create()` (closed afterwards),
 * one after another. The report's samples are the fresh measurers' medians,
 * so its `medianMs` is the median of the medians and its `runs` is
 * `repeats`; `warmupRuns` is their sum; the platform is the first one's;
 * the load is noisy when any measurement's was (`mergeLoadReports`).
 *
 * Why: on a shared VM a measuring process, or a phase of the host lasting
 * tens of seconds, can run a model 10-25% off for all of one measurement
 * (docs/latency.md). Fresh processes at different moments are independent
 * draws, and the median of three ignores one bad draw, where a longer
 * measurement in the same process would keep it. The price is `repeats`
 * times the time, start-up included.
 *
 * Give the fresh measurers a fixed scale: with duet timing, a number for
 * `reference`, not `true` (each would calibrate its own).
 *
 * @throws InvalidOptionsError when `create` is not a function or `repeats` is not an integer >= 1.
 * @example
 * const measurer = repeatedMeasurer(() => new WasmLatencyMeasurer({ clock: 'wall', duet: { referenceMs: 11.24 } }), { repeats: 3 });
 * (await measurer.measure(mobilenetV2())).medianMs;
 */
export function repeatedMeasurer<T = Architecture>(
  create: () => LatencyMeasurer<T>,
  options: RepeatedMeasurerOptions = {},
): LatencyMeasurer<T> {
  if (typeof create !== 'function') {
    throw new InvalidOptionsError(
      `Invalid repeatedMeasurer argument create: expected a function returning a LatencyMeasurer, received ${describeValue(create)}`,
      {
        path: ['create'],
      },
    );
  }
  const fail = failWith(InvalidOptionsError, 'repeatedMeasurer option');
  checkKnownKeys(options, ['repeats'], [], fail);
  const repeats = check(integer(1, LIMITS.runs), options.repeats ?? 3, ['repeats'], fail);
  /** A fresh measurer, checked. */
  const fresh = (): LatencyMeasurer<T> => {
    const m = create();
    if (typeof m?.measure !== 'function') {
      throw new InvalidOptionsError(`Invalid repeatedMeasurer argument create: it returned ${describeValue(m)}, not a LatencyMeasurer`, {
        path: ['create'],
      });
    }
    return m;
  };
  let platformInfo: Promise<PlatformInfo> | undefined;
  return {
    async measure(arch: T, measureOptions: MeasureOptions = {}): Promise<LatencyReport> {
      const reports: LatencyReport[] = [];
      for (let i = 0; i < repeats; i++) {
        throwIfAborted(measureOptions.signal);
        const m = fresh();
        try {
          reports.push(await m.measure(arch, measureOptions));
        } finally {
          await m.close?.();
        }
      }
      const first = reports[0] as LatencyReport;
      try {
        return makeLatencyReport(
          reports.map((r) => r.medianMs),
          reports.reduce((s, r) => s + r.warmupRuns, 0),
          first.platform,
          { load: mergeLoadReports(reports.map((r) => r.load)) },
        );
      } catch (err) {
        throw toMeasurementError(err, 'A fresh measurer returned an invalid report');
      }
    },
    /** The platform of a fresh measurer (asked once; `unknown` when it has no `platform()`). */
    platform(): Promise<PlatformInfo> {
      platformInfo ??= (async () => {
        const m = fresh();
        try {
          return m.platform === undefined ? { name: 'unknown', backend: 'unknown' } : await m.platform();
        } finally {
          await m.close?.();
        }
      })();
      // A failed start is retried next time.
      platformInfo.catch(() => {
        platformInfo = undefined;
      });
      return platformInfo;
    },
  };
}

/**
 * {@link tableLatency}: recorded device latencies (HW-NAS-Bench and the
 * like) as a measurer.
 *
 * @module
 */

import { InvalidOptionsError, MeasurementError, describeValue, throwIfAborted } from '../errors.js';
import type { Architecture } from '../space/types.js';
import { type Fail, type Rule, check, checkKnownKeys, isRecord } from '../validate.js';
import { measurerFail, optional } from './option-rules.js';
import { makeLatencyReport } from './report.js';
import type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from './types.js';

/** A function. */
const FUNCTION: Rule<(...args: never[]) => unknown> = {
  expected: 'a function',
  test: (v): v is (...args: never[]) => unknown => typeof v === 'function',
};

/** Options of {@link tableLatency}. */
export interface TableLatencyOptions<T> {
  /** The recorded latency of `value` in ms, or `undefined` when the table has none. May throw on a malformed value. */
  readonly latencyMs: (value: T) => number | undefined;
  /** The device the data was recorded on: a name (e.g. `'pixel3'`) or a full {@link PlatformInfo}. */
  readonly platform: string | PlatformInfo;
  /** Describes a value in error messages. @defaultValue `JSON.stringify` (abbreviated) */
  readonly describe?: (value: T) => string;
}

/**
 * A measurer over recorded data: `measure(value)` looks the latency up. One
 * sample, no warm-up; platform backend `table` unless a full PlatformInfo is given.
 *
 * @throws InvalidOptionsError when `latencyMs` is not a function or the platform is empty.
 *   Its `measure` rejects with a MeasurementError (with cause) when the value has no
 *   recorded latency, the lookup throws, or the recorded value is not a finite number >= 0.
 * @example
 * const nb = await loadNasBench201();
 * const pixel3 = tableLatency({ platform: 'pixel3', latencyMs: (cell) => nb.latencyMs(cell, 'pixel3') });
 * (await pixel3.measure(cell)).medianMs;
 */
export function tableLatency<T = Architecture>(options: TableLatencyOptions<T>): LatencyMeasurer<T> {
  const fail: Fail = measurerFail('tableLatency');
  if (!isRecord(options)) fail([], 'an object', options);
  checkKnownKeys(options, ['latencyMs', 'platform', 'describe'], [], fail);
  check(FUNCTION, options.latencyMs, ['latencyMs'], fail);
  optional(FUNCTION, options.describe, undefined, 'describe', fail);
  const platform: PlatformInfo =
    typeof options.platform === 'string' ? { name: options.platform, backend: 'table', device: options.platform } : options.platform;
  // The message names the option as given (a name or a PlatformInfo), not the PlatformInfo made of it.
  if (typeof platform?.name !== 'string' || platform.name === '' || typeof platform.backend !== 'string' || platform.backend === '')
    fail(['platform'], 'a device name or { name, backend }', options.platform);
  const describe = options.describe ?? ((v: T) => describeValue(v));
  const lookup = options.latencyMs;
  return {
    async measure(value: T, measureOptions: MeasureOptions = {}): Promise<LatencyReport> {
      throwIfAborted(measureOptions.signal);
      let ms: number | undefined;
      try {
        ms = lookup(value);
      } catch (err) {
        throw new MeasurementError(
          `The ${platform.name} latency table could not look up ${describe(value)}: ${String((err as Error)?.message ?? err)}`,
          {
            cause: err,
          },
        );
      }
      if (ms === undefined) {
        throw new MeasurementError(`The ${platform.name} latency table has no entry for ${describe(value)}`, {
          cause: new RangeError('no recorded latency'),
        });
      }
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
        throw new MeasurementError(
          `The ${platform.name} latency table holds ${describeValue(ms)} for ${describe(value)}, not a latency in ms`,
          {
            cause: new TypeError('recorded latency is not a finite number >= 0'),
          },
        );
      }
      return makeLatencyReport([ms], 0, platform);
    },
    platform: () => platform,
  };
}

/**
 * A benchmark object with per-device latencies, such as `NasBench201`
 * (`latencyMs(cell, device)`).
 */
export interface DeviceLatencyBenchmark<T, D extends string> {
  latencyMs(value: T, device: D): number | undefined;
}

/**
 * {@link tableLatency} over one device of a benchmark object.
 *
 * @example const pixel3 = benchmarkLatency(await loadNasBench201(), 'pixel3');
 */
export function benchmarkLatency<T, D extends string>(benchmark: DeviceLatencyBenchmark<T, D>, device: D): LatencyMeasurer<T> {
  if (typeof benchmark?.latencyMs !== 'function') {
    throw new InvalidOptionsError(
      `Invalid benchmark: expected an object with latencyMs(value, device), received ${describeValue(benchmark)}`,
      {
        path: ['benchmark'],
      },
    );
  }
  return tableLatency<T>({ platform: device, latencyMs: (v) => benchmark.latencyMs(v, device) });
}

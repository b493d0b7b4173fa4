/**
 * Latency estimated from an analytic count: multiply-accumulates or
 * parameters, the cost measures MnasNet compared real latency against, as
 * measurers.
 *
 * @module
 */

import { InvalidOptionsError, throwIfAborted } from '../errors.js';
import { countMacs, countParams } from '../space/index.js';
import type { Architecture } from '../space/types.js';
import { check, checkKnownKeys, failWith, finiteNumber, isRecord } from '../validate.js';
import { makeLatencyReport, toMeasurementError } from './report.js';
import type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from './types.js';

/** Options of {@link macsLatency} and {@link paramsLatency}. */
export interface CountLatencyOptions {
  /**
   * Milliseconds reported per unit counted (per MAC or per parameter). The
   * default reports millions: `medianMs` is the count in millions. Set it to
   * a measured ratio (e.g. 44 ms / 300.8M MACs for MobileNetV2 in Node WASM)
   * to put the count on a latency scale; rank correlations do not depend on it.
   * @defaultValue 1e-6
   */
  readonly msPerUnit?: number;
}

/**
 * The `msPerUnit` of {@link CountLatencyOptions}, checked; `what` names the
 * measurer in the message.
 * @throws InvalidOptionsError when it is not a positive number, or another key is given.
 */
export function resolveCountLatencyOptions(options: CountLatencyOptions | undefined, what: string): number {
  const fail = failWith(InvalidOptionsError, `${what} option`);
  if (options !== undefined && !isRecord(options)) fail([], 'an object', options);
  checkKnownKeys(options ?? {}, ['msPerUnit'], [], fail);
  return check(finiteNumber({ min: 0, exclusiveMin: true }), options?.msPerUnit ?? 1e-6, ['msPerUnit'], fail);
}

function countMeasurer(count: (arch: Architecture) => number, platform: PlatformInfo, scale: number): LatencyMeasurer {
  return {
    async measure(arch: Architecture, options: MeasureOptions = {}): Promise<LatencyReport> {
      throwIfAborted(options.signal);
      let n: number;
      try {
        n = count(arch);
      } catch (err) {
        throw toMeasurementError(err, `Cannot compute the ${platform.name} of this architecture`);
      }
      return makeLatencyReport([n * scale], 0, platform);
    },
    platform: () => platform,
  };
}

/**
 * A measurer that reports `countMacs(arch) * msPerUnit` (MACs of conv and
 * dense layers, see `countMacs`) as the latency: the FLOPs proxy of
 * latency that MnasNet argues against. One sample, no warm-up; platform
 * `{ name: 'macs-proxy', backend: 'analytic' }`.
 *
 * @throws InvalidOptionsError on a bad option. Its `measure` rejects with a
 *   MeasurementError (cause: InvalidArchitectureError) on an invalid architecture.
 * @example (await macsLatency().measure(mobilenetV2())).medianMs // 300.774272 (millions of MACs)
 */
export function macsLatency(options?: CountLatencyOptions): LatencyMeasurer {
  const scale = resolveCountLatencyOptions(options, 'macsLatency');
  return countMeasurer(countMacs, { name: 'macs-proxy', backend: 'analytic' }, scale);
}

/**
 * A measurer that reports `countParams(arch) * msPerUnit` (trainable
 * parameters) as the latency. Platform `{ name: 'params-proxy', backend: 'analytic' }`.
 *
 * @throws InvalidOptionsError on a bad option.
 * @example (await paramsLatency().measure(mobilenetV2())).medianMs // 3.504872 (millions of parameters)
 */
export function paramsLatency(options?: CountLatencyOptions): LatencyMeasurer {
  const scale = resolveCountLatencyOptions(options, 'paramsLatency');
  return countMeasurer(countParams, { name: 'params-proxy', backend: 'analytic' }, scale);
}

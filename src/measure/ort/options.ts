/**
 * Options of {@link OrtLatencyMeasurer}, resolved and validated in one place.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../../errors.js';
import { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from '../load.js';
import { type ResolvedTimingProtocolOptions, type TimingProtocolOptions, resolveTimingProtocolOptions } from '../timing-protocol.js';

/** Where onnxruntime runs: onnxruntime-node in this process, or onnxruntime-web in Chromium (WebAssembly or WebGPU). */
export type OrtRuntime = 'node' | 'wasm' | 'webgpu';

/** Every {@link OrtRuntime}. */
export const ORT_RUNTIMES: readonly OrtRuntime[] = ['node', 'wasm', 'webgpu'];

/**
 * Options of {@link OrtLatencyMeasurer}. Every field is optional; the
 * timing-protocol fields are those of the WASM measurer.
 */
export interface OrtLatencyMeasurerOptions extends TimingProtocolOptions {
  /**
   * `node`: onnxruntime-node's CPU execution provider in this process.
   * `wasm`: onnxruntime-web's WebAssembly provider (SIMD; `threads` when the
   * page is cross-origin isolated) in headless Chromium. `webgpu`:
   * onnxruntime-web's WebGPU provider, when the browser has an adapter
   * (otherwise measuring fails with a RuntimeUnavailableError).
   * @defaultValue `'node'`
   */
  readonly runtime?: OrtRuntime;
  /** Intra-op threads (node) or WebAssembly threads (wasm). @defaultValue 1 */
  readonly threads?: number;
  /** Seed of the model weights and of the input. @defaultValue 0 */
  readonly seed?: number;
  /** Chromium to launch for `wasm` and `webgpu`. @defaultValue `'/usr/bin/chromium'` */
  readonly executablePath?: string;
  /** Extra Chromium flags (e.g. `--enable-unsafe-webgpu`). @defaultValue `[]` */
  readonly args?: readonly string[];
  /** Serve the page cross-origin isolated, so `threads` > 1 takes effect in the browser. @defaultValue false */
  readonly crossOriginIsolated?: boolean;
  /** One measurement taking longer than this plus `minTimedMs` fails with a MeasurementError. @defaultValue 120000 */
  readonly timeoutMs?: number;
  /**
   * Watching the machine's load ({@link LoadOptions}), as the WASM measurer
   * does: wait up to `load.maxWaitMs` for quiet, then mark the report's
   * `load.noisy` when other processes used more than `load.maxOtherCores`
   * cores or the measuring process got less than `load.minCpuShare` of its
   * timed runs' elapsed time. `node` counts this process's CPU time as its
   * own; `wasm` and `webgpu` the launched Chromium's processes (see
   * `BrowserLatencyMeasurerOptions.load`). `false` does not watch (reports
   * then have no `load`).
   * @defaultValue `{}` (watched, with the defaults of {@link LoadOptions})
   */
  readonly load?: LoadOptions | false;
}

/** {@link OrtLatencyMeasurerOptions} with defaults filled in. */
export interface ResolvedOrtLatencyMeasurerOptions {
  readonly protocol: ResolvedTimingProtocolOptions;
  readonly runtime: OrtRuntime;
  readonly threads: number;
  readonly seed: number;
  readonly executablePath: string | undefined;
  readonly args: readonly string[];
  readonly crossOriginIsolated: boolean;
  readonly timeoutMs: number;
  /** Load watching; `undefined` when off. */
  readonly load: ResolvedLoadOptions | undefined;
}

function bad(name: string, expected: string, value: unknown): never {
  throw new InvalidOptionsError(`Invalid OrtLatencyMeasurer option ${name}: expected ${expected}, received ${describeValue(value)}`, {
    path: [name],
    expected,
    received: value,
  });
}

/**
 * Completes and validates {@link OrtLatencyMeasurerOptions}.
 *
 * @throws InvalidOptionsError naming the bad field.
 */
export function resolveOrtLatencyMeasurerOptions(options: OrtLatencyMeasurerOptions = {}): ResolvedOrtLatencyMeasurerOptions {
  if (typeof options !== 'object' || options === null) bad('(root)', 'an object', options);
  const { runtime, threads, seed, executablePath, args, crossOriginIsolated, timeoutMs, load, ...protocol } = options;
  if (runtime !== undefined && !ORT_RUNTIMES.includes(runtime)) bad('runtime', '"node", "wasm" or "webgpu"', runtime);
  if (threads !== undefined && (!Number.isSafeInteger(threads) || threads < 1 || threads > 64))
    bad('threads', 'an integer in [1, 64]', threads);
  if (seed !== undefined && !Number.isSafeInteger(seed)) bad('seed', 'a safe integer', seed);
  if (executablePath !== undefined && (typeof executablePath !== 'string' || executablePath === ''))
    bad('executablePath', 'a non-empty string', executablePath);
  if (args !== undefined && (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))) bad('args', 'an array of strings', args);
  if (crossOriginIsolated !== undefined && typeof crossOriginIsolated !== 'boolean')
    bad('crossOriginIsolated', 'a boolean', crossOriginIsolated);
  if (timeoutMs !== undefined && (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1)) bad('timeoutMs', 'an integer >= 1', timeoutMs);
  return {
    protocol: resolveTimingProtocolOptions(protocol),
    runtime: runtime ?? 'node',
    threads: threads ?? 1,
    seed: seed ?? 0,
    executablePath,
    args: [...(args ?? [])],
    crossOriginIsolated: crossOriginIsolated ?? false,
    timeoutMs: timeoutMs ?? 120_000,
    load: resolveLoadOptions(load, ['load']),
  };
}

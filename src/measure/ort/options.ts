/**
 * Options of {@link OrtLatencyMeasurer}, resolved and validated in one place.
 *
 * @module
 */

import { BOOLEAN, checkKnownKeys, isRecord, oneOf } from '../../validate.js';
import { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from '../load.js';
import { NON_EMPTY, SEED, STRINGS, THREADS, TIMEOUT_MS, measurerFail, optional } from '../option-rules.js';
import {
  TIMING_PROTOCOL_KEYS,
  type ResolvedTimingProtocolOptions,
  type TimingProtocolOptions,
  resolveTimingProtocolOptions,
} from '../timing-protocol.js';

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

const fail = measurerFail('OrtLatencyMeasurer');

/** The options of {@link OrtLatencyMeasurerOptions} beside those of the timing protocol. */
const OWN_KEYS = ['runtime', 'threads', 'seed', 'executablePath', 'args', 'crossOriginIsolated', 'timeoutMs', 'load'];

/**
 * Completes and validates {@link OrtLatencyMeasurerOptions}.
 *
 * @throws InvalidOptionsError naming the bad field (an unknown one included).
 */
export function resolveOrtLatencyMeasurerOptions(options: OrtLatencyMeasurerOptions = {}): ResolvedOrtLatencyMeasurerOptions {
  if (!isRecord(options)) fail([], 'an object', options);
  checkKnownKeys(options as Record<string, unknown>, [...OWN_KEYS, ...TIMING_PROTOCOL_KEYS], [], fail);
  const { runtime, threads, seed, executablePath, args, crossOriginIsolated, timeoutMs, load, ...protocol } = options;
  return {
    protocol: resolveTimingProtocolOptions(protocol, [], fail),
    runtime: optional(oneOf(ORT_RUNTIMES), runtime, 'node', 'runtime', fail),
    threads: optional(THREADS, threads, 1, 'threads', fail),
    seed: optional(SEED, seed, 0, 'seed', fail),
    executablePath: optional<string | undefined>(NON_EMPTY, executablePath, undefined, 'executablePath', fail),
    args: [...optional(STRINGS, args, [], 'args', fail)],
    crossOriginIsolated: optional(BOOLEAN, crossOriginIsolated, false, 'crossOriginIsolated', fail),
    timeoutMs: optional(TIMEOUT_MS, timeoutMs, 120_000, 'timeoutMs', fail),
    load: resolveLoadOptions(load, ['load']),
  };
}

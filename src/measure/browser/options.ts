/**
 * Options of {@link BrowserLatencyMeasurer}, resolved and validated in one place.
 *
 * @module
 */

import { BOOLEAN, checkKnownKeys, integer, isRecord, oneOf } from '../../validate.js';
import { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from '../load.js';
import { NON_EMPTY, SEED, STRINGS, THREADS, TIMEOUT_MS, measurerFail, optional } from '../option-rules.js';
import { DEFAULT_CHROMIUM_PATH } from './launch.js';
import {
  TIMING_PROTOCOL_KEYS,
  type ResolvedTimingProtocolOptions,
  type TimingProtocolOptions,
  resolveTimingProtocolOptions,
} from '../timing-protocol.js';

/** Runtime measured in the page. */
export type BrowserBackend = 'wasm' | 'tflite' | 'webgl' | 'litert' | 'ort-wasm' | 'ort-webgpu';

/** Every {@link BrowserBackend}. */
export const BROWSER_BACKENDS: readonly BrowserBackend[] = ['wasm', 'tflite', 'webgl', 'litert', 'ort-wasm', 'ort-webgpu'];

/** Options of {@link BrowserLatencyMeasurer}. Every field is optional; the timing-protocol fields are those of the WASM measurer. */
export interface BrowserLatencyMeasurerOptions extends TimingProtocolOptions {
  /**
   * `wasm`: the tfjs model on the tfjs WASM backend (XNNPACK), as the Node
   * WASM measurer runs it. `tflite`: the model exported with `toTflite` and
   * run by `@tensorflow/tfjs-tflite` (TFLite's own interpreter and XNNPACK
   * delegate compiled to WebAssembly). `webgl`: the tfjs model on
   * `@tensorflow/tfjs-backend-webgl` (an optional peer), on whatever WebGL the
   * browser offers; the report's `platform.device` names the renderer
   * (headless Chromium without a GPU: SwiftShader, WebGL in software on the CPU).
   * `litert`: the `toTflite` export run by LiteRT.js (`@litertjs/core`, an
   * optional peer; Google's current web runtime for `.tflite`, XNNPACK on
   * WebAssembly). `ort-wasm` and `ort-webgpu`: the `toOnnx` export run by
   * onnxruntime-web (an optional peer) on its WebAssembly (SIMD; threads when
   * cross-origin isolated) or WebGPU execution provider; `ort-webgpu` fails
   * with a RuntimeUnavailableError when the browser has no WebGPU adapter.
   * @defaultValue `'wasm'`
   */
  readonly backend?: BrowserBackend;
  /** Chromium to launch (never downloaded). Ignored with `cdpEndpoint`. @defaultValue `'/usr/bin/chromium'` */
  readonly executablePath?: string;
  /**
   * DevTools endpoint of an already running Chrome/Chromium to measure in
   * instead of launching one, e.g. `http://127.0.0.1:9222` after
   * `adb forward tcp:9222 localabstract:chrome_devtools_remote` for Chrome on
   * an Android phone (see docs/devices.md; the phone also needs
   * `adb reverse tcp:<port> tcp:<port>` to reach the asset server).
   */
  readonly cdpEndpoint?: string;
  /** Extra Chromium flags. @defaultValue `[]` */
  readonly args?: readonly string[];
  /** Threads of the runtime in the page (more than 1 needs `crossOriginIsolated`). @defaultValue 1 */
  readonly threads?: number;
  /**
   * Serve the page cross-origin isolated (COOP/COEP headers): enables
   * multi-threaded WASM and 5 microsecond `performance.now()` resolution
   * (100 microseconds otherwise).
   * @defaultValue false
   */
  readonly crossOriginIsolated?: boolean;
  /** Address of the asset server. @defaultValue `'127.0.0.1'` */
  readonly host?: string;
  /** Port of the asset server; 0 picks a free one (set one for `adb reverse`). @defaultValue 0 */
  readonly port?: number;
  /** Seed of the model weights and of the input tensor. @defaultValue 0 */
  readonly seed?: number;
  /** One measurement taking longer than this plus `minTimedMs` fails with a MeasurementError. @defaultValue 120000 */
  readonly timeoutMs?: number;
  /** Starting the browser and initializing the backend must take less. @defaultValue 60000 */
  readonly startTimeoutMs?: number;
  /**
   * Watching the machine's load ({@link LoadOptions}), as the WASM measurer
   * does, with the launched Chromium's processes as the measuring processes:
   * wait up to `load.maxWaitMs` for quiet, then mark the report's
   * `load.noisy` when other processes (the machine's CPU use from
   * `load.probe` minus that of Chromium's process tree, from
   * `/proc/<pid>/stat`) used more than `load.maxOtherCores` cores, or
   * Chromium's processes got less than `load.minCpuShare` of the timed
   * runs' elapsed time. Where Chromium's processes cannot be read (no
   * `/proc`, as on macOS) or with `cdpEndpoint` (a browser this measurer did
   * not launch), the load is not watched and reports have no `load`; so
   * with `false`.
   * @defaultValue `{}` (watched, with the defaults of {@link LoadOptions})
   */
  readonly load?: LoadOptions | false;
}

/** {@link BrowserLatencyMeasurerOptions} with defaults filled in. */
export interface ResolvedBrowserLatencyMeasurerOptions {
  readonly protocol: ResolvedTimingProtocolOptions;
  readonly backend: BrowserBackend;
  readonly executablePath: string;
  readonly cdpEndpoint: string | undefined;
  readonly args: readonly string[];
  readonly threads: number;
  readonly crossOriginIsolated: boolean;
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  readonly timeoutMs: number;
  readonly startTimeoutMs: number;
  /** Load watching; `undefined` when off. */
  readonly load: ResolvedLoadOptions | undefined;
}

const fail = measurerFail('BrowserLatencyMeasurer');

/** The options of {@link BrowserLatencyMeasurerOptions} beside those of the timing protocol. */
const OWN_KEYS = [
  'backend',
  'executablePath',
  'cdpEndpoint',
  'args',
  'threads',
  'crossOriginIsolated',
  'host',
  'port',
  'seed',
  'timeoutMs',
  'startTimeoutMs',
  'load',
];

/**
 * Completes and validates {@link BrowserLatencyMeasurerOptions}.
 *
 * @throws InvalidOptionsError naming the bad field (an unknown one included).
 */
export function resolveBrowserLatencyMeasurerOptions(options: BrowserLatencyMeasurerOptions = {}): ResolvedBrowserLatencyMeasurerOptions {
  if (!isRecord(options)) fail([], 'an object', options);
  checkKnownKeys(options as Record<string, unknown>, [...OWN_KEYS, ...TIMING_PROTOCOL_KEYS], [], fail);
  const {
    backend,
    executablePath,
    cdpEndpoint,
    args,
    threads,
    crossOriginIsolated,
    host,
    port,
    seed,
    timeoutMs,
    startTimeoutMs,
    load,
    ...protocol
  } = options;
  return {
    protocol: resolveTimingProtocolOptions(protocol, [], fail),
    backend: optional(oneOf(BROWSER_BACKENDS), backend, 'wasm', 'backend', fail),
    executablePath: optional(NON_EMPTY, executablePath, DEFAULT_CHROMIUM_PATH, 'executablePath', fail),
    cdpEndpoint: optional<string | undefined>(NON_EMPTY, cdpEndpoint, undefined, 'cdpEndpoint', fail),
    args: [...optional(STRINGS, args, [], 'args', fail)],
    threads: optional(THREADS, threads, 1, 'threads', fail),
    crossOriginIsolated: optional(BOOLEAN, crossOriginIsolated, false, 'crossOriginIsolated', fail),
    host: optional(NON_EMPTY, host, '127.0.0.1', 'host', fail),
    port: optional(integer(0, 65535), port, 0, 'port', fail),
    seed: optional(SEED, seed, 0, 'seed', fail),
    timeoutMs: optional(TIMEOUT_MS, timeoutMs, 120_000, 'timeoutMs', fail),
    startTimeoutMs: optional(TIMEOUT_MS, startTimeoutMs, 60_000, 'startTimeoutMs', fail),
    load: resolveLoadOptions(load, ['load']),
  };
}

/**
 * Options of {@link BrowserLatencyMeasurer}, resolved and validated in one place.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../../errors.js';
import { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from '../load.js';
import { DEFAULT_CHROMIUM_PATH } from './launch.js';
import { type ResolvedTimingProtocolOptions, type TimingProtocolOptions, resolveTimingProtocolOptions } from '../timing-protocol.js';

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

function bad(name: string, expected: string, value: unknown): never {
  throw new InvalidOptionsError(`Invalid BrowserLatencyMeasurer option ${name}: expected ${expected}, received ${describeValue(value)}`, {
    path: [name],
    expected,
    received: value,
  });
}

function int(name: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    bad(name, `an integer in [${min}, ${max}]`, value);
  return value;
}

function str(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') bad(name, 'a non-empty string', value);
  return value;
}

/**
 * Completes and validates {@link BrowserLatencyMeasurerOptions}.
 *
 * @throws InvalidOptionsError naming the bad field.
 */
export function resolveBrowserLatencyMeasurerOptions(options: BrowserLatencyMeasurerOptions = {}): ResolvedBrowserLatencyMeasurerOptions {
  if (typeof options !== 'object' || options === null) bad('(root)', 'an object', options);
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
  if (backend !== undefined && !BROWSER_BACKENDS.includes(backend))
    bad('backend', BROWSER_BACKENDS.map((b) => `"${b}"`).join(', '), backend);
  if (args !== undefined && (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))) bad('args', 'an array of strings', args);
  if (crossOriginIsolated !== undefined && typeof crossOriginIsolated !== 'boolean')
    bad('crossOriginIsolated', 'a boolean', crossOriginIsolated);
  if (seed !== undefined && !Number.isSafeInteger(seed)) bad('seed', 'a safe integer', seed);
  return {
    protocol: resolveTimingProtocolOptions(protocol),
    backend: backend ?? 'wasm',
    executablePath: str('executablePath', executablePath, DEFAULT_CHROMIUM_PATH),
    cdpEndpoint: cdpEndpoint === undefined ? undefined : str('cdpEndpoint', cdpEndpoint, ''),
    args: [...(args ?? [])],
    threads: int('threads', threads, 1, 1, 64),
    crossOriginIsolated: crossOriginIsolated ?? false,
    host: str('host', host, '127.0.0.1'),
    port: int('port', port, 0, 0, 65535),
    seed: seed ?? 0,
    timeoutMs: int('timeoutMs', timeoutMs, 120_000, 1),
    startTimeoutMs: int('startTimeoutMs', startTimeoutMs, 60_000, 1),
    load: resolveLoadOptions(load, ['load']),
  };
}

/**
 * `BrowserLatencyMeasurer`: latency measured in a real Chromium page.
 *
 * @module
 */

import { AbortError, MeasurementError, RuntimeUnavailableError, throwIfAborted } from '../../errors.js';
import type { Architecture } from '../../space/types.js';
import { type BrowserSession, openBrowser } from './launch.js';
import { pageModelFiles } from './model.js';
import {
  type BrowserBackend,
  type BrowserLatencyMeasurerOptions,
  type ResolvedBrowserLatencyMeasurerOptions,
  resolveBrowserLatencyMeasurerOptions,
} from './options.js';
import { type AssetServer, hasPackage, startAssetServer } from './server.js';
import { usageMeter, watchLoad, type CpuClock } from '../load-watch.js';
import { MS_PER_PROC_TICK, linuxProcReader, pidsWithArg, processTreeCpuClock } from '../process-tree.js';
import type { ProcessUsage } from '../load.js';
import { runTimingProtocol, type TimingProtocolResult } from '../timing-protocol.js';
import { makeLatencyReport, toMeasurementError } from '../report.js';
import type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from '../types.js';

/** What `window.mnas.init` reports about the page. */
interface PageInfo {
  readonly userAgent: string;
  readonly hardwareConcurrency: number;
  readonly simd: boolean;
  readonly threads: number;
  readonly tfjsVersion: string;
  /** The WebGL renderer (`webgl` backend) or the WebGPU adapter (`ort-webgpu`). */
  readonly renderer?: string;
  readonly webglVersion?: number;
  /** The runtime when it is not tfjs, e.g. `onnxruntime-web 1.31.1` or `LiteRT.js`. */
  readonly runtime?: string;
}

/** The optional npm package each backend needs beyond tfjs. */
const PEER_OF: Readonly<Partial<Record<BrowserBackend, string>>> = {
  webgl: '@tensorflow/tfjs-backend-webgl',
  tflite: '@tensorflow/tfjs-tflite',
  litert: '@litertjs/core',
  'ort-wasm': 'onnxruntime-web',
  'ort-webgpu': 'onnxruntime-web',
};

/** The kind of model file the page loads for each backend. */
const PAGE_KIND: Readonly<Record<BrowserBackend, 'tfjs' | 'tflite' | 'litert' | 'onnx'>> = {
  wasm: 'tfjs',
  webgl: 'tfjs',
  tflite: 'tflite',
  litert: 'litert',
  'ort-wasm': 'onnx',
  'ort-webgpu': 'onnx',
};

function rendererOf(info: PageInfo): string {
  if (info.renderer === undefined) return '';
  return info.webglVersion === undefined ? `; ${info.renderer}` : `; WebGL ${info.webglVersion} on ${info.renderer}`;
}

interface Started {
  readonly server: AssetServer;
  readonly session: BrowserSession;
  readonly platform: PlatformInfo;
  /** Last lines the page printed to its console (attached to errors). */
  readonly console: string[];
  /** CPU time of the launched Chromium's processes; `undefined` when not watched or not readable (then the load is not watched). */
  readonly cpu: CpuClock | undefined;
}

/** Calls `window.mnas[method](...args)` in the page. */
function call<R>(started: Started, method: string, ...args: unknown[]): Promise<R> {
  return started.session.page.evaluate(
    (a: { m: string; args: unknown[] }) => (window as unknown as { mnas: Record<string, (...x: unknown[]) => R> }).mnas[a.m]!(...a.args),
    { m: method, args },
  );
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new MeasurementError(`${what} took longer than ${ms} ms`, { cause: new Error('timeout') }));
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Measures inference latency in Chromium, driven over the DevTools protocol
 * with `playwright-core`: Debian's `chromium` launched headless from
 * `executablePath` (never a downloaded browser), or any Chrome reachable at
 * `cdpEndpoint`, such as Chrome on an Android phone. A loopback server
 * serves the page, the tfjs bundle, the WASM backend, `@tensorflow/tfjs-tflite`
 * and the model; the page times each inference with `performance.now()`
 * (`predict` + `dataSync`, on a seeded random input, batch 1) and the warm-up
 * and timing protocol is the WASM measurer's (`runTimingProtocol`).
 *
 * Backends: `wasm` (the tfjs model on tfjs-backend-wasm), `webgl`, `tflite`
 * (the `toTflite` export on the tfjs-tflite alpha), `litert` (the same file
 * on LiteRT.js), `ort-wasm` and `ort-webgpu` (the `toOnnx` export on
 * onnxruntime-web); see {@link BrowserLatencyMeasurerOptions.backend}.
 *
 * The machine's load is watched as the WASM measurer watches it (`load`),
 * the launched Chromium's process tree being the measuring processes: their
 * CPU use does not count as other processes'.
 *
 * The browser starts on the first `measure()` or `platform()` and stays up
 * until `close()`. Calls are served one at a time, in order.
 *
 * @example
 * const m = new BrowserLatencyMeasurer({ backend: 'tflite' });
 * const report = await m.measure(mnasnetA1({ inputShape: [224, 224, 3] }));
 * await m.close();
 */
export class BrowserLatencyMeasurer implements LatencyMeasurer {
  /** The resolved options. */
  readonly options: ResolvedBrowserLatencyMeasurerOptions;
  private started: Promise<Started> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;

  /** @throws InvalidOptionsError on a bad option. */
  constructor(options: BrowserLatencyMeasurerOptions = {}) {
    this.options = resolveBrowserLatencyMeasurerOptions(options);
  }

  /** The browser platform (starts the browser if needed). */
  async platform(): Promise<PlatformInfo> {
    return (await this.start()).platform;
  }

  /**
   * Measures `arch` in the page.
   * @throws MeasurementError when the model cannot be built, exported, loaded or run (page console output attached); AbortError when aborted.
   */
  measure(arch: Architecture, options: MeasureOptions = {}): Promise<LatencyReport> {
    const { signal } = options;
    const run = this.queue.then(() => this.measureNow(arch, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Closes the browser (or the CDP connection) and the server. Safe to call twice; a later `measure` starts again. */
  async close(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    if (started === undefined) return;
    const s = await started.catch(() => undefined);
    if (s === undefined) return;
    await s.session.close().catch(() => undefined);
    await s.server.close();
  }

  private start(): Promise<Started> {
    if (this.started === undefined) {
      const o = this.options;
      const launching = this.launch();
      // A launch that finishes after the timeout is closed rather than left running.
      const abandon = (): void => {
        launching.then((s) => Promise.all([s.session.close(), s.server.close()])).catch(() => undefined);
      };
      this.started = withTimeout(launching, o.startTimeoutMs, 'Starting the browser', abandon).catch((error: unknown) => {
        this.started = undefined;
        throw toMeasurementError(error, 'Cannot start the browser measurer');
      });
    }
    return this.started;
  }

  private async launch(): Promise<Started> {
    const o = this.options;
    const needed = PEER_OF[o.backend];
    if (needed !== undefined && !hasPackage(needed)) {
      throw new RuntimeUnavailableError(`The ${o.backend} backend needs the npm package ${needed} (npm install ${needed})`, {
        missing: needed,
        cause: new Error(`${needed} is not installed`),
      });
    }
    const server = await startAssetServer({ host: o.host, port: o.port, crossOriginIsolated: o.crossOriginIsolated });
    // Marks the launched Chromium (the server's address is unique while it runs) to find its processes in /proc.
    const marker = o.load === undefined || o.cdpEndpoint !== undefined ? undefined : `--mnas-ts-measurer=${server.url}`;
    let session: BrowserSession | undefined;
    try {
      session = await openBrowser({
        executablePath: o.executablePath,
        args: marker === undefined ? o.args : [...o.args, marker],
        timeoutMs: o.startTimeoutMs,
        ...(o.cdpEndpoint === undefined ? {} : { cdpEndpoint: o.cdpEndpoint }),
      });
      const consoleLines: string[] = [];
      session.page.on('console', (m) => {
        consoleLines.push(m.text());
        if (consoleLines.length > 50) consoleLines.shift();
      });
      await session.page.goto(`${server.url}/`, { timeout: o.startTimeoutMs });
      const partial = { server, session, console: consoleLines, cpu: marker === undefined ? undefined : chromiumCpuClock(marker) } as const;
      const info = await call<PageInfo>({ ...partial, platform: { name: '', backend: '' } }, 'init', {
        backend: o.backend,
        threads: o.threads,
      }).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const unavailable = /UNAVAILABLE: ([^\n]*)/.exec(message);
        if (unavailable === null) throw error;
        throw new RuntimeUnavailableError(`The ${o.backend} backend cannot run here: ${unavailable[1]}`, {
          missing: 'webgpu-adapter',
          cause: error,
        });
      });
      const platform: PlatformInfo = {
        name: `chromium-${o.backend}`,
        backend: o.backend,
        simd: info.simd,
        threads: info.threads,
        device: `${session.version}; ${info.userAgent}; ${info.hardwareConcurrency} logical CPUs; ${info.runtime ?? `tfjs ${info.tfjsVersion}`}${rendererOf(info)}`,
      };
      return { ...partial, platform };
    } catch (error) {
      await session?.close().catch(() => undefined);
      await server.close();
      throw error;
    }
  }

  /** Loads the model file `entry` in the page and times it, metering Chromium's processes when they are known. */
  private async timeInPage(
    started: Started,
    arch: Architecture,
    entry: string,
    signal: AbortSignal | undefined,
  ): Promise<TimingProtocolResult & { usage: ProcessUsage | undefined }> {
    const o = this.options;
    const meter = started.cpu === undefined ? undefined : usageMeter(started.cpu, undefined, MS_PER_PROC_TICK);
    await call(started, 'load', {
      kind: PAGE_KIND[o.backend],
      url: `${started.server.url}/files/${entry}`,
      shape: [1, ...arch.inputShape],
      seed: o.seed,
      threads: o.threads,
    });
    const result = await runTimingProtocol(() => call<number>(started, 'runOnce'), o.protocol, {
      beforeRun: () => throwIfAborted(signal),
      beforeTimed: () => meter?.timed(),
    });
    return { ...result, usage: meter?.stop() };
  }

  private async measureNow(arch: Architecture, signal: AbortSignal | undefined): Promise<LatencyReport> {
    throwIfAborted(signal);
    const started = await this.start();
    throwIfAborted(signal);
    const o = this.options;
    const id = `m${this.nextId++}`;
    let names: string[] = [];
    try {
      const model = await pageModelFiles(arch, o.backend, o.seed, id).catch((error: unknown) => {
        throw toMeasurementError(error, 'Cannot build the model to measure');
      });
      names = [...model.files.keys()];
      for (const [name, bytes] of model.files) started.server.put(name, bytes);
      const watch = started.cpu === undefined ? undefined : o.load;
      const work = async (): Promise<LatencyReport> => {
        const time = () => this.timeInPage(started, arch, model.entry, signal);
        const { result, load } = await watchLoad(watch, time, (r) => r.usage, signal === undefined ? {} : { signal });
        return makeLatencyReport(result.samplesMs, result.warmupRuns, started.platform, { load });
      };
      // On a timeout the page may still be busy: drop the browser so the next call starts afresh.
      // A minimum timed span and the wait for quiet add to the time a measurement may take.
      const limitMs = o.timeoutMs + o.protocol.minTimedMs + (watch?.maxWaitMs ?? 0);
      return await withTimeout(work(), limitMs, 'Measuring in the browser', () => void this.close());
    } catch (error) {
      if (error instanceof AbortError || signal?.aborted)
        throw error instanceof AbortError ? error : new AbortError(undefined, { cause: signal?.reason });
      if (error instanceof MeasurementError) throw error;
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      // A crashed page or a lost connection does not come back: start afresh on the next call.
      if (/closed|crash|disconnect/i.test(message ?? '')) void this.close();
      throw new MeasurementError(`Measuring in the browser failed: ${message}`, { cause: error, output: started.console.join('\n') });
    } finally {
      for (const name of names) started.server.remove(name);
      await call(started, 'unload').catch(() => undefined);
    }
  }
}

/** The CPU clock of the Chromium launched with `marker` among its arguments, and its descendants; `undefined` when it cannot be found (no `/proc`). */
function chromiumCpuClock(marker: string): CpuClock | undefined {
  const proc = linuxProcReader();
  const roots = pidsWithArg(marker, proc);
  return roots.length === 0 ? undefined : processTreeCpuClock(roots, proc);
}

/**
 * `OrtLatencyMeasurer`: latency of the `toOnnx` export in onnxruntime.
 *
 * @module
 */

import { cpus } from 'node:os';
import { buildModel } from '../../blocks/index.js';
import { AbortError, throwIfAborted } from '../../errors.js';
import { toOnnx } from '../../export/index.js';
import { Rng } from '../../rng.js';
import type { Architecture } from '../../space/types.js';
import { BrowserLatencyMeasurer } from '../browser/measurer.js';
import { makeLatencyReport, toMeasurementError } from '../report.js';
import type { ProcessUsage } from '../load.js';
import { processCpuMs, usageMeter, watchLoad } from '../load-watch.js';
import { runTimingProtocol, type TimingProtocolResult } from '../timing-protocol.js';
import type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from '../types.js';
import { type OrtNodeModule, createCpuSession, loadOrtNode } from './node-runtime.js';
import { type OrtLatencyMeasurerOptions, type ResolvedOrtLatencyMeasurerOptions, resolveOrtLatencyMeasurerOptions } from './options.js';

/** The `.onnx` bytes of `arch` as the other measurers build it: seeded weights, batch 1, batch norms folded. */
function onnxOf(arch: Architecture, seed: number): Uint8Array {
  const model = buildModel(arch, { seed, batchSize: 1, foldBatchNorm: true });
  try {
    return toOnnx(model);
  } finally {
    model.dispose();
  }
}

/**
 * Measures inference latency of the `toOnnx` export in onnxruntime: in this
 * process with onnxruntime-node (`runtime: 'node'`, the CPU execution
 * provider), or in headless Chromium with onnxruntime-web (`'wasm'`,
 * `'webgpu'`; the page and the protocol are the browser measurer's). Both
 * runtimes are optional peer dependencies, imported on first use; a missing
 * one fails with a RuntimeUnavailableError naming the install command, as
 * does `webgpu` in a browser without a WebGPU adapter.
 *
 * A run is `session.run` on a seeded uniform input at batch 1 (the output on
 * the CPU), timed with `performance.now()`; warm-up and timed runs follow
 * the WASM measurer's protocol (`runTimingProtocol`). The machine's load is
 * watched as the WASM measurer watches it (`load`: other processes' CPU use,
 * the measuring process's CPU share, an optional wait for quiet), the
 * measuring process being this one (`node`) or the launched Chromium's
 * process tree (`wasm`, `webgpu`). Calls are served one at a time, in order.
 *
 * @example
 * const m = new OrtLatencyMeasurer({ runtime: 'node', threads: 1 });
 * const report = await m.measure(mobilenetV2({ inputShape: [224, 224, 3] }));
 * await m.close();
 */
export class OrtLatencyMeasurer implements LatencyMeasurer {
  /** The resolved options. */
  readonly options: ResolvedOrtLatencyMeasurerOptions;
  private readonly browser: BrowserLatencyMeasurer | undefined;
  private ort: Promise<OrtNodeModule> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /** @throws InvalidOptionsError on a bad option. */
  constructor(options: OrtLatencyMeasurerOptions = {}) {
    this.options = resolveOrtLatencyMeasurerOptions(options);
    const o = this.options;
    this.browser =
      o.runtime === 'node'
        ? undefined
        : new BrowserLatencyMeasurer({
            ...o.protocol,
            backend: o.runtime === 'wasm' ? 'ort-wasm' : 'ort-webgpu',
            threads: o.threads,
            seed: o.seed,
            args: o.args,
            crossOriginIsolated: o.crossOriginIsolated,
            timeoutMs: o.timeoutMs,
            load: o.load ?? false,
            ...(o.executablePath === undefined ? {} : { executablePath: o.executablePath }),
          });
  }

  /** The platform: `node-ort` (onnxruntime-node version, CPU model) or the browser's `chromium-ort-wasm` / `chromium-ort-webgpu`. */
  async platform(): Promise<PlatformInfo> {
    if (this.browser !== undefined) return this.browser.platform();
    const ort = await this.loadOrt();
    const cpu = cpus();
    return {
      name: 'node-ort',
      backend: 'ort-cpu',
      threads: this.options.threads,
      device: `onnxruntime-node ${ort.env.versions?.['node'] ?? '?'}; ${cpu[0]?.model ?? 'unknown CPU'}; ${cpu.length} logical CPUs`,
    };
  }

  /**
   * Measures `arch`.
   * @throws MeasurementError when the model cannot be built, exported, loaded or run; RuntimeUnavailableError
   *   when the runtime is missing; AbortError when aborted.
   */
  measure(arch: Architecture, options: MeasureOptions = {}): Promise<LatencyReport> {
    if (this.browser !== undefined) return this.browser.measure(arch, options);
    const run = this.queue.then(() => this.measureNode(arch, options.signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Closes the browser of the web runtimes; nothing to release for node. Safe to call twice. */
  async close(): Promise<void> {
    await this.browser?.close();
  }

  private loadOrt(): Promise<OrtNodeModule> {
    if (this.ort === undefined) {
      this.ort = loadOrtNode();
      this.ort.catch(() => {
        this.ort = undefined;
      });
    }
    return this.ort;
  }

  private async measureNode(arch: Architecture, signal: AbortSignal | undefined): Promise<LatencyReport> {
    throwIfAborted(signal);
    const ort = await this.loadOrt();
    const platform = await this.platform();
    const { result, load } = await watchLoad(
      this.options.load,
      () => this.timeNode(ort, arch, signal),
      (r) => r.usage,
      signal === undefined ? {} : { signal },
    );
    return makeLatencyReport(result.samplesMs, result.warmupRuns, platform, { load });
  }

  /** Exports `arch`, loads it in onnxruntime-node and times it, metering this process's CPU use. */
  private async timeNode(
    ort: OrtNodeModule,
    arch: Architecture,
    signal: AbortSignal | undefined,
  ): Promise<TimingProtocolResult & { usage: ProcessUsage | undefined }> {
    const o = this.options;
    const meter = usageMeter(processCpuMs);
    let bytes: Uint8Array;
    try {
      bytes = onnxOf(arch, o.seed);
    } catch (error) {
      throw toMeasurementError(error, 'Cannot build the model to measure');
    }
    throwIfAborted(signal);
    const session = await createCpuSession(ort, bytes, o.threads).catch((error: unknown) => {
      throw toMeasurementError(error, 'onnxruntime-node cannot load the exported model');
    });
    try {
      const rng = new Rng(o.seed);
      const input = Float32Array.from({ length: arch.inputShape.reduce((a, b) => a * b, 1) }, () => rng.next());
      const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', input, [1, ...arch.inputShape]) };
      const runOnce = async (): Promise<number> => {
        const t0 = performance.now();
        await session.run(feeds);
        return performance.now() - t0;
      };
      const result = await runTimingProtocol(runOnce, o.protocol, {
        beforeRun: () => throwIfAborted(signal),
        beforeTimed: () => meter.timed(),
      });
      return { ...result, usage: meter.stop() };
    } catch (error) {
      if (error instanceof AbortError) throw error;
      throw toMeasurementError(error, 'Measuring in onnxruntime-node failed');
    } finally {
      await session.release().catch(() => undefined);
    }
  }
}

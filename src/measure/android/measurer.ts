/**
 * `AndroidLatencyMeasurer`: latency measured on an Android phone with TFLite's
 * `benchmark_model`, over adb.
 *
 * @module
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortError, MeasurementError, throwIfAborted } from '../../errors.js';
import { toTflite } from '../../export/index.js';
import type { Architecture } from '../../space/types.js';
import { type AdbResult, runAdb, shellQuote } from './adb.js';
import {
  type AndroidLatencyMeasurerOptions,
  type ResolvedAndroidLatencyMeasurerOptions,
  resolveAndroidLatencyMeasurerOptions,
} from './options.js';
import { parseAdbDevices, parseBenchmarkOutput, parseGetprop } from './parse.js';
import type { ResolvedLoadOptions } from '../load.js';
import { parseProcStat, type CpuTimes } from '../load-probe.js';
import { watchLoad } from '../load-watch.js';
import { makeLatencyReport, toMeasurementError } from '../report.js';
import type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from '../types.js';

interface Device {
  readonly serial: string;
  readonly platform: PlatformInfo;
  /** Whether this measurer pushed the benchmark binary (then `close()` removes it). */
  readonly pushedBinary: boolean;
}

/**
 * Measures inference latency on an Android device the way MnasNet did (Tan
 * et al. 2019, Sec. 3: a Pixel phone, TFLite, one big core): exports the
 * architecture with `toTflite`, pushes the `.tflite` with `adb push`, runs
 * `benchmark_model --graph=... --num_threads=... --num_runs=...
 * --warmup_runs=...` through `adb shell` (under `taskset <cpuMask>` when a
 * mask is given), parses its statistics (TF 1.x and 2.x output formats,
 * `INFO:` prefixes, scientific notation), and removes the model from the
 * device afterwards. Device model, manufacturer and ABI come from `getprop`
 * (`ro.product.model`, `ro.product.manufacturer`, `ro.product.cpu.abi`).
 *
 * Every adb call is an argument array given to `child_process.spawn` (no
 * local shell); every word of a device command is quoted for the device's
 * shell. Failures (no device, unauthorized device, missing
 * `benchmark_model`, a crash, unparseable output) are MeasurementErrors
 * whose `output` is what adb printed.
 *
 * `benchmark_model` reports aggregate statistics, so each of `invocations`
 * runs gives one sample (its mean over `runs` timed runs) of the report.
 *
 * The phone's load is watched through its `/proc/stat` (`load`; read with
 * `adb shell cat /proc/stat` right before the first and right after the last
 * invocation, and while waiting for quiet).
 *
 * @example
 * const m = new AndroidLatencyMeasurer({ cpuMask: '80', threads: 1 });
 * console.log((await m.measure(mnasnetA1())).medianMs);
 * await m.close();
 */
export class AndroidLatencyMeasurer implements LatencyMeasurer {
  /** The resolved options. */
  readonly options: ResolvedAndroidLatencyMeasurerOptions;
  private device: Promise<Device> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;

  /** @throws InvalidOptionsError on a bad option. */
  constructor(options: AndroidLatencyMeasurerOptions = {}) {
    this.options = resolveAndroidLatencyMeasurerOptions(options);
  }

  /** The device (checks it is connected and authorized, and finds `benchmark_model`). */
  async platform(): Promise<PlatformInfo> {
    return (await this.connect(undefined)).platform;
  }

  /**
   * Measures `arch` on the device.
   * @throws MeasurementError (with adb's output) on any device-side failure; AbortError when aborted.
   */
  measure(arch: Architecture, options: MeasureOptions = {}): Promise<LatencyReport> {
    const run = this.queue.then(() => this.measureNow(arch, options.signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Removes a `benchmark_model` this measurer pushed. Safe to call twice. */
  async close(): Promise<void> {
    const device = this.device;
    this.device = undefined;
    const d = await device?.catch(() => undefined);
    if (d?.pushedBinary)
      await this.adb(d.serial, ['shell', 'rm', '-f', shellQuote(this.options.benchmarkBinary)], undefined).catch(() => undefined);
  }

  private adb(serial: string | undefined, args: readonly string[], signal: AbortSignal | undefined): Promise<AdbResult> {
    const full = serial === undefined ? args : ['-s', serial, ...args];
    return runAdb(this.options.adbPath, full, { signal, timeoutMs: this.options.timeoutMs });
  }

  /** Runs an adb command that must succeed (exit code 0). */
  private async adbOk(serial: string, args: readonly string[], what: string, signal: AbortSignal | undefined): Promise<AdbResult> {
    const r = await this.adb(serial, args, signal);
    if (r.code !== 0)
      throw new MeasurementError(`${what} failed (adb exit code ${String(r.code)}): ${firstLine(r.output)}`, {
        cause: new Error(r.output),
        output: r.output,
      });
    return r;
  }

  private connect(signal: AbortSignal | undefined): Promise<Device> {
    if (this.device === undefined) {
      this.device = this.findDevice(signal).catch((error: unknown) => {
        this.device = undefined;
        throw error;
      });
    }
    return this.device;
  }

  private async findDevice(signal: AbortSignal | undefined): Promise<Device> {
    const o = this.options;
    const list = await this.adb(undefined, ['devices'], signal);
    if (list.code !== 0)
      throw new MeasurementError(`adb devices failed: ${firstLine(list.output)}`, { cause: new Error(list.output), output: list.output });
    const devices = parseAdbDevices(list.stdout);
    const fail = (message: string): never => {
      throw new MeasurementError(message, { cause: new Error(list.output), output: list.output });
    };
    const candidates = o.serial === undefined ? devices : devices.filter((d) => d.serial === o.serial);
    if (candidates.length === 0)
      fail(o.serial === undefined ? 'No Android device connected (adb devices lists none)' : `Android device ${o.serial} is not connected`);
    if (candidates.length > 1)
      fail(`Several Android devices are connected (${candidates.map((d) => d.serial).join(', ')}): set the serial option`);
    const { serial, state } = candidates[0]!;
    if (state === 'unauthorized') fail(`Android device ${serial} is unauthorized: accept the USB debugging prompt on the phone`);
    if (state !== 'device') fail(`Android device ${serial} is ${state}, not ready`);
    const props = parseGetprop((await this.adbOk(serial, ['shell', 'getprop'], 'getprop', signal)).stdout);
    const [manufacturer, model, abi] = ['ro.product.manufacturer', 'ro.product.model', 'ro.product.cpu.abi'].map((k) => props.get(k) ?? '');
    let pushedBinary = false;
    if (o.benchmarkBinaryLocal !== undefined) {
      await this.adbOk(serial, ['push', o.benchmarkBinaryLocal, o.benchmarkBinary], 'Pushing benchmark_model', signal);
      await this.adbOk(serial, ['shell', 'chmod', '755', shellQuote(o.benchmarkBinary)], 'chmod benchmark_model', signal);
      pushedBinary = true;
    }
    const ls = await this.adb(serial, ['shell', 'ls', shellQuote(o.benchmarkBinary)], signal);
    if (ls.code !== 0 || /No such file|not found/.test(ls.output)) {
      throw new MeasurementError(
        `benchmark_model not found on ${serial} at ${o.benchmarkBinary}: push it there or set benchmarkBinaryLocal`,
        {
          cause: new Error(ls.output),
          output: ls.output,
        },
      );
    }
    const mask = o.cpuMask === undefined ? '' : `, CPU mask 0x${o.cpuMask}`;
    const device = `${[manufacturer, model].filter((s) => s !== '').join(' ') || serial} (${abi || 'unknown ABI'}${mask})`;
    return { serial, pushedBinary, platform: { name: 'android-tflite', backend: 'tflite', threads: o.threads, device } };
  }

  private benchmarkCommand(remoteModel: string): string[] {
    const o = this.options;
    const words = [
      ...(o.cpuMask === undefined ? [] : ['taskset', o.cpuMask]),
      o.benchmarkBinary,
      `--graph=${remoteModel}`,
      `--num_threads=${o.threads}`,
      `--num_runs=${o.runs}`,
      `--warmup_runs=${o.warmupRuns}`,
      ...o.extraArgs,
    ];
    return ['shell', ...words.map(shellQuote)];
  }

  private async measureNow(arch: Architecture, signal: AbortSignal | undefined): Promise<LatencyReport> {
    throwIfAborted(signal);
    const o = this.options;
    let bytes: Uint8Array;
    try {
      bytes = toTflite(arch, { buildOptions: { seed: o.seed } });
    } catch (error) {
      throw toMeasurementError(error, 'Cannot export the model to measure');
    }
    const device = await this.connect(signal);
    const dir = await mkdtemp(join(tmpdir(), 'mnas-android-'));
    const name = `mnas-${process.pid}-${this.nextId++}.tflite`;
    const local = join(dir, name);
    const remote = `${o.remoteDir === '/' ? '' : o.remoteDir}/${name}`;
    try {
      await writeFile(local, bytes);
      await this.adbOk(device.serial, ['push', local, remote], 'Pushing the model', signal);
      const invoke = async (): Promise<{ samples: number[]; wallMs: number }> => {
        const started = performance.now();
        const samples: number[] = [];
        for (let i = 0; i < o.invocations; i++) {
          throwIfAborted(signal);
          const r = await this.adb(device.serial, this.benchmarkCommand(remote), signal);
          samples.push(this.readRun(r) / 1000);
        }
        return { samples, wallMs: performance.now() - started };
      };
      // benchmark_model's own CPU time is not visible over adb: taken as `threads` cores throughout (an upper bound).
      const { result, load } = await watchLoad(
        this.watchOptions(device.serial),
        invoke,
        ({ wallMs }) => ({ wallMs, cpuMs: wallMs * o.threads, timedWallMs: 0, timedCpuMs: 0 }),
        signal === undefined ? {} : { signal },
      );
      return makeLatencyReport(result.samples, o.warmupRuns * o.invocations, device.platform, { load });
    } catch (error) {
      if (error instanceof AbortError || error instanceof MeasurementError) throw error;
      throw toMeasurementError(error, 'Measuring on the Android device failed');
    } finally {
      await this.adb(device.serial, ['shell', 'rm', '-f', shellQuote(remote)], undefined).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The load options, the probe reading the phone's `/proc/stat` over adb unless one was given. */
  private watchOptions(serial: string): ResolvedLoadOptions | undefined {
    const load = this.options.load;
    if (load === undefined || !this.options.loadFromDevice) return load;
    return { ...load, probe: { read: () => this.deviceCpuTimes(serial) } };
  }

  /** The phone's CPU counters (`adb shell cat /proc/stat`); `undefined` when they cannot be read. */
  private async deviceCpuTimes(serial: string): Promise<CpuTimes | undefined> {
    const r = await this.adb(serial, ['shell', 'cat', '/proc/stat'], undefined).catch(() => undefined);
    return r?.code === 0 ? parseProcStat(r.stdout) : undefined;
  }

  /**
   * Mean latency in microseconds of one `benchmark_model` run, or a
   * MeasurementError. adb before Android 7 always exits 0, so failures are
   * also recognized from the output.
   */
  private readRun(r: AdbResult): number {
    const fail = (message: string): never => {
      throw new MeasurementError(message, { cause: new Error(r.output), output: r.output });
    };
    const parsed = parseBenchmarkOutput(r.output);
    if (r.code === 0 && parsed !== undefined) return parsed.avgUs;
    if (r.code === 127 || /inaccessible or not found|: not found|No such file or directory/.test(r.output)) {
      fail(`benchmark_model not found on the device at ${this.options.benchmarkBinary}`);
    }
    if (r.code !== 0 || /Segmentation fault|Aborted|Fatal signal|terminated by signal/.test(r.output)) {
      fail(`benchmark_model failed (exit code ${String(r.code)}): ${lastLine(r.output)}`);
    }
    return fail(`Cannot parse the benchmark_model output: ${firstLine(r.output)}`);
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

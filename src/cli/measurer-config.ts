/**
 * Options of the `android` and `browser` measurers in the CLI: the config
 * file sections `android` and `browser` (zod schemas, field names those of
 * `AndroidLatencyMeasurerOptions` and `BrowserLatencyMeasurerOptions`), the
 * flags that set them, and their translation into measurer options.
 *
 * @module
 */

import type { Command } from 'commander';
import { z } from 'zod';
import { InvalidConfigError, InvalidOptionsError, describeValue, resolveAndroidLatencyMeasurerOptions, resolveBrowserLatencyMeasurerOptions } from '../index.js';
import type { AndroidLatencyMeasurerOptions, BrowserLatencyMeasurerOptions } from '../index.js';

/** A copy of `o` without its undefined fields (zod's optional output vs exactOptionalPropertyTypes). */
function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * A zod check that runs the measurer's own option resolver, so patterns it
 * checks (device serial, device paths, hex CPU mask) are checked once, there,
 * and reported at the config field with what it expected.
 */
function checkedBy(resolve: (options: never) => unknown) {
  return (value: object, ctx: z.RefinementCtx): void => {
    try {
      resolve(defined(value) as never);
    } catch (error) {
      if (!(error instanceof InvalidOptionsError)) throw error;
      const expected = /: (expected .*), received /s.exec(error.message)?.[1] ?? error.message;
      ctx.addIssue({ code: 'custom', message: expected, path: [...error.path] });
    }
  };
}

const count = (min: number) => z.int().min(min).optional();
const text = z.string().min(1).optional();

/** Config section `android`: options of `AndroidLatencyMeasurer` (adb and TFLite `benchmark_model`). */
export const androidConfigSchema = z
  .strictObject({
    adbPath: text,
    serial: text,
    benchmarkBinary: text,
    benchmarkBinaryLocal: text,
    remoteDir: text,
    threads: count(1),
    cpuMask: text,
    runs: count(1),
    warmupRuns: count(0),
    invocations: count(1),
    extraArgs: z.array(z.string()).optional(),
    timeoutMs: count(1),
  })
  .superRefine(checkedBy(resolveAndroidLatencyMeasurerOptions));

/** Config section `browser`: options of `BrowserLatencyMeasurer` (Chromium over CDP). */
export const browserConfigSchema = z
  .strictObject({
    backend: z.enum(['wasm', 'tflite']).optional(),
    executablePath: text,
    cdpEndpoint: z.url({ protocol: /^(https?|wss?)$/, error: 'expected an http(s):// or ws(s):// DevTools URL' }).optional(),
    args: z.array(z.string()).optional(),
    threads: z.int().min(1).max(64).optional(),
    crossOriginIsolated: z.boolean().optional(),
    host: text,
    port: z.int().min(0).max(65535).optional(),
    runs: count(1),
    minWarmupRuns: count(0),
    maxWarmupRuns: count(0),
    timeoutMs: count(1),
    startTimeoutMs: count(1),
  })
  .superRefine(checkedBy(resolveBrowserLatencyMeasurerOptions));

/** The `android` section of a config. */
export type AndroidConfig = z.infer<typeof androidConfigSchema>;
/** The `browser` section of a config. */
export type BrowserConfig = z.infer<typeof browserConfigSchema>;
/** The measurer sections of a config. */
export interface MeasurerSections {
  readonly android?: AndroidConfig | undefined;
  readonly browser?: BrowserConfig | undefined;
}

type Section = 'android' | 'browser';

/** One measurer flag: commander's key, its spelling, the sections and field it sets, and how to read it. */
interface MeasurerFlag {
  readonly key: string;
  readonly flag: string;
  readonly arg: string;
  readonly help: string;
  readonly sections: readonly Section[];
  readonly field: string;
  readonly kind: 'string' | 'number' | 'boolean';
}

const FLAGS: readonly MeasurerFlag[] = [
  { key: 'adb', flag: '--adb', arg: '<path>', help: 'android: the adb executable (default adb on the PATH)', sections: ['android'], field: 'adbPath', kind: 'string' },
  { key: 'serial', flag: '--serial', arg: '<serial>', help: 'android: device serial (needed when several are connected)', sections: ['android'], field: 'serial', kind: 'string' },
  { key: 'benchmarkBinary', flag: '--benchmark-binary', arg: '<path>', help: 'android: benchmark_model on the device (default /data/local/tmp/benchmark_model)', sections: ['android'], field: 'benchmarkBinary', kind: 'string' },
  { key: 'benchmarkBinaryLocal', flag: '--benchmark-binary-local', arg: '<file>', help: 'android: a local benchmark_model build to push to --benchmark-binary', sections: ['android'], field: 'benchmarkBinaryLocal', kind: 'string' },
  { key: 'cpuMask', flag: '--cpu-mask', arg: '<hex>', help: 'android: taskset CPU mask, e.g. 80 for CPU 7 (default: no taskset)', sections: ['android'], field: 'cpuMask', kind: 'string' },
  { key: 'warmupRuns', flag: '--warmup-runs', arg: '<n>', help: 'android: benchmark_model warm-up runs (default 10)', sections: ['android'], field: 'warmupRuns', kind: 'number' },
  { key: 'threads', flag: '--threads', arg: '<n>', help: 'android, browser: inference threads (default 1)', sections: ['android', 'browser'], field: 'threads', kind: 'number' },
  { key: 'runs', flag: '--runs', arg: '<n>', help: 'android, browser: timed runs (default 50 on android, 30 in the browser)', sections: ['android', 'browser'], field: 'runs', kind: 'number' },
  { key: 'browserBackend', flag: '--browser-backend', arg: '<name>', help: 'browser: wasm (tfjs) or tflite (tfjs-tflite) (default wasm)', sections: ['browser'], field: 'backend', kind: 'string' },
  { key: 'chromium', flag: '--chromium', arg: '<path>', help: 'browser: Chromium executable (default /usr/bin/chromium)', sections: ['browser'], field: 'executablePath', kind: 'string' },
  { key: 'cdpEndpoint', flag: '--cdp-endpoint', arg: '<url>', help: 'browser: DevTools URL of a running Chrome to measure in instead of launching one', sections: ['browser'], field: 'cdpEndpoint', kind: 'string' },
  { key: 'crossOriginIsolated', flag: '--cross-origin-isolated', arg: '', help: 'browser: serve the page cross-origin isolated (needed for --threads > 1)', sections: ['browser'], field: 'crossOriginIsolated', kind: 'boolean' },
];

/** Flag of each measurer config field (`android.serial` -> `--serial`), for messages. */
export const MEASURER_FLAG_OF: Readonly<Record<string, string>> = Object.fromEntries(
  FLAGS.flatMap((f) => f.sections.map((s) => [`${s}.${f.field}`, f.flag])),
);

/** Adds the android and browser measurer flags to a command (`search` and `measure`). */
export function addMeasurerFlags(command: Command): Command {
  for (const f of FLAGS) command.option(f.arg === '' ? f.flag : `${f.flag} ${f.arg}`, f.help);
  return command;
}

/**
 * A flag's string turned into a number.
 * @throws InvalidConfigError naming the flag when it is not a number.
 */
export function flagNumber(flag: string, path: readonly string[], value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (Number.isNaN(n)) throw new InvalidConfigError(`Invalid ${flag}: expected a number, received ${describeValue(value)}`, { path: [...path] });
  return n;
}

/**
 * The config sections that the measurer flags among `flags` (commander's
 * output) set, not yet validated: each flag goes to the section of
 * `measurer` (`--threads` and `--runs` to either).
 *
 * @param measurer - the measurer that will run (from the flags or the config file).
 * @throws InvalidConfigError naming a flag that is not a number where one is
 *   expected, or that does not apply to `measurer`.
 */
export function measurerSectionsFromFlags(flags: Readonly<Record<string, unknown>>, measurer: string | undefined): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const f of FLAGS) {
    const value = flags[f.key];
    if (value === undefined) continue;
    const section = f.sections.find((s) => s === measurer);
    if (section === undefined) {
      const which = f.sections.map((s) => `--measurer ${s}`).join(' or ');
      throw new InvalidConfigError(`Invalid ${f.flag}: only applies to ${which}, ${measurer === undefined ? 'and --measurer is not set' : `the measurer is ${JSON.stringify(measurer)}`}`, { path: [f.key] });
    }
    (out[section] ??= {})[f.field] = f.kind === 'number' ? flagNumber(f.flag, [section, f.field], value) : value;
  }
  return out;
}

/** `AndroidLatencyMeasurer` options from the validated `android` section, with the run's seed (model weights). */
export function androidMeasurerOptions(section: AndroidConfig | undefined, seed: number): AndroidLatencyMeasurerOptions {
  return { seed, ...defined(section ?? {}) };
}

/** `BrowserLatencyMeasurer` options from the validated `browser` section, with the run's seed (weights and input). */
export function browserMeasurerOptions(section: BrowserConfig | undefined, seed: number): BrowserLatencyMeasurerOptions {
  return { seed, ...defined(section ?? {}) };
}

/**
 * Options of the `android`, `browser`, `ort` and `wasm` measurers in the CLI:
 * the config file sections of those names (zod schemas, field names those of
 * `AndroidLatencyMeasurerOptions`, `BrowserLatencyMeasurerOptions`,
 * `OrtLatencyMeasurerOptions` and `WasmLatencyMeasurerOptions`) and
 * their translation into measurer options; the flags that set them are in
 * `measurer-flags.ts`.
 *
 * @module
 */

import { z } from 'zod';
import { BROWSER_BACKENDS, InvalidOptionsError, ORT_RUNTIMES } from '../index.js';
import { resolveAndroidLatencyMeasurerOptions } from '../measure/android/options.js';
import { resolveBrowserLatencyMeasurerOptions } from '../measure/browser/options.js';
import { resolveOrtLatencyMeasurerOptions } from '../measure/ort/options.js';
import { resolveWasmLatencyMeasurerOptions } from '../measure/wasm/options.js';
import type {
  AndroidLatencyMeasurerOptions,
  Architecture,
  BrowserLatencyMeasurerOptions,
  DuetOptions,
  OrtLatencyMeasurerOptions,
  WasmLatencyMeasurerOptions,
} from '../index.js';

/** A copy of `o` without its undefined fields (zod's optional output vs exactOptionalPropertyTypes). */
function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * A zod check that runs the measurer's own option resolver, so patterns it
 * checks (device serial, device paths, hex CPU mask) are checked once, there,
 * and reported at the config field with what it expected (the error's
 * `expected` field; its message when it has none).
 */
function checkedBy(resolve: (options: never) => unknown) {
  return (value: object, ctx: z.RefinementCtx): void => {
    try {
      resolve(measurerFields(defined(value)) as never);
    } catch (error) {
      if (!(error instanceof InvalidOptionsError)) throw error;
      ctx.addIssue({
        code: 'custom',
        message: error.expected === undefined ? error.message : `expected ${error.expected}`,
        path: [...error.path],
      });
    }
  };
}

/** Most runs, warm-up runs, invocations and repeats of one measurement. */
export const MAX_RUNS = 100_000;
/** Longest timeout, ms (the largest delay a Node timer honours). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const count = (min: number, max = MAX_RUNS) => z.int().min(min).max(max).optional();

/** A section without `repeats`, which is the CLI's (`repeatedMeasurer`), not the measurer's. */
function measurerFields<T extends { repeats?: unknown }>(section: T): Omit<T, 'repeats'> {
  const { repeats: _repeats, ...rest } = section;
  return rest;
}
const text = z.string().min(1).optional();
/** `quietWaitMs` (`--quiet-wait`): the measurer's `load.maxWaitMs`. */
const quietWait = z.number().min(0).max(MAX_TIMEOUT_MS).optional();

/** A section's fields with `quietWaitMs` turned into the measurer's `load: { maxWaitMs }` (wait for a quiet machine). */
function quietWaitAsLoad<T extends { quietWaitMs?: number }>(fields: T): Omit<T, 'quietWaitMs'> & { load?: { maxWaitMs: number } } {
  const { quietWaitMs, ...rest } = fields;
  return quietWaitMs === undefined ? rest : { ...rest, load: { maxWaitMs: quietWaitMs } };
}

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
    timeoutMs: count(1, MAX_TIMEOUT_MS),
    quietWaitMs: quietWait,
  })
  .superRefine(checkedBy(resolveAndroidLatencyMeasurerOptions));

/** The timing-protocol fields of the `browser` and `ort` sections, `repeats` (the CLI's), the measurement timeout and the wait for quiet. */
const timedFields = {
  runs: count(1),
  minTimedMs: z.number().optional(),
  repeats: count(1),
  minWarmupRuns: count(0),
  maxWarmupRuns: count(0),
  timeoutMs: count(1, MAX_TIMEOUT_MS),
  quietWaitMs: quietWait,
};

/** Config section `browser`: options of `BrowserLatencyMeasurer` (Chromium over CDP). */
export const browserConfigSchema = z
  .strictObject({
    backend: z.enum(BROWSER_BACKENDS).optional(),
    executablePath: text,
    cdpEndpoint: z.url({ protocol: /^(https?|wss?)$/, error: 'expected an http(s):// or ws(s):// DevTools URL' }).optional(),
    args: z.array(z.string()).optional(),
    threads: z.int().min(1).max(64).optional(),
    crossOriginIsolated: z.boolean().optional(),
    host: text,
    port: z.int().min(0).max(65535).optional(),
    ...timedFields,
    startTimeoutMs: count(1, MAX_TIMEOUT_MS),
  })
  .superRefine(checkedBy(resolveBrowserLatencyMeasurerOptions));

/** Config section `ort`: options of `OrtLatencyMeasurer` (onnxruntime-node, or onnxruntime-web in Chromium). */
export const ortConfigSchema = z
  .strictObject({
    runtime: z.enum(ORT_RUNTIMES).optional(),
    threads: z.int().min(1).max(64).optional(),
    executablePath: text,
    args: z.array(z.string()).optional(),
    crossOriginIsolated: z.boolean().optional(),
    ...timedFields,
  })
  .superRefine(checkedBy(resolveOrtLatencyMeasurerOptions));

/**
 * Config section `wasm`: options of `WasmLatencyMeasurer` (tfjs WASM in a
 * child process). Its duet timing (the measurer's `duet` option) is set by
 * flat fields, those of the flags: `reference` (`--duet`) turns it on, `true`
 * to calibrate `referenceMs` once, a number for that `referenceMs` (the
 * measurer's resolver checks it is positive, and says so);
 * `referenceNetwork` is an Architecture (JSON) to use as its reference
 * network (the resolver validates it); `duetTolerance`, `duetMaxWaitMs` and
 * `duetCalibrationMs` tune its fast-state selection (`duet.tolerance`,
 * `duet.maxWaitMs`, `duet.calibrationMs`). See {@link wasmMeasurerOptions}.
 */
export const wasmConfigSchema = z
  .strictObject({
    clock: z.enum(['cpu', 'wall']).optional(),
    reference: z.union([z.boolean(), z.number()]).optional(),
    referenceNetwork: z
      .custom<Architecture>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
        error: 'expected an architecture object (the form of architecture.json)',
      })
      .optional(),
    duetTolerance: z.number().optional(),
    duetMaxWaitMs: z.number().optional(),
    duetCalibrationMs: z.number().optional(),
    priority: z.int().min(-20).max(19).optional(),
    runs: count(1),
    minTimedMs: z.number().optional(),
    repeats: count(1),
    quietWaitMs: quietWait,
  })
  .superRefine(checkWasmSection);

/** The config field of each field of the measurer's `duet` option. */
const DUET_CONFIG_FIELDS: Readonly<Record<string, string>> = {
  referenceMs: 'reference',
  network: 'referenceNetwork',
  tolerance: 'duetTolerance',
  maxWaitMs: 'duetMaxWaitMs',
  calibrationMs: 'duetCalibrationMs',
};

/**
 * The `wasm` section checked by the measurer's own resolver, on the options
 * {@link wasmMeasurerOptions} makes of it; the duet fields are checked even
 * when `reference` leaves duet timing off, and an error is reported at the
 * section's field (`duet.tolerance` at `duetTolerance`).
 */
function checkWasmSection(value: WasmConfig, ctx: z.RefinementCtx): void {
  const { reference } = value;
  if (typeof reference === 'number' && !(Number.isFinite(reference) && reference > 0)) {
    ctx.addIssue({ code: 'custom', message: 'expected true, false or a positive number of ms', path: ['reference'] });
    return;
  }
  try {
    resolveWasmLatencyMeasurerOptions(wasmMeasurerOptions({ ...value, reference: typeof reference === 'number' ? reference : true }, 0));
  } catch (error) {
    if (!(error instanceof InvalidOptionsError)) throw error;
    const [head, field, ...rest] = error.path;
    const path =
      head === 'duet' && typeof field === 'string'
        ? [DUET_CONFIG_FIELDS[field] ?? field, ...rest]
        : head === 'load' && field === 'maxWaitMs'
          ? ['quietWaitMs']
          : [...error.path];
    ctx.addIssue({ code: 'custom', message: error.expected === undefined ? error.message : `expected ${error.expected}`, path });
  }
}

/** The `android` section of a config. */
export type AndroidConfig = z.infer<typeof androidConfigSchema>;
/** The `browser` section of a config. */
export type BrowserConfig = z.infer<typeof browserConfigSchema>;
/** The `ort` section of a config. */
export type OrtConfig = z.infer<typeof ortConfigSchema>;
/** The `wasm` section of a config. */
export type WasmConfig = z.infer<typeof wasmConfigSchema>;
/** The measurer sections of a config. */
export interface MeasurerSections {
  readonly android?: AndroidConfig | undefined;
  readonly browser?: BrowserConfig | undefined;
  readonly ort?: OrtConfig | undefined;
  readonly wasm?: WasmConfig | undefined;
}

/** `AndroidLatencyMeasurer` options from the validated `android` section, with the run's seed (model weights). */
export function androidMeasurerOptions(section: AndroidConfig | undefined, seed: number): AndroidLatencyMeasurerOptions {
  return { seed, ...quietWaitAsLoad(defined(section ?? {})) };
}

/** `BrowserLatencyMeasurer` options from the validated `browser` section, with the run's seed (weights and input). */
export function browserMeasurerOptions(section: BrowserConfig | undefined, seed: number): BrowserLatencyMeasurerOptions {
  return { seed, ...quietWaitAsLoad(measurerFields(defined(section ?? {}))) };
}

/** `OrtLatencyMeasurer` options from the validated `ort` section, with the run's seed (weights and input). */
export function ortMeasurerOptions(section: OrtConfig | undefined, seed: number): OrtLatencyMeasurerOptions {
  return { seed, ...quietWaitAsLoad(measurerFields(defined(section ?? {}))) };
}

/**
 * `WasmLatencyMeasurer` options from the validated `wasm` section, with the
 * run's seed (weights and input): the section's duet fields become the
 * measurer's `duet` option (`reference` -> `referenceMs`, `true` being
 * `'calibrate'`; `referenceNetwork` -> `network`; `duetTolerance`,
 * `duetMaxWaitMs`, `duetCalibrationMs` -> `tolerance`, `maxWaitMs`,
 * `calibrationMs`); without `reference` (or with `false`) duet timing is off.
 * `quietWaitMs` becomes `load.maxWaitMs` (wait for a quiet machine).
 *
 * @example
 * wasmMeasurerOptions({ clock: 'wall', reference: 4.2 }, 3); // { seed: 3, clock: 'wall', duet: { referenceMs: 4.2 } }
 */
export function wasmMeasurerOptions(section: WasmConfig | undefined, seed: number): WasmLatencyMeasurerOptions {
  const { reference, referenceNetwork, duetTolerance, duetMaxWaitMs, duetCalibrationMs, ...rest } = quietWaitAsLoad(
    measurerFields(defined(section ?? {})),
  );
  if (reference === undefined || reference === false) return { seed, ...rest };
  const duet: DuetOptions = {
    referenceMs: reference === true ? 'calibrate' : reference,
    ...defined({ network: referenceNetwork, tolerance: duetTolerance, maxWaitMs: duetMaxWaitMs, calibrationMs: duetCalibrationMs }),
  };
  return { seed, ...rest, duet };
}
/** The measurers that have a config section (and flags), and the translation of the section into the measurer's options. */
const SECTIONS = {
  android: androidMeasurerOptions,
  browser: browserMeasurerOptions,
  ort: ortMeasurerOptions,
  wasm: wasmMeasurerOptions,
} as const;

/** The name of a measurer that has a config section. */
export type SectionName = keyof typeof SECTIONS;

/** The measurers that have a config section, in the order their sections are documented. */
export const SECTION_NAMES = Object.keys(SECTIONS) as readonly SectionName[];

/** The config fields of the measurer sections, for the config schema: each optional. */
export const measurerSectionFields = {
  android: androidConfigSchema.optional(),
  browser: browserConfigSchema.optional(),
  ort: ortConfigSchema.optional(),
  wasm: wasmConfigSchema.optional(),
} satisfies Record<SectionName, z.ZodType>;

/** Whether `name` is a measurer with a config section. */
export function hasSection(name: string): name is SectionName {
  return Object.hasOwn(SECTIONS, name);
}

/**
 * The options of measurer `name` from its validated config section (if it
 * has one) with the run's seed; `{}` for a measurer without a section.
 */
export function measurerOptions(name: string, sections: MeasurerSections, seed: number): object {
  if (!hasSection(name)) return {};
  const options = SECTIONS[name] as (section: unknown, seed: number) => object;
  return options(sections[name], seed);
}

/** The section's `repeats` (the CLI's `repeatedMeasurer`), when measurer `name` has one. */
export function sectionRepeats(name: string, sections: MeasurerSections): number | undefined {
  const section: object | undefined = hasSection(name) ? sections[name] : undefined;
  const repeats = section !== undefined && 'repeats' in section ? section.repeats : undefined;
  return typeof repeats === 'number' ? repeats : undefined;
}

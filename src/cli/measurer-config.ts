/**
 * Options of the `android`, `browser`, `ort` and `wasm` measurers in the CLI:
 * the config file sections of those names (their types, field names those of
 * `AndroidLatencyMeasurerOptions`, `BrowserLatencyMeasurerOptions`,
 * `OrtLatencyMeasurerOptions` and `WasmLatencyMeasurerOptions`) and
 * their translation into measurer options. Their checks are in
 * `measurer-sections.ts`, the flags that set them in `measurer-flags.ts`.
 *
 * @module
 */

import type {
  AndroidLatencyMeasurerOptions,
  Architecture,
  BrowserLatencyMeasurerOptions,
  DuetOptions,
  OrtLatencyMeasurerOptions,
  WasmLatencyMeasurerOptions,
} from '../index.js';

/** A copy of `o` without its undefined fields (the sections' optional fields vs exactOptionalPropertyTypes). */
function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The options `K` of a measurer's options `O`, as a section holds them (each optional). */
type OptionsOf<O, K extends keyof O> = { readonly [P in K]?: O[P] | undefined };

/** The CLI's own fields of a section: `quietWaitMs` (the measurer's `load.maxWaitMs`). */
interface QuietWait {
  /** `--quiet-wait`: before measuring, wait up to this long for a quiet machine (the measurer's `load.maxWaitMs`). */
  readonly quietWaitMs?: number | undefined;
}

/** The CLI's own fields of a timed section: `repeats` (`repeatedMeasurer`) and `quietWaitMs`. */
interface Repeats extends QuietWait {
  /** `--repeats`: each measurement made by this many fresh measurers (`repeatedMeasurer`), their medians' median reported. */
  readonly repeats?: number | undefined;
}

/** A section without `repeats`, which is the CLI's (`repeatedMeasurer`), not the measurer's. */
function measurerFields<T extends { repeats?: unknown }>(section: T): Omit<T, 'repeats'> {
  const { repeats: _repeats, ...rest } = section;
  return rest;
}

/** A section's fields with `quietWaitMs` turned into the measurer's `load: { maxWaitMs }` (wait for a quiet machine). */
function quietWaitAsLoad<T extends { quietWaitMs?: number }>(fields: T): Omit<T, 'quietWaitMs'> & { load?: { maxWaitMs: number } } {
  const { quietWaitMs, ...rest } = fields;
  return quietWaitMs === undefined ? rest : { ...rest, load: { maxWaitMs: quietWaitMs } };
}

/** The options of `AndroidLatencyMeasurer` that the `android` section sets. */
export const ANDROID_OPTIONS = [
  'adbPath',
  'serial',
  'benchmarkBinary',
  'benchmarkBinaryLocal',
  'remoteDir',
  'threads',
  'cpuMask',
  'runs',
  'warmupRuns',
  'invocations',
  'extraArgs',
  'timeoutMs',
] as const satisfies readonly (keyof AndroidLatencyMeasurerOptions)[];

/** The timing-protocol options and timeouts that the `browser` and `ort` sections set. */
const TIMED_OPTIONS = ['runs', 'minTimedMs', 'minWarmupRuns', 'maxWarmupRuns', 'timeoutMs'] as const;

/** The options of `BrowserLatencyMeasurer` that the `browser` section sets. */
export const BROWSER_OPTIONS = [
  'backend',
  'executablePath',
  'cdpEndpoint',
  'args',
  'threads',
  'crossOriginIsolated',
  'host',
  'port',
  ...TIMED_OPTIONS,
  'startTimeoutMs',
] as const satisfies readonly (keyof BrowserLatencyMeasurerOptions)[];

/** The options of `OrtLatencyMeasurer` that the `ort` section sets. */
export const ORT_OPTIONS = [
  'runtime',
  'threads',
  'executablePath',
  'args',
  'crossOriginIsolated',
  ...TIMED_OPTIONS,
] as const satisfies readonly (keyof OrtLatencyMeasurerOptions)[];

/** The options of `WasmLatencyMeasurer` that the `wasm` section sets as they are (its duet timing by flat fields). */
export const WASM_OPTIONS = ['clock', 'priority', 'runs', 'minTimedMs'] as const satisfies readonly (keyof WasmLatencyMeasurerOptions)[];

/** Config section `android`: options of `AndroidLatencyMeasurer` (adb and TFLite `benchmark_model`). */
export type AndroidConfig = OptionsOf<AndroidLatencyMeasurerOptions, (typeof ANDROID_OPTIONS)[number]> & QuietWait;
/** Config section `browser`: options of `BrowserLatencyMeasurer` (Chromium over CDP). */
export type BrowserConfig = OptionsOf<BrowserLatencyMeasurerOptions, (typeof BROWSER_OPTIONS)[number]> & Repeats;
/** Config section `ort`: options of `OrtLatencyMeasurer` (onnxruntime-node, or onnxruntime-web in Chromium). */
export type OrtConfig = OptionsOf<OrtLatencyMeasurerOptions, (typeof ORT_OPTIONS)[number]> & Repeats;

/**
 * Config section `wasm`: options of `WasmLatencyMeasurer` (tfjs WASM in a
 * child process). Its duet timing (the measurer's `duet` option) is set by
 * flat fields, those of the flags: `reference` (`--duet`) turns it on, `true`
 * to calibrate `referenceMs` once, a number for that `referenceMs`;
 * `referenceNetwork` is an Architecture (JSON) to use as its reference
 * network; `duetTolerance`, `duetMaxWaitMs` and `duetCalibrationMs` tune its
 * fast-state selection (`duet.tolerance`, `duet.maxWaitMs`,
 * `duet.calibrationMs`). See {@link wasmMeasurerOptions}.
 */
export type WasmConfig = OptionsOf<WasmLatencyMeasurerOptions, (typeof WASM_OPTIONS)[number]> &
  Repeats & {
    readonly reference?: boolean | number | undefined;
    readonly referenceNetwork?: Architecture | undefined;
    readonly duetTolerance?: number | undefined;
    readonly duetMaxWaitMs?: number | undefined;
    readonly duetCalibrationMs?: number | undefined;
  };

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

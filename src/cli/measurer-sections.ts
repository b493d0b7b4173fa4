/**
 * The checks of the `android`, `browser`, `ort` and `wasm` config sections:
 * the keys each may hold, the CLI's own fields (`repeats`, `quietWaitMs`,
 * the flat duet fields of `wasm`) and the CLI's own bounds (run counts,
 * timeouts). Every other check is the measurer's own, run through its
 * `latencyMeasurers` entry on the options the section makes, and reported
 * at the section's field (`duet.tolerance` at `wasm.duetTolerance`,
 * `load.maxWaitMs` at `quietWaitMs`).
 *
 * @module
 */

import { type ErrorPath, type LatencyMeasurer, latencyMeasurers, repeatedMeasurer } from '../index.js';
import { type Rule, isRecord } from '../validate.js';
import type { FieldTable, Shape } from '../validate-fields.js';
import { BY_ENTRY, atSectionField, entrySection } from './entry-section.js';
import {
  ANDROID_OPTIONS,
  type AndroidConfig,
  BROWSER_OPTIONS,
  type BrowserConfig,
  ORT_OPTIONS,
  type OrtConfig,
  type SectionName,
  WASM_OPTIONS,
  type WasmConfig,
  androidMeasurerOptions,
  browserMeasurerOptions,
  ortMeasurerOptions,
  wasmMeasurerOptions,
} from './measurer-config.js';

/** The entry's options `keys`, each checked by the entry, with the CLI's own bound where `bounds` gives one. */
function byEntry(keys: readonly string[], bounds: Readonly<Partial<Record<string, Rule<unknown>>>> = {}): FieldTable {
  return Object.fromEntries(keys.map((key) => [key, bounds[key] ?? BY_ENTRY]));
}

/** The section field of a measurer option's path: `load.maxWaitMs` is `quietWaitMs`. */
function sectionFieldOf(path: ErrorPath): ErrorPath {
  return path[0] === 'load' && path[1] === 'maxWaitMs' ? ['quietWaitMs', ...path.slice(2)] : path;
}

/** The factory handed to `repeatedMeasurer` to check `repeats`: it makes no measurer until it measures, and this one never does. */
const NO_MEASURER = (): LatencyMeasurer => {
  throw new Error('a factory that only lets repeatedMeasurer check its options');
};

/**
 * The check of a section of measurer `name`: the options `toOptions` makes
 * of it, by the measurer's `latencyMeasurers` entry, and its `repeats`, by
 * `repeatedMeasurer`; errors at the section's field (`fieldOf`).
 */
function checkedBy<S extends object>(
  name: SectionName,
  toOptions: (section: S) => object,
  fieldOf: (path: ErrorPath) => ErrorPath = sectionFieldOf,
  expectedAt: Readonly<Record<string, string>> = {},
): (section: Readonly<Record<string, unknown>>) => void {
  return (section) => {
    try {
      latencyMeasurers.get(name).resolveOptions(toOptions(section as S));
      const { repeats } = section;
      if (repeats !== undefined) repeatedMeasurer(NO_MEASURER, { repeats: repeats as number });
    } catch (error) {
      throw atSectionField(error, fieldOf, expectedAt);
    }
  };
}

/** The CLI's own fields of a timed section (`repeatedMeasurer`'s `repeats`, the wait for quiet as the measurer's `load.maxWaitMs`), checked by what they become. */
const TIMED_OWN = { repeats: BY_ENTRY, quietWaitMs: BY_ENTRY };

/** Config section `android`. */
const androidSection = entrySection<AndroidConfig>({
  fields: {
    ...byEntry(ANDROID_OPTIONS),
    quietWaitMs: BY_ENTRY,
  },
  check: checkedBy<AndroidConfig>('android', (s) => androidMeasurerOptions(s, 0)),
});

/** A DevTools endpoint: the CLI's own bound on `cdpEndpoint`, which the measurer takes as any non-empty string. */
const devToolsUrl: Rule<string> = {
  expected: 'an http(s):// or ws(s):// DevTools URL',
  test: (v): v is string => typeof v === 'string' && URL.canParse(v) && /^(https?|wss?):$/.test(new URL(v).protocol),
};

/** Config section `browser`. */
const browserSection = entrySection<BrowserConfig>({
  fields: {
    ...byEntry(BROWSER_OPTIONS, { cdpEndpoint: devToolsUrl }),
    ...TIMED_OWN,
  },
  check: checkedBy<BrowserConfig>('browser', (s) => browserMeasurerOptions(s, 0)),
});

/** Config section `ort`. */
const ortSection = entrySection<OrtConfig>({
  fields: { ...byEntry(ORT_OPTIONS), ...TIMED_OWN },
  check: checkedBy<OrtConfig>('ort', (s) => ortMeasurerOptions(s, 0)),
});

/** The `wasm` section's field of each field of the measurer's `duet` option. */
const DUET_FIELDS: Readonly<Record<string, string>> = {
  referenceMs: 'reference',
  network: 'referenceNetwork',
  tolerance: 'duetTolerance',
  maxWaitMs: 'duetMaxWaitMs',
  calibrationMs: 'duetCalibrationMs',
};

/** The `wasm` section's field of a WasmLatencyMeasurer option's path (`duet.tolerance` is `duetTolerance`). */
function wasmFieldOf(path: ErrorPath): ErrorPath {
  const [head, field, ...rest] = path;
  if (head === 'duet' && typeof field === 'string' && Object.hasOwn(DUET_FIELDS, field)) return [DUET_FIELDS[field] as string, ...rest];
  return sectionFieldOf(path);
}

/** The form of `wasm.reference` (`--duet [ms]`); the measurer checks the number, as its `duet.referenceMs`. */
const reference: Rule<boolean | number> = {
  expected: 'true, false or a positive number of ms',
  test: (v): v is boolean | number => typeof v === 'boolean' || typeof v === 'number',
};

/** The form of `wasm.referenceNetwork`; the measurer checks the architecture, as its `duet.network`. */
const referenceNetwork: Rule<object> = { expected: 'an architecture object (the form of architecture.json)', test: isRecord };

/**
 * Config section `wasm`. Its duet fields are checked even when `reference`
 * leaves duet timing off (as if it were `true`).
 */
const wasmSection = entrySection<WasmConfig>({
  fields: {
    ...byEntry(WASM_OPTIONS),
    reference,
    referenceNetwork,
    duetTolerance: BY_ENTRY,
    duetMaxWaitMs: BY_ENTRY,
    duetCalibrationMs: BY_ENTRY,
    ...TIMED_OWN,
  },
  check: checkedBy<WasmConfig>(
    'wasm',
    (s) => wasmMeasurerOptions({ ...s, reference: typeof s.reference === 'number' ? s.reference : true }, 0),
    wasmFieldOf,
    { reference: reference.expected },
  ),
});

/** The config fields of the measurer sections, for the config schema: each optional. */
export const measurerSectionFields = {
  android: androidSection,
  browser: browserSection,
  ort: ortSection,
  wasm: wasmSection,
} as const satisfies Record<SectionName, Shape<unknown>>;

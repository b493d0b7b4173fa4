/**
 * The measurer flags of the CLI (`--duet`, `--runs`, `--adb`, ...): which
 * config section and field each sets, commander's definitions, and the
 * sections they make.
 *
 * @module
 */

import { type Command, Option } from 'commander';
import { InvalidConfigError, describeValue } from '../index.js';

/** The config sections a measurer flag can set. */
type Section = 'android' | 'browser' | 'ort' | 'wasm';

/** One measurer flag: commander's key, its spelling, the sections and field it sets, and how to read it. */
interface MeasurerFlag {
  readonly key: string;
  readonly flag: string;
  readonly arg: string;
  readonly help: string;
  readonly sections: readonly Section[];
  readonly field: string;
  /** `optional-number`: a flag whose value may be left out (`--duet` is `true`, `--duet 4.2` is 4.2). */
  readonly kind: 'string' | 'number' | 'boolean' | 'optional-number';
}

const FLAGS: readonly MeasurerFlag[] = [
  {
    key: 'adb',
    flag: '--adb',
    arg: '<path>',
    help: 'android: the adb executable (default adb on the PATH)',
    sections: ['android'],
    field: 'adbPath',
    kind: 'string',
  },
  {
    key: 'serial',
    flag: '--serial',
    arg: '<serial>',
    help: 'android: device serial (needed when several are connected)',
    sections: ['android'],
    field: 'serial',
    kind: 'string',
  },
  {
    key: 'benchmarkBinary',
    flag: '--benchmark-binary',
    arg: '<path>',
    help: 'android: benchmark_model on the device (default /data/local/tmp/benchmark_model)',
    sections: ['android'],
    field: 'benchmarkBinary',
    kind: 'string',
  },
  {
    key: 'benchmarkBinaryLocal',
    flag: '--benchmark-binary-local',
    arg: '<file>',
    help: 'android: a local benchmark_model build to push to --benchmark-binary',
    sections: ['android'],
    field: 'benchmarkBinaryLocal',
    kind: 'string',
  },
  {
    key: 'cpuMask',
    flag: '--cpu-mask',
    arg: '<hex>',
    help: 'android: taskset CPU mask, e.g. 80 for CPU 7 (default: no taskset)',
    sections: ['android'],
    field: 'cpuMask',
    kind: 'string',
  },
  {
    key: 'warmupRuns',
    flag: '--warmup-runs',
    arg: '<n>',
    help: 'android: benchmark_model warm-up runs (default 10)',
    sections: ['android'],
    field: 'warmupRuns',
    kind: 'number',
  },
  {
    key: 'threads',
    flag: '--threads',
    arg: '<n>',
    help: 'android, browser, ort: inference threads (default 1)',
    sections: ['android', 'browser', 'ort'],
    field: 'threads',
    kind: 'number',
  },
  {
    key: 'runs',
    flag: '--runs',
    arg: '<n>',
    help: 'android, browser, ort, wasm: timed runs (default 50 on android, 30 elsewhere)',
    sections: ['android', 'browser', 'ort', 'wasm'],
    field: 'runs',
    kind: 'number',
  },
  {
    key: 'minTimedMs',
    flag: '--min-timed-ms',
    arg: '<ms>',
    help: 'browser, ort, wasm: timed runs go on past --runs until this long has passed, ms; 10000 makes duet timing repeatable on a shared VM (default 0)',
    sections: ['browser', 'ort', 'wasm'],
    field: 'minTimedMs',
    kind: 'number',
  },
  {
    key: 'repeats',
    flag: '--repeats',
    arg: '<k>',
    help: 'browser, ort, wasm: each measurement is the median of k fresh measurers, one after another, at k times the cost; 3 steadies duet timing on a shared VM (default 1)',
    sections: ['browser', 'ort', 'wasm'],
    field: 'repeats',
    kind: 'number',
  },
  {
    key: 'browserBackend',
    flag: '--browser-backend',
    arg: '<name>',
    help: 'browser: wasm (tfjs), webgl (tfjs on WebGL; SwiftShader in headless Chromium without a GPU), tflite (tfjs-tflite alpha), litert (LiteRT.js), ort-wasm or ort-webgpu (onnxruntime-web) (default wasm)',
    sections: ['browser'],
    field: 'backend',
    kind: 'string',
  },
  {
    key: 'chromium',
    flag: '--chromium',
    arg: '<path>',
    help: 'browser, ort: Chromium executable (default /usr/bin/chromium)',
    sections: ['browser', 'ort'],
    field: 'executablePath',
    kind: 'string',
  },
  {
    key: 'cdpEndpoint',
    flag: '--cdp-endpoint',
    arg: '<url>',
    help: 'browser: DevTools URL of a running Chrome to measure in instead of launching one',
    sections: ['browser'],
    field: 'cdpEndpoint',
    kind: 'string',
  },
  {
    key: 'crossOriginIsolated',
    flag: '--cross-origin-isolated',
    arg: '',
    help: 'browser, ort: serve the page cross-origin isolated (needed for --threads > 1)',
    sections: ['browser', 'ort'],
    field: 'crossOriginIsolated',
    kind: 'boolean',
  },
  {
    key: 'ortRuntime',
    flag: '--ort-runtime',
    arg: '<name>',
    help: 'ort: node (onnxruntime-node, CPU), wasm or webgpu (onnxruntime-web in Chromium) (default node)',
    sections: ['ort'],
    field: 'runtime',
    kind: 'string',
  },
  {
    key: 'clock',
    flag: '--clock',
    arg: '<cpu|wall>',
    help: 'wasm: what a timed run records: cpu (CPU time of the measuring process) or wall (elapsed time) (default cpu)',
    sections: ['wasm'],
    field: 'clock',
    kind: 'string',
  },
  {
    key: 'duet',
    flag: '--duet',
    arg: '[ms]',
    help: 'wasm: duet timing against a fixed reference network taken to run in ms (default: calibrated once, kept on --resume)',
    sections: ['wasm'],
    field: 'reference',
    kind: 'optional-number',
  },
  {
    key: 'duetTolerance',
    flag: '--duet-tolerance',
    arg: '<x>',
    help: "wasm: duet timing keeps only the runs in which the reference took at most referenceMs * (1 + x), the machine's fast state (default: off)",
    sections: ['wasm'],
    field: 'duetTolerance',
    kind: 'number',
  },
  {
    key: 'duetWait',
    flag: '--duet-wait',
    arg: '<ms>',
    help: "wasm: time a duet measurement may spend waiting for the machine's fast state; 0 keeps every run (default 20000)",
    sections: ['wasm'],
    field: 'duetMaxWaitMs',
    kind: 'number',
  },
  {
    key: 'quietWait',
    flag: '--quiet-wait',
    arg: '<ms>',
    help: "android, browser, ort, wasm: before each measurement, wait up to this long for other processes' CPU use to fall below half a core (android: the phone's); a busy machine marks the result noisy either way (default 0)",
    sections: ['android', 'browser', 'ort', 'wasm'],
    field: 'quietWaitMs',
    kind: 'number',
  },
  {
    key: 'priority',
    flag: '--priority',
    arg: '<n>',
    help: 'wasm: niceness of the measuring process, -20 (highest; needs root) to 19 (default: that of mnas-ts)',
    sections: ['wasm'],
    field: 'priority',
    kind: 'number',
  },
];

/** Flag of each measurer config field (`android.serial` -> `--serial`), for messages. */
export const MEASURER_FLAG_OF: Readonly<Record<string, string>> = Object.fromEntries(
  FLAGS.flatMap((f) => f.sections.map((s) => [`${s}.${f.field}`, f.flag])),
);

/** Adds the android, browser, ort and wasm measurer flags to a command (`search` and `measure`). */
export function addMeasurerFlags(command: Command): Command {
  for (const f of FLAGS) command.addOption(new Option(f.arg === '' ? f.flag : `${f.flag} ${f.arg}`, f.help).helpGroup(helpGroup(f)));
  return command;
}

/** A number as a flag writes it: decimal digits, an optional fraction and exponent (no hex, octal, binary or Infinity). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** An integer as a flag writes it: decimal digits only. */
const DECIMAL_INTEGER = /^[+-]?\d+$/;

/** The help heading of a measurer flag: its measurer's, or the one of flags that several measurers take. */
function helpGroup(f: MeasurerFlag): string {
  const only = f.sections.length === 1 ? f.sections[0] : undefined;
  return only === undefined ? 'Measurer flags (several measurers):' : `Measurer flags (--measurer ${only}):`;
}

/**
 * A flag's string turned into a number: decimal notation only (`0x10`,
 * `0b1`, `Infinity` and blanks are refused, though `Number()` takes them).
 * @throws InvalidConfigError naming the flag when it is not a decimal number.
 */
export function flagNumber(flag: string, path: readonly string[], value: unknown): number {
  if (typeof value !== 'string' || !DECIMAL.test(value))
    throw new InvalidConfigError(`Invalid ${flag}: expected a number, received ${describeValue(value)}`, { path: [...path] });
  return Number(value);
}

/**
 * A flag's string turned into an integer in `[min, max]`: decimal digits only
 * (`0x10`, `1e3` and `2.0` are refused).
 * @throws InvalidConfigError naming the flag and the bounds.
 */
export function flagInteger(flag: string, path: readonly string[], value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const expected = `a decimal integer in [${min}, ${max}]`;
    throw new InvalidConfigError(`Invalid ${flag}: expected ${expected}, received ${describeValue(value)}`, {
      path: [...path],
      expected,
      received: value,
    });
  }
  return n;
}

/** A flag's value as its section field: numbers converted, `--duet` alone is `true`. */
function flagValue(f: MeasurerFlag, section: Section, value: unknown): unknown {
  if (f.kind === 'number' || (f.kind === 'optional-number' && value !== true)) return flagNumber(f.flag, [section, f.field], value);
  return value;
}

/**
 * The config sections that the measurer flags among `flags` (commander's
 * output) set, not yet validated: each flag goes to the section of
 * `measurer` (`--threads` to android or browser, `--runs` to any of the three).
 *
 * @param measurer - the measurer that will run (from the flags or the config file).
 * @param fallback - the measurer that runs when `measurer` is not set (`wasm`
 *   for a network search), so that its flags need no `--measurer`.
 * @throws InvalidConfigError naming a flag that is not a number where one is
 *   expected, or that does not apply to `measurer`.
 */
export function measurerSectionsFromFlags(
  flags: Readonly<Record<string, unknown>>,
  measurer: string | undefined,
  fallback?: string,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const f of FLAGS) {
    const value = flags[f.key];
    if (value === undefined) continue;
    const section = f.sections.find((s) => s === (measurer ?? fallback));
    if (section === undefined) {
      const which = f.sections.map((s) => `--measurer ${s}`).join(' or ');
      throw new InvalidConfigError(
        `Invalid ${f.flag}: only applies to ${which}, ${measurer === undefined ? 'and --measurer is not set' : `the measurer is ${JSON.stringify(measurer)}`}`,
        { path: [f.key] },
      );
    }
    out[section] ??= {};
    (out[section] as Record<string, unknown>)[f.field] = flagValue(f, section, value);
  }
  return out;
}

/**
 * The latency measurers mnas-ts ships, by name (`latencyMeasurers`): what
 * the CLI's `--measurer` and `mnas-ts worker --measure` offer, and what the
 * measurer contract suite runs over. A new measurer is a folder beside
 * `wasm/` and one entry here.
 *
 * @module
 */

import { InvalidOptionsError } from '../errors.js';
import { type ReadonlyRegistry, type RegistryEntry, optionsObject, readonlyRegistry } from '../registry.js';
import { checkKnownKeys, failWith } from '../validate.js';
import { type AndroidLatencyMeasurerOptions, AndroidLatencyMeasurer, resolveAndroidLatencyMeasurerOptions } from './android/index.js';
import { type BrowserLatencyMeasurerOptions, BrowserLatencyMeasurer, resolveBrowserLatencyMeasurerOptions } from './browser/index.js';
import { type TableLatencyOptions, tableLatency } from './device-table.js';
import { type OrtLatencyMeasurerOptions, OrtLatencyMeasurer, resolveOrtLatencyMeasurerOptions } from './ort/index.js';
import { type CountLatencyOptions, macsLatency, resolveCountLatencyOptions } from './count-latency.js';
import type { LatencyMeasurer } from './types.js';
import { type WasmLatencyMeasurerOptions, WasmLatencyMeasurer, resolveWasmLatencyMeasurerOptions } from './wasm/index.js';

/** What a search gives a measurer beside its options. */
export interface LatencyMeasurerContext {
  /** Seed of the random weights and input of the measured model, unless the options give one. @defaultValue `0` */
  readonly seed?: number;
  /** The recorded latencies that `table` reads (a tabular benchmark's, for one device). */
  readonly recorded?: TableLatencyOptions<unknown>;
}

/**
 * A registered latency measurer: `resolveOptions` runs the measurer's own
 * options resolver and returns the options as given (its constructor
 * completes them); `create` builds it.
 */
export interface LatencyMeasurerEntry extends RegistryEntry<object, LatencyMeasurer, LatencyMeasurerContext> {
  /**
   * Where its latencies come from: `platform`, timed on this machine or a
   * device it drives (in a distributed search, the worker that owns the
   * platform measures); `analytic`, counted from the architecture;
   * `recorded`, read from a table (needs `recorded` in the context).
   */
  readonly source: 'platform' | 'analytic' | 'recorded';
}

/** An entry of a platform measurer of options `O`, checked by `resolve` and seeded by the context. */
function platform<O extends { readonly seed?: number }>(
  name: string,
  description: string,
  resolve: (options: O) => unknown,
  make: (options: O) => LatencyMeasurer,
): LatencyMeasurerEntry {
  return {
    name,
    description,
    source: 'platform',
    resolveOptions: (value) => {
      const options = optionsObject(value, `${name} measurer`) as O;
      resolve(options);
      return options;
    },
    create: (options, { seed }) => make({ ...(seed === undefined ? {} : { seed }), ...(options as O) }),
  };
}

/** The latency measurers mnas-ts ships, in the order the CLI lists them. Read-only. */
export const latencyMeasurers: ReadonlyRegistry<LatencyMeasurerEntry> = readonlyRegistry<LatencyMeasurerEntry>('latency measurer', [
  platform<WasmLatencyMeasurerOptions>(
    'wasm',
    'tfjs WASM inference in a child process of this machine',
    resolveWasmLatencyMeasurerOptions,
    (options) => new WasmLatencyMeasurer(options),
  ),
  platform<BrowserLatencyMeasurerOptions>(
    'browser',
    'tfjs, tfjs-tflite, LiteRT.js or onnxruntime-web in a page of headless Chromium',
    resolveBrowserLatencyMeasurerOptions,
    (options) => new BrowserLatencyMeasurer(options),
  ),
  platform<OrtLatencyMeasurerOptions>(
    'ort',
    'onnxruntime-node on the CPU, or onnxruntime-web in Chromium',
    resolveOrtLatencyMeasurerOptions,
    (options) => new OrtLatencyMeasurer(options),
  ),
  platform<AndroidLatencyMeasurerOptions>(
    'android',
    "TFLite's benchmark_model on a phone over adb",
    resolveAndroidLatencyMeasurerOptions,
    (options) => new AndroidLatencyMeasurer(options),
  ),
  {
    name: 'macs',
    description: 'multiply-accumulates counted from the architecture, in millions, not a latency',
    source: 'analytic',
    resolveOptions: (value) => {
      const options = optionsObject(value, 'macs measurer');
      resolveCountLatencyOptions(options as CountLatencyOptions, 'macsLatency');
      return options;
    },
    create: (options) => macsLatency(options as CountLatencyOptions),
  },
  {
    name: 'table',
    description: "latencies recorded on a device, read from a tabular benchmark's table",
    source: 'recorded',
    resolveOptions: (value) => {
      const options = optionsObject(value, 'table measurer');
      checkKnownKeys(options, [], [], failWith(InvalidOptionsError, 'table measurer option'));
      return options;
    },
    create: (_options, { recorded }) => {
      if (recorded === undefined)
        throw new InvalidOptionsError(
          'Invalid table measurer: it reads recorded latencies, and none were given (a tabular benchmark has them)',
          {
            path: ['recorded'],
            expected: 'recorded latencies { platform, latencyMs }',
            received: recorded,
          },
        );
      return tableLatency(recorded) as LatencyMeasurer;
    },
  },
]);

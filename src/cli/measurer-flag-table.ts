/**
 * The measurer flags of the CLI (`--duet`, `--runs`, `--adb`, ...): which
 * config section and field each sets, its spelling and its help. A measurer
 * with a config section adds its flags here.
 *
 * @module
 */

import type { SectionName } from './measurer-config.js';

/** One measurer flag: commander's key, its spelling, the sections and field it sets, and how to read it. */
export interface MeasurerFlag {
  readonly key: string;
  readonly flag: string;
  readonly arg: string;
  readonly help: string;
  readonly sections: readonly SectionName[];
  readonly field: string;
  /** `optional-number`: a flag whose value may be left out (`--duet` is `true`, `--duet 4.2` is 4.2). */
  readonly kind: 'string' | 'number' | 'boolean' | 'optional-number';
}

/** Every measurer flag, in the order help lists them. */
export const MEASURER_FLAGS: readonly MeasurerFlag[] = [
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

/**
 * The LatencyMeasurer contract over every entry of the `latencyMeasurers`
 * registry, built as the CLI builds them (options checked by
 * `resolveOptions`, then `create` with the context): a registered measurer
 * cannot skip the contract. A measurer whose runtime this machine lacks
 * (Chromium) is skipped by the suite's `describe.skipIf`, saying why; the
 * android measurer runs against a fake adb.
 */
import * as tf from '../../src/tfjs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError, latencyMeasurers, type Architecture, type LatencyMeasurerContext } from '../../src/index.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../export/browser.js';
import { fakeDeviceFactory } from '../fixtures/fake-device.js';
import { type MeasurerContractOptions, describeMeasurerContract } from './contract.js';
import { badKernelArch, instantContractOptions, tinyArch } from './fixtures.js';

// Models are built and exported in this process (android, ort, browser): every tensor must be freed.
const tensorsAtStart = tf.memory().numTensors;
afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

const work = mkdtempSync(join(tmpdir(), 'mnas-fake-adb-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fakeDevice = fakeDeviceFactory(work);

/** A short protocol: these runs check behaviour, not speed. */
const FAST = { runs: 5, window: 3, minWarmupRuns: 3, maxWarmupRuns: 9 } as const;
const kernelOf4 = [{ name: 'a kernel of 4', value: badKernelArch }];

/** How each measurer runs the contract: its options (made when the suite starts), context, contract settings, and why it is skipped here, if it is. */
interface Run {
  readonly options: () => object;
  readonly context?: LatencyMeasurerContext;
  readonly contract: MeasurerContractOptions<Architecture>;
  readonly skip?: string | undefined;
}

/** Recorded latencies keyed by the stem filters of the tiny architecture. */
const recorded = new Map<number, number>([
  [8, 1.25],
  [16, 2.5],
]);

const RUNS: Readonly<Record<string, Run>> = {
  wasm: {
    options: () => ({ ...FAST, maxWarmupRuns: 12 }),
    contract: {
      valid: () => tinyArch(),
      invalid: [
        ...kernelOf4,
        { name: 'an input shape the WASM backend cannot hold', value: () => tinyArch({ inputShape: [30000, 30000, 3] }) },
        { name: 'a non-object', value: () => 42 },
      ],
      platformName: 'node-wasm',
    },
  },
  browser: {
    options: () => ({ ...FAST, backend: 'wasm', executablePath: CHROMIUM_PATH }),
    contract: { valid: () => tinyArch(), invalid: kernelOf4, platformName: 'chromium-wasm', timeoutMs: 120_000 },
    skip: CHROMIUM_MISSING,
  },
  ort: {
    options: () => ({ ...FAST, runtime: 'node', threads: 1 }),
    contract: { valid: () => tinyArch(), invalid: kernelOf4, platformName: 'node-ort' },
  },
  android: {
    // Every adb command of the fake device starts a Node process: seconds each on a loaded 2-core machine.
    options: () => ({ runs: 5, warmupRuns: 2, invocations: 1, adbPath: fakeDevice().adbPath }),
    contract: { valid: () => tinyArch(), invalid: kernelOf4, platformName: 'android-tflite' },
  },
  macs: { options: () => ({}), contract: instantContractOptions('macs-proxy') },
  table: {
    options: () => ({}),
    context: { recorded: { platform: 'pixel3', latencyMs: (a) => recorded.get((a as Architecture).stem.filters) } },
    contract: {
      valid: () => tinyArch(),
      invalid: [
        { name: 'an architecture missing from the table', value: () => tinyArch({ stem: { filters: 24, kernel: 3, stride: 2 } }) },
        { name: 'a value the lookup throws on', value: () => null },
      ],
      abortsDuring: false,
      deterministic: true,
      platformName: 'pixel3',
    },
  },
};

const covered: string[] = [];
for (const entry of latencyMeasurers.entries()) {
  covered.push(entry.name);
  const run = RUNS[entry.name];
  describe.skipIf(run?.skip !== undefined)(
    `latencyMeasurers.get('${entry.name}')${run?.skip === undefined ? '' : ` (skipped: ${run.skip})`}`,
    () => {
      describeMeasurerContract(
        `latencyMeasurers.get('${entry.name}')`,
        () => entry.create(entry.resolveOptions(run?.options()), { seed: 0, ...run?.context }),
        run?.contract ?? { valid: () => tinyArch() },
      );
    },
  );
}

describe('the latency measurer registry', () => {
  it('ran the contract above for every entry', () => {
    expect(covered).toEqual(latencyMeasurers.names());
  });

  it('holds the measurers the CLI offers, in its order; every contract setting belongs to one (the others run with their defaults)', () => {
    expect(latencyMeasurers.names()).toEqual(['wasm', 'browser', 'ort', 'android', 'macs', 'table']);
    for (const name of Object.keys(RUNS)) expect(latencyMeasurers.has(name), name).toBe(true);
    expect(latencyMeasurers.entries().map((e) => e.source)).toEqual([
      'platform',
      'platform',
      'platform',
      'platform',
      'analytic',
      'recorded',
    ]);
  });

  it('is read-only', () => {
    expect('register' in latencyMeasurers).toBe(false);
  });

  it("checks options with the measurer's own resolver, before anything starts", () => {
    const cases: [string, unknown, RegExp][] = [
      ['wasm', { priority: 20 }, /priority/],
      ['browser', { backend: 'webgpu' }, /backend/],
      ['ort', { runtime: 'gpu' }, /runtime/],
      ['android', { cpuMask: 'zz' }, /cpuMask/],
      ['macs', { msPerUnit: -1 }, /msPerUnit/],
      ['table', 'pixel3', /expected an object/],
    ];
    for (const [name, options, message] of cases) {
      expect(() => latencyMeasurers.get(name).resolveOptions(options)).toThrow(InvalidOptionsError);
      expect(() => latencyMeasurers.get(name).resolveOptions(options)).toThrow(message);
    }
    expect(() => latencyMeasurers.get('table').create({}, {})).toThrow('it reads recorded latencies, and none were given');
    expect(() => latencyMeasurers.get('table').create({}, {})).toThrow(InvalidOptionsError);
  });
});

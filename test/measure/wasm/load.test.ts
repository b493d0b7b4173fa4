// The WASM measurer on a busy machine: the load signal is injected (a scripted probe, a fake child's
// CPU usage); nothing here loads the machine or compares timings.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../../src/errors.js';
import { WasmLatencyMeasurer } from '../../../src/measure/wasm/measurer.js';
import { expectValidReport } from '../contract.js';
import { scriptedProbe, tinyArch } from '../fixtures.js';

const FAST = { runs: 7, window: 3, minWarmupRuns: 3, maxWarmupRuns: 9 } as const;
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe('WasmLatencyMeasurer load watching', () => {
  const opened: WasmLatencyMeasurer[] = [];
  const measurer = (options: ConstructorParameters<typeof WasmLatencyMeasurer>[0]): WasmLatencyMeasurer => {
    const m = new WasmLatencyMeasurer(options);
    opened.push(m);
    return m;
  };
  afterAll(() => Promise.all(opened.map((m) => m.close())));

  it('marks a measurement noisy when the load signal shows other processes on both cores', async () => {
    // The machine ran 2 busy cores throughout; the child used at most about one of them itself.
    const probe = scriptedProbe([2]);
    const report = await measurer({ ...FAST, load: { probe, minCpuShare: 0 } }).measure(tinyArch());
    expectValidReport(report);
    expect(report.load?.noisy).toBe(true);
    expect(report.load?.otherCores).toBeGreaterThan(0.5);
    expect(report.load?.reasons[0]).toMatch(/^other processes used \d\.\d\d cores on average \(more than maxOtherCores 0\.5\)$/);
    // Read right before and right after the measurement.
    expect(probe.reads).toBe(2);
  });

  it('leaves a measurement on a quiet machine unflagged, with its median interval', async () => {
    const report = await measurer({ ...FAST, load: { probe: scriptedProbe([0]), minCpuShare: 0 } }).measure(tinyArch());
    expect(report.load).toMatchObject({ noisy: false, reasons: [], otherCores: 0, waitedMs: 0 });
    expect(report.load?.cpuShare).toBeGreaterThan(0);
    expect(report.medianCi?.lowMs).toBeLessThanOrEqual(report.medianMs);
    expect(report.medianCi?.highMs).toBeGreaterThanOrEqual(report.medianMs);
    expect(report.medianCi?.level).toBeGreaterThanOrEqual(0.95);
  });

  it('waits for quiet before measuring, up to maxWaitMs', async () => {
    // Two busy windows, then a quiet one: three polls, then the two readings around the measurement.
    const probe = scriptedProbe([2, 2, 0, 0]);
    const report = await measurer({ ...FAST, load: { probe, minCpuShare: 0, maxWaitMs: 60_000, pollMs: 5 } }).measure(tinyArch());
    expect(probe.reads).toBe(6);
    expect(report.load?.noisy).toBe(false);
  });

  it("marks a measurement noisy when the child's CPU share of its timed runs is low (no machine-wide signal)", async () => {
    const report = await measurer({ load: { probe: { read: () => undefined } }, workerScript: fixture('preempted-child.mjs') }).measure(
      tinyArch(),
    );
    expect(report.medianMs).toBe(5);
    expect(report.load).toEqual({
      noisy: true,
      reasons: ["the measuring process ran 40% of its timed runs' elapsed time (less than minCpuShare 0.8)"],
      cpuShare: 0.4,
      waitedMs: 0,
    });
  });

  it('does not watch with load: false (the report has no load)', async () => {
    const report = await measurer({ load: false, workerScript: fixture('preempted-child.mjs') }).measure(tinyArch());
    expect(report.load).toBeUndefined();
    expect(report.medianCi).toEqual({ lowMs: 4.9, highMs: 5.3, level: 1 - 2 / 128 });
  });

  it('rejects bad load options with InvalidOptionsError naming the field', () => {
    expect(() => new WasmLatencyMeasurer({ load: { maxWaitMs: -1 } })).toThrow(InvalidOptionsError);
    expect(() => new WasmLatencyMeasurer({ load: { maxWaitMs: -1 } })).toThrow(/load\.maxWaitMs: expected a number in \[0, 2147483647\]/);
  });
});

// The browser measurer on a busy machine: the machine-wide load signal is injected (a scripted probe); the
// launched Chromium's own CPU comes from /proc and must come off it. No assertion on any timing.
import * as tf from '../../../src/tfjs.js';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../../src/errors.js';
import { BrowserLatencyMeasurer } from '../../../src/measure/browser/measurer.js';
import { linuxProcReader } from '../../../src/measure/process-tree.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../../export/browser.js';
import { expectValidReport } from '../contract.js';
import { scriptedProbe, tinyArch } from '../fixtures.js';

const tensorsAtStart = tf.memory().numTensors;
afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

/** A short protocol whose timed runs last long enough (600 ms) for /proc's 10 ms ticks to give a CPU share. */
const SHORT = { runs: 5, window: 3, minWarmupRuns: 3, maxWarmupRuns: 9, minTimedMs: 600 } as const;
/** The launched browser's processes are read from /proc (Linux). */
const HAS_PROC = linuxProcReader().pids().length > 0;

describe.skipIf(CHROMIUM_MISSING !== undefined || !HAS_PROC)('BrowserLatencyMeasurer load watching (headless Chromium)', () => {
  it("takes the launched Chromium's processes off other processes' load", async () => {
    // The scripted machine ran both cores busy; without the exclusion other processes would have used 2 cores.
    const probe = scriptedProbe([2]);
    const m = new BrowserLatencyMeasurer({ ...SHORT, executablePath: CHROMIUM_PATH, load: { probe, minCpuShare: 0, maxOtherCores: 0 } });
    try {
      const report = await m.measure(tinyArch());
      expectValidReport(report);
      expect(probe.reads).toBe(2);
      expect(report.load?.otherCores).toBeLessThan(2);
      expect(report.load?.otherCores).toBeGreaterThan(0);
      expect(report.load?.cpuShare).toBeGreaterThan(0);
      expect(report.load?.noisy).toBe(true);
      expect(report.load?.reasons).toEqual([
        expect.stringMatching(/^other processes used \d\.\d\d cores on average \(more than maxOtherCores 0\)$/),
      ]);
    } finally {
      await m.close();
    }
  }, 120_000);

  it('waits for quiet before measuring, and does not watch with load: false', async () => {
    const probe = scriptedProbe([2, 0, 0]);
    const m = new BrowserLatencyMeasurer({
      ...SHORT,
      executablePath: CHROMIUM_PATH,
      load: { probe, minCpuShare: 0, maxWaitMs: 60_000, pollMs: 5 },
    });
    const off = new BrowserLatencyMeasurer({ ...SHORT, executablePath: CHROMIUM_PATH, load: false });
    try {
      const report = await m.measure(tinyArch());
      // One busy window, one quiet: two polls, then the readings around the measurement.
      expect(probe.reads).toBe(5);
      expect(report.load?.otherCores).toBe(0);
      expect(report.load?.waitedMs).toBeGreaterThan(0);
      expect((await off.measure(tinyArch())).load).toBeUndefined();
    } finally {
      await m.close();
      await off.close();
    }
  }, 240_000);
});

describe('BrowserLatencyMeasurer load options', () => {
  it('rejects a bad load option with InvalidOptionsError naming the field', () => {
    expect(() => new BrowserLatencyMeasurer({ load: { maxOtherCores: -1 } })).toThrow(InvalidOptionsError);
    expect(() => new BrowserLatencyMeasurer({ load: { pollMs: 0 } })).toThrow(/load\.pollMs: expected a finite number > 0/);
  });
});

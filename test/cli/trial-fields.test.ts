import { describe, expect, it } from 'vitest';
import { latencyInterval, latencyNoiseReasons, latencyNoisy, latencyNote } from '../../src/cli/trial-fields.js';
import type { LatencyReport } from '../../src/index.js';

const platform = { name: 'node-wasm', backend: 'wasm' };
const samplesMs = [4.8, 5, 5.1, 4.9, 5.3, 5, 5.2, 4.7, 5.4, 5];
const old = { medianMs: 5, samplesMs, p10Ms: 4.79, p90Ms: 5.31, madMs: 0.15, runs: 10, warmupRuns: 20, platform } as LatencyReport;

describe('latencyNote', () => {
  it("gives the median's interval, from the samples of an older report, and no flag when the load was not watched", () => {
    expect(latencyNote({ latency: old })).toBe(' (95% CI 4.800-5.300)');
    expect(latencyNoisy({ latency: old })).toBeUndefined();
  });

  it('uses the stored interval and flags a noisy measurement', () => {
    const busy = {
      ...old,
      medianCi: { lowMs: 4.5, highMs: 5.6, level: 0.98 },
      load: { noisy: true, reasons: ['busy'], waitedMs: 0 },
    };
    expect(latencyNote({ latency: busy }, 2)).toBe(' (95% CI 4.50-5.60, noisy)');
    expect(latencyNoiseReasons({ latency: busy })).toEqual(['busy']);
  });

  it('is empty without a latency report, or with one that has no samples', () => {
    expect(latencyNote({})).toBe('');
    expect(latencyInterval({ latency: { medianMs: 3 } as LatencyReport })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, MeasurementError } from '../../src/errors.js';
import { loadNasBench201, type Nb201Cell } from '../../src/evaluate/tabular/index.js';
import { benchmarkLatency, tableLatency } from '../../src/measure/device-table.js';
import type { Architecture } from '../../src/space/types.js';
import { describeMeasurerContract } from './contract.js';
import { tinyArch } from './fixtures.js';

/** Recorded latencies keyed by the stem filters of the tiny architecture. */
const recorded = new Map<number, number>([
  [8, 1.25],
  [16, 2.5],
]);
const byStem = (a: Architecture): number | undefined => recorded.get(a.stem.filters);

type Cell = readonly string[];
const cells = new Map<string, number>([['conv3x3|skip', 3.5]]);
describeMeasurerContract<Cell>(
  'tableLatency over benchmark keys',
  () =>
    tableLatency<Cell>({
      platform: { name: 'raspi4', backend: 'table', device: 'Raspberry Pi 4' },
      latencyMs: (c) => cells.get(c.join('|')),
    }),
  {
    valid: () => ['conv3x3', 'skip'],
    invalid: [{ name: 'an unknown cell', value: () => ['none', 'none'] }],
    abortsDuring: false,
    deterministic: true,
    platformName: 'raspi4',
  },
);

describe('tableLatency', () => {
  it('reports the recorded value as a single sample', async () => {
    const r = await tableLatency({ platform: 'pixel3', latencyMs: byStem }).measure(
      tinyArch({ stem: { filters: 16, kernel: 3, stride: 2 } }),
    );
    expect(r).toEqual({
      medianMs: 2.5,
      samplesMs: [2.5],
      p10Ms: 2.5,
      p90Ms: 2.5,
      madMs: 0,
      runs: 1,
      warmupRuns: 0,
      platform: { name: 'pixel3', backend: 'table', device: 'pixel3' },
      // One sample: the interval is the point, with no coverage.
      medianCi: { lowMs: 2.5, highMs: 2.5, level: 0 },
    });
  });

  it('rejects a recorded value that is not a latency with a MeasurementError', async () => {
    const m = tableLatency<number>({ platform: 'fpga', latencyMs: (i) => [Number.NaN, -1][i] });
    await expect(m.measure(0)).rejects.toBeInstanceOf(MeasurementError);
    await expect(m.measure(1)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[MeasurementError: The fpga latency table holds -1 for 1, not a latency in ms]`,
    );
  });

  it('adapts a benchmark object with latencyMs(value, device)', async () => {
    const bench = { latencyMs: (i: number, device: 'a' | 'b') => (device === 'a' ? i * 2 : undefined) };
    expect((await benchmarkLatency(bench, 'a').measure(3)).medianMs).toBe(6);
    await expect(benchmarkLatency(bench, 'b').measure(3)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[MeasurementError: The b latency table has no entry for 3]`,
    );
  });

  it('throws InvalidOptionsError without a lookup function or platform', () => {
    expect(() => tableLatency({ platform: 'x', latencyMs: 3 as never })).toThrow(InvalidOptionsError);
    expect(() => tableLatency({ platform: '', latencyMs: () => 1 })).toThrow(InvalidOptionsError);
  });
});

describe('benchmarkLatency over NAS-Bench-201 + HW-NAS-Bench', () => {
  const nb = loadNasBench201();
  const cell = nb.space.decode([3, 3, 1, 3, 1, 3]);

  describeMeasurerContract<Nb201Cell>('benchmarkLatency(NasBench201, pixel3)', () => benchmarkLatency(nb, 'pixel3'), {
    valid: () => cell,
    invalid: [{ name: 'a malformed cell', value: () => ({ ops: ['bogus'] }) }],
    abortsDuring: false,
    deterministic: true,
    platformName: 'pixel3',
  });

  it('reports the recorded HW-NAS-Bench latency of the cell', async () => {
    const ms = nb.latencyMs(cell, 'raspi4');
    expect(ms).toBeGreaterThan(0);
    expect((await benchmarkLatency(nb, 'raspi4').measure(cell)).medianMs).toBe(ms);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidArchitectureError, InvalidOptionsError, MeasurementError } from '../../src/errors.js';
import { macsLatency, paramsLatency } from '../../src/measure/count-latency.js';
import { countMacs, countParams, mobilenetV2 } from '../../src/space/index.js';
import { describeMeasurerContract } from './contract.js';
import { badKernelArch, instantContractOptions, tinyArch } from './fixtures.js';

// macsLatency runs the contract as latencyMeasurers' `macs` (test/measure/registry-contract.test.ts).
describeMeasurerContract('paramsLatency', () => paramsLatency(), instantContractOptions('params-proxy'));

describe('macsLatency and paramsLatency', () => {
  it('report the counts in millions by default (MobileNetV2: 300.774272M MACs, 3.504872M params)', async () => {
    expect((await macsLatency().measure(mobilenetV2())).medianMs).toBeCloseTo(300.774272, 9);
    expect((await paramsLatency().measure(mobilenetV2())).medianMs).toBeCloseTo(3.504872, 9);
  });

  it('scale by msPerUnit', async () => {
    const arch = tinyArch();
    const r = await macsLatency({ msPerUnit: 2e-7 }).measure(arch);
    expect(r.medianMs).toBeCloseTo(countMacs(arch) * 2e-7, 12);
    expect(r.samplesMs).toEqual([r.medianMs]);
    expect(r).toMatchObject({ runs: 1, warmupRuns: 0, madMs: 0, platform: { name: 'macs-proxy', backend: 'analytic' } });
    expect((await paramsLatency({ msPerUnit: 1 }).measure(arch)).medianMs).toBe(countParams(arch));
  });

  it('reject an invalid architecture with a MeasurementError caused by InvalidArchitectureError', async () => {
    const err = await macsLatency()
      .measure(badKernelArch() as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeasurementError);
    expect((err as MeasurementError).cause).toBeInstanceOf(InvalidArchitectureError);
    expect((err as MeasurementError).path).toEqual(['blocks', 0, 'kernel']);
  });

  it('throw InvalidOptionsError on a non-positive msPerUnit', () => {
    expect(() => macsLatency({ msPerUnit: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid macsLatency option at msPerUnit: expected a finite number > 0, received 0]`,
    );
    expect(() => paramsLatency({ msPerUnit: Number.NaN })).toThrow(InvalidOptionsError);
  });
});

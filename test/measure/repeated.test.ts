import { describe, expect, it } from 'vitest';
import { AbortError, InvalidOptionsError, MeasurementError } from '../../src/errors.js';
import { makeLatencyReport } from '../../src/measure/report.js';
import { macsLatency } from '../../src/measure/count-latency.js';
import { repeatedMeasurer } from '../../src/measure/repeated.js';
import type { LatencyMeasurer } from '../../src/measure/types.js';
import { describeMeasurerContract } from './contract.js';
import { instantContractOptions, tinyArch } from './fixtures.js';

describeMeasurerContract(
  'repeatedMeasurer(macsLatency)',
  () => repeatedMeasurer(() => macsLatency()),
  instantContractOptions('macs-proxy'),
);

/** A factory of fake measurers whose n-th measurer reports `medians[n]` (or throws `failAt`'s error), counting creations and closes. */
function scriptedFactory(medians: readonly number[], failAt?: number) {
  const log = { created: 0, closed: 0 };
  const create = (): LatencyMeasurer => {
    const n = log.created++;
    return {
      measure: async () => {
        if (n === failAt) throw new MeasurementError('the model did not build', { cause: new Error('boom') });
        return makeLatencyReport([medians[n] as number, medians[n] as number], 5 + n, { name: 'fake', backend: 'test' });
      },
      platform: () => ({ name: 'fake', backend: 'test' }),
      close: async () => {
        log.closed++;
      },
    };
  };
  return { create, log };
}

describe('repeatedMeasurer', () => {
  it('measures in `repeats` fresh measurers, closes each, and reports the median of their medians', async () => {
    const { create, log } = scriptedFactory([10, 30, 11]);
    const report = await repeatedMeasurer(create, { repeats: 3 }).measure(tinyArch());
    expect(report.medianMs).toBe(11);
    expect(report.samplesMs).toEqual([10, 30, 11]);
    expect(report.runs).toBe(3);
    expect(report.warmupRuns).toBe(5 + 6 + 7);
    expect(report.platform).toEqual({ name: 'fake', backend: 'test' });
    expect(log).toEqual({ created: 3, closed: 3 });
  });

  it('defaults to 3 repeats; 1 repeat is the plain measurement', async () => {
    const three = scriptedFactory([1, 2, 3]);
    await repeatedMeasurer(three.create).measure(tinyArch());
    expect(three.log.created).toBe(3);
    const one = scriptedFactory([7]);
    expect((await repeatedMeasurer(one.create, { repeats: 1 }).measure(tinyArch())).medianMs).toBe(7);
  });

  it('passes a failure through, closing the measurer that failed and creating no more', async () => {
    const { create, log } = scriptedFactory([10, 30, 11], 1);
    const p = repeatedMeasurer(create).measure(tinyArch());
    await expect(p).rejects.toThrow(MeasurementError);
    await expect(p).rejects.toMatchObject({ cause: expect.any(Error) });
    expect(log).toEqual({ created: 2, closed: 2 });
  });

  it('stops between repeats when the signal aborts', async () => {
    const controller = new AbortController();
    const log = { created: 0 };
    const create = (): LatencyMeasurer => {
      log.created++;
      return {
        measure: async () => {
          controller.abort();
          return makeLatencyReport([1], 0, { name: 'fake', backend: 'test' });
        },
      };
    };
    await expect(repeatedMeasurer(create).measure(tinyArch(), { signal: controller.signal })).rejects.toThrow(AbortError);
    expect(log.created).toBe(1);
  });

  it('asks a fresh measurer for the platform once, and closes it', async () => {
    const { create, log } = scriptedFactory([1]);
    const m = repeatedMeasurer(create);
    expect(await m.platform?.()).toEqual({ name: 'fake', backend: 'test' });
    expect(await m.platform?.()).toEqual({ name: 'fake', backend: 'test' });
    expect(log).toEqual({ created: 1, closed: 1 });
  });

  it('rejects bad arguments with InvalidOptionsError naming them', async () => {
    expect(() => repeatedMeasurer('wasm' as never)).toThrow(expect.objectContaining({ name: 'InvalidOptionsError', path: ['create'] }));
    for (const repeats of [0, 1.5, -2, Number.NaN, '3']) {
      expect(() => repeatedMeasurer(() => macsLatency(), { repeats: repeats as number })).toThrow(
        expect.objectContaining({
          name: 'InvalidOptionsError',
          path: ['repeats'],
          message: expect.stringContaining('repeats: expected an integer in [1, 100000]'),
        }),
      );
    }
    await expect(repeatedMeasurer(() => ({}) as never).measure(tinyArch())).rejects.toThrow(InvalidOptionsError);
  });
});

/**
 * The shared contract test suite every LatencyMeasurer passes.
 *
 * Usage, in a `*.test.ts` file:
 *
 * ```ts
 * import { describeMeasurerContract } from './contract.js';
 * describeMeasurerContract('MyMeasurer', () => new MyMeasurer(), {
 *   valid: () => tinyArchitecture(),
 *   invalid: [{ name: 'a kernel of 4', value: () => ({ ...tinyArchitecture(), ... }) }],
 * });
 * ```
 *
 * One measurer is made per suite (`makeMeasurer` is called once in
 * `beforeAll`) and closed in `afterAll`; tests run in order and share it, so
 * the suite also checks that a measurer survives aborts and failures.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, MeasurementError } from '../../src/errors.js';
import type { Architecture } from '../../src/space/types.js';
import type { LatencyMeasurer, LatencyReport, PlatformInfo } from '../../src/measure/types.js';

/** An input that must make `measure` reject with a MeasurementError. */
export interface InvalidCase {
  /** Test name suffix, e.g. `'a kernel of 4'`. */
  readonly name: string;
  /** The input (built fresh for each test). */
  readonly value: () => unknown;
}

/** Options of {@link describeMeasurerContract}. */
export interface MeasurerContractOptions<T> {
  /** A small input the measurer can measure quickly. */
  readonly valid: () => T;
  /** Inputs that must fail with a MeasurementError carrying a `cause`. @defaultValue `[]` */
  readonly invalid?: readonly InvalidCase[];
  /**
   * Whether aborting right after `measure()` is called must reject with
   * AbortError. False for measurers that finish synchronously (analytic
   * MACs counts, tables), which may resolve instead. @defaultValue true
   */
  readonly abortsDuring?: boolean;
  /** Whether measuring the same input twice gives the same median (analytic and tabular measurers). @defaultValue false */
  readonly deterministic?: boolean;
  /** Expected `platform.name`, when fixed. */
  readonly platformName?: string;
  /** Timeout of each test, ms. @defaultValue 60000 */
  readonly timeoutMs?: number;
}

/**
 * Checks the invariants of a {@link LatencyReport}: finite non-negative
 * numbers, `samplesMs.length === runs`, `p10 <= median <= p90`, every
 * percentile within the samples' range, a non-negative MAD, a non-negative
 * integer warm-up count, and a platform with a name and a backend.
 */
export function expectValidReport(report: LatencyReport): void {
  expect(typeof report).toBe('object');
  expect(Number.isInteger(report.runs) && report.runs >= 1).toBe(true);
  expect(report.samplesMs.length).toBe(report.runs);
  for (const s of report.samplesMs) expect(Number.isFinite(s) && s >= 0).toBe(true);
  for (const v of [report.medianMs, report.p10Ms, report.p90Ms, report.madMs]) expect(Number.isFinite(v) && v >= 0).toBe(true);
  const lo = Math.min(...report.samplesMs);
  const hi = Math.max(...report.samplesMs);
  const eps = 1e-9 * Math.max(1, hi);
  expect(report.p10Ms).toBeGreaterThanOrEqual(lo - eps);
  expect(report.p10Ms).toBeLessThanOrEqual(report.medianMs + eps);
  expect(report.medianMs).toBeLessThanOrEqual(report.p90Ms + eps);
  expect(report.p90Ms).toBeLessThanOrEqual(hi + eps);
  expect(Number.isInteger(report.warmupRuns) && report.warmupRuns >= 0).toBe(true);
  if (report.medianCi !== undefined) {
    // The order-statistic interval: two of the samples, around the median.
    expect(report.samplesMs).toContain(report.medianCi.lowMs);
    expect(report.samplesMs).toContain(report.medianCi.highMs);
    expect(report.medianCi.lowMs).toBeLessThanOrEqual(report.medianMs + eps);
    expect(report.medianCi.highMs).toBeGreaterThanOrEqual(report.medianMs - eps);
    expect(report.medianCi.level >= 0 && report.medianCi.level <= 1).toBe(true);
  }
  if (report.load !== undefined) {
    expect(typeof report.load.noisy).toBe('boolean');
    expect(report.load.noisy).toBe(report.load.reasons.length > 0);
    expect(Number.isFinite(report.load.waitedMs) && report.load.waitedMs >= 0).toBe(true);
  }
  expectValidPlatform(report.platform);
}

/** Checks that a {@link PlatformInfo} has a non-empty name and backend and well-typed optional fields. */
export function expectValidPlatform(platform: PlatformInfo): void {
  expect(typeof platform.name).toBe('string');
  expect(platform.name.length).toBeGreaterThan(0);
  expect(typeof platform.backend).toBe('string');
  expect(platform.backend.length).toBeGreaterThan(0);
  if (platform.simd !== undefined) expect(typeof platform.simd).toBe('boolean');
  if (platform.threads !== undefined) expect(Number.isInteger(platform.threads) && platform.threads >= 0).toBe(true);
  if (platform.device !== undefined) expect(typeof platform.device).toBe('string');
  expect(() => JSON.stringify(platform)).not.toThrow();
}

/** Awaits `p` and returns what it rejected with; fails when it resolves. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/**
 * Declares the shared LatencyMeasurer contract suite for one measurer.
 *
 * @param name - suite name, e.g. `'WasmLatencyMeasurer'`.
 * @param makeMeasurer - makes the measurer under test (called once per suite).
 * @param options - inputs and capabilities, see {@link MeasurerContractOptions}.
 */
export function describeMeasurerContract<T = Architecture>(
  name: string,
  makeMeasurer: () => LatencyMeasurer<T> | Promise<LatencyMeasurer<T>>,
  options: MeasurerContractOptions<T>,
): void {
  const timeout = options.timeoutMs ?? 60_000;
  describe(`${name} (LatencyMeasurer contract)`, () => {
    let measurer: LatencyMeasurer<T>;
    beforeAll(async () => {
      measurer = await makeMeasurer();
    }, timeout);
    afterAll(async () => {
      await measurer?.close?.();
    }, timeout);

    it(
      'resolves a well-formed LatencyReport',
      async () => {
        const report = await measurer.measure(options.valid());
        expectValidReport(report);
        if (options.platformName !== undefined) expect(report.platform.name).toBe(options.platformName);
        expect(JSON.parse(JSON.stringify(report))).toEqual(report);
      },
      timeout,
    );

    it(
      'describes through platform() the platform its reports name',
      async () => {
        if (measurer.platform === undefined) return;
        const platform = await measurer.platform();
        expectValidPlatform(platform);
        const report = await measurer.measure(options.valid());
        expect(report.platform.name).toBe(platform.name);
        expect(report.platform.backend).toBe(platform.backend);
      },
      timeout,
    );

    it(
      'rejects with AbortError when the signal is already aborted',
      async () => {
        const controller = new AbortController();
        controller.abort(new Error('stop'));
        const err = await rejection(measurer.measure(options.valid(), { signal: controller.signal }));
        expect(err).toBeInstanceOf(AbortError);
      },
      timeout,
    );

    it(
      'rejects with AbortError when the signal aborts during the measurement',
      async () => {
        const controller = new AbortController();
        const p = measurer.measure(options.valid(), { signal: controller.signal });
        controller.abort(new Error('stop'));
        if (options.abortsDuring === false) {
          // Synchronous measurers may finish first; then the result must still be valid.
          try {
            expectValidReport(await p);
          } catch (err) {
            expect(err).toBeInstanceOf(AbortError);
          }
          return;
        }
        const err = await rejection(p);
        expect(err).toBeInstanceOf(AbortError);
      },
      timeout,
    );

    it(
      'measures again after an abort',
      async () => {
        expectValidReport(await measurer.measure(options.valid()));
      },
      timeout,
    );

    for (const bad of options.invalid ?? []) {
      it(
        `rejects with a MeasurementError carrying the cause for ${bad.name}`,
        async () => {
          const err = await rejection(measurer.measure(bad.value() as T));
          expect(err).toBeInstanceOf(MeasurementError);
          expect((err as MeasurementError).code).toBe('measurement_failed');
          expect((err as MeasurementError).cause).toBeDefined();
        },
        timeout,
      );
    }

    it(
      'measures again after a failure',
      async () => {
        const first = options.invalid?.[0];
        if (first !== undefined) await rejection(measurer.measure(first.value() as T));
        expectValidReport(await measurer.measure(options.valid()));
      },
      timeout,
    );

    it(
      'serves concurrent calls',
      async () => {
        const [a, b] = await Promise.all([measurer.measure(options.valid()), measurer.measure(options.valid())]);
        expectValidReport(a);
        expectValidReport(b);
        if (options.deterministic === true) expect(b.medianMs).toBe(a.medianMs);
      },
      timeout,
    );

    it(
      'can be closed twice',
      async () => {
        if (measurer.close === undefined) return;
        await measurer.close();
        await measurer.close();
      },
      timeout,
    );
  });
}

/**
 * The `duet` option of {@link WasmLatencyMeasurer}: duet timing against a
 * reference network, resolved and validated in one place, and its pinned
 * (JSON) form.
 *
 * In the measurement code "reference" means one thing: the duet's reference
 * network (`duet.network`); `referenceMs` is the time that network is taken
 * to run, the scale of duet-timed latencies.
 *
 * @module
 */

import { InvalidArchitectureError, InvalidOptionsError } from '../../errors.js';
import { assertArchitecture } from '../../space/validate.js';
import type { Architecture } from '../../space/types.js';
import { referenceArchitecture } from './reference-network.js';
import { check, checkKnownKeys } from '../../validate.js';
import { WAIT_MS, measurerFail } from '../option-rules.js';

/**
 * Duet timing, for shared and virtual machines whose speed drifts (on the
 * 2-vCPU VM of docs/latency.md the same model ran at 10 ms and at 17 ms in
 * phases of a second or two). Each timed run of the model is followed by a
 * run of a fixed reference network (`network`), and a sample is the model's
 * time divided by the reference's, times `referenceMs`: the latency at the
 * machine speed where the reference takes `referenceMs`. Drift slows both
 * alike and cancels in the ratio. Costs one reference run per run (16 to 26
 * ms there with the default reference).
 *
 * On that VM the machine also switches between a fast and a slow state, for
 * seconds to minutes, that do not slow every network alike, so the ratio
 * holds only as far as the reference slows as the model does: with
 * MnasNet-small at 128 as the reference, the ratio of MobileNetV2 at 224
 * moved by 5-10% between the states; with MobileNetV2 at 128 (the default)
 * by about 1%. Pick the reference for the models' input size
 * (`network: referenceArchitecture(size)`). A longer timed span
 * (`minTimedMs`) samples more states; `tolerance` keeps only the fast
 * state's pairs.
 *
 * Every field is optional: `duet: {}` is duet timing with a calibrated
 * `referenceMs` against the default network.
 */
export interface DuetOptions {
  /**
   * The reference network. Choose one like the models measured (the same
   * kinds of layers, activations of similar size), small enough to cost
   * little per run: how well the ratio resists the machine's states depends
   * on it (docs/latency.md). The reported platform carries its hash
   * (`PlatformInfo.duet.networkHash`), so caches keep the scales of
   * different references apart.
   * @defaultValue {@link referenceArchitecture}() (MobileNetV2 at 128x128, 10 classes)
   */
  readonly network?: Architecture;
  /**
   * The time the reference network is taken to run, ms: the scale of the
   * samples. `'calibrate'`: measured on first use (the reference alone, with
   * the measurer's protocol) and kept for the measurer's life; {@link pinDuet}
   * returns it. A number: that scale. Give every measurer of a study (or a
   * resumed search) the same number and their latencies stay comparable
   * across processes.
   * @defaultValue `'calibrate'`
   */
  readonly referenceMs?: number | 'calibrate';
  /**
   * Fast-state selection, off by default (`Infinity`). With a finite value, a
   * timed pair (model run, reference run) counts only when the reference ran
   * within `referenceMs * (1 + tolerance)` both right before and right after
   * the model's run, that is, when the machine was in the state in which
   * `referenceMs` was calibrated for the whole of it; other pairs are
   * discarded and run again, until `maxWaitMs` has been spent on discarded
   * pairs in one measurement; after that every pair counts, and
   * `WasmMeasurementDetails.duet.waitedOut` says so. The calibration then
   * looks for the fast state (`calibrationMs`). A measurement can take
   * `maxWaitMs` longer; for repeatable numbers at a known cost, prefer a
   * longer timed span (`minTimedMs`). See docs/latency.md.
   * @defaultValue Infinity
   */
  readonly tolerance?: number;
  /** Time one measurement may spend on discarded pairs (see `tolerance`), ms; 0 keeps every pair. @defaultValue 20000 */
  readonly maxWaitMs?: number;
  /**
   * With `referenceMs: 'calibrate'` and fast-state selection on (`tolerance`
   * finite): the calibration runs the reference alone for at least this long,
   * ms, and takes the 10th percentile of the medians of `window` consecutive
   * runs, so that it finds the machine's fast state if the machine visits it
   * (on the VM of docs/latency.md, phases last up to about 10 s).
   * @defaultValue 15000
   */
  readonly calibrationMs?: number;
}

/** {@link DuetOptions} with defaults filled in. */
export interface ResolvedDuetOptions {
  readonly network: Architecture;
  readonly referenceMs: number | 'calibrate';
  readonly tolerance: number;
  readonly maxWaitMs: number;
  readonly calibrationMs: number;
}

/**
 * A duet option with `referenceMs` a number: what {@link pinDuet} returns.
 * Plain JSON (`tolerance` is left out when it is `Infinity`), so it can be
 * journaled and passed back as the `duet` option of a later measurer, in
 * this process or another, on the same scale.
 */
export interface PinnedDuetOptions {
  readonly network: Architecture;
  readonly referenceMs: number;
  readonly tolerance?: number;
  readonly maxWaitMs: number;
  readonly calibrationMs: number;
}

const fail = measurerFail('WasmLatencyMeasurer');

/**
 * Completes and validates the `duet` option of a WasmLatencyMeasurer.
 *
 * @returns the resolved option, or `undefined` when duet timing is off.
 * @throws InvalidOptionsError naming the bad field.
 */
export function resolveDuetOption(duet: unknown): ResolvedDuetOptions | undefined {
  if (duet === undefined || duet === false) return undefined;
  if (typeof duet !== 'object' || duet === null || Array.isArray(duet)) fail(['duet'], 'an object of duet options or false', duet);
  checkKnownKeys(duet as Record<string, unknown>, ['network', 'referenceMs', 'tolerance', 'maxWaitMs', 'calibrationMs'], ['duet'], fail);
  const { network, referenceMs, tolerance, maxWaitMs, calibrationMs } = duet as DuetOptions;
  if (referenceMs !== undefined && referenceMs !== 'calibrate' && !isPositive(referenceMs))
    fail(['duet', 'referenceMs'], 'a positive number of ms or "calibrate"', referenceMs);
  return resolveFields({ network, referenceMs, tolerance, maxWaitMs, calibrationMs });
}

/**
 * The pinned form of a resolved duet option whose `referenceMs` is known.
 * @example
 * pinnedDuetOptions(resolveDuetOption({})!, 21.4); // { network, referenceMs: 21.4, maxWaitMs: 20000, calibrationMs: 15000 }
 */
export function pinnedDuetOptions(duet: ResolvedDuetOptions, referenceMs: number): PinnedDuetOptions {
  const { network, tolerance, maxWaitMs, calibrationMs } = duet;
  return { network, referenceMs, ...(Number.isFinite(tolerance) ? { tolerance } : {}), maxWaitMs, calibrationMs };
}

function isPositive(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

/** Defaults and checks of every duet field but the form of `referenceMs`. @throws InvalidOptionsError at the bad field. */
function resolveFields(fields: { readonly [K in keyof DuetOptions]?: DuetOptions[K] | undefined }): ResolvedDuetOptions {
  const { network, referenceMs = 'calibrate', tolerance = Infinity, maxWaitMs = 20_000, calibrationMs = 15_000 } = fields;
  if (network !== undefined) {
    try {
      assertArchitecture(network);
    } catch (err) {
      if (!(err instanceof InvalidArchitectureError)) throw err;
      throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer option duet.network: ${err.message}`, {
        path: ['duet', 'network', ...err.path],
        cause: err,
        expected: err.expected,
        received: err.received,
      });
    }
  }
  if (typeof tolerance !== 'number' || !(tolerance >= 0))
    fail(['duet', 'tolerance'], 'a number >= 0 (Infinity keeps every pair)', tolerance);
  check(WAIT_MS, maxWaitMs, ['duet', 'maxWaitMs'], fail);
  check(WAIT_MS, calibrationMs, ['duet', 'calibrationMs'], fail);
  return { network: network ?? referenceArchitecture(), referenceMs, tolerance, maxWaitMs, calibrationMs };
}

/**
 * Options of {@link WasmLatencyMeasurer}, resolved and validated in one place.
 *
 * @module
 */

import { InvalidArchitectureError, InvalidOptionsError, describeValue } from '../errors.js';
import { assertArchitecture } from '../space/validate.js';
import type { Architecture } from '../space/types.js';
import { referenceArchitecture } from './reference.js';
import { resolveTimingProtocolOptions, type ResolvedTimingProtocolOptions, type TimingProtocolOptions } from './protocol.js';

/** Options of {@link WasmLatencyMeasurer}. Every field is optional. */
export interface WasmLatencyMeasurerOptions extends TimingProtocolOptions {
  /**
   * A measurement (build, warm-up and timed runs) taking longer than this
   * (plus `minTimedMs`, and `duetMaxWaitMs` with fast-state selection) fails
   * with a MeasurementError. @defaultValue 120000
   */
  readonly timeoutMs?: number;
  /** The child process must be ready (tfjs and the WASM backend loaded) within this time. @defaultValue 60000 */
  readonly startTimeoutMs?: number;
  /**
   * What each timed run records. `cpu`: the CPU time (user + system) the
   * measuring child process spent on the run, which leaves out the time the
   * operating system gave to other processes, so measurements on a busy
   * machine stay repeatable (on an idle machine it equals the elapsed time to
   * within a few percent, since the WASM backend runs on one thread in Node).
   * `wall`: elapsed time (`performance.now()`), the latency a user sees, and
   * the right choice on a dedicated machine.
   * @defaultValue `'cpu'`
   */
  readonly clock?: 'wall' | 'cpu';
  /**
   * Scheduling priority (niceness, -20 highest to 19 lowest) of the child
   * process, set with `os.setPriority`. A higher priority (negative values
   * need root or CAP_SYS_NICE) keeps other processes from preempting the timed
   * runs on a busy machine. When it cannot be set, measurements fail with a
   * MeasurementError.
   * @defaultValue undefined (the priority of the calling process)
   */
  readonly priority?: number;
  /**
   * Duet timing, for shared and virtual machines whose speed drifts (on the
   * 2-vCPU VM of docs/latency.md the same model ran at 10 ms and at 17 ms in
   * phases of a second or two). Each timed run of the model is followed by a
   * run of a fixed reference network ({@link referenceArchitecture}), and a
   * sample is the model's time divided by the reference's, times
   * `referenceMs`: the latency at the machine speed where the reference takes
   * `referenceMs`. Drift slows both alike and cancels in the ratio.
   *
   * - `false`: raw times.
   * - `true`: `referenceMs` is calibrated on first use (the reference
   *   measured alone with this protocol) and kept for the measurer's life;
   *   {@link WasmLatencyMeasurer.referenceMs} returns it.
   * - a number: that `referenceMs`. Give every measurer of a study (or a
   *   resumed search) the same value and their numbers stay comparable
   *   across processes.
   *
   * The reported platform carries `referenceMs` and the reference's hash
   * (`referenceNetwork`), so caches keep duet and raw measurements apart.
   * Costs one reference run per run (16 to 26 ms here with the default
   * reference).
   *
   * On that VM the machine also switches between a fast and a slow state,
   * for seconds to minutes, that do not slow every network alike, so the
   * ratio holds only as far as the reference slows as the model does: with
   * MnasNet-small at 128 as the reference, the ratio of MobileNetV2 at 224
   * moved by 5-10% between the states; with MobileNetV2 at 128 (the default
   * since) by about 1%. Pick the reference for the models' input size
   * (`referenceNetwork: referenceArchitecture(size)`). A
   * longer timed span (`minTimedMs`) samples more states; `duetTolerance`
   * keeps only the fast state's pairs.
   * @defaultValue false
   */
  readonly reference?: boolean | number;
  /**
   * The reference network of duet timing. Choose one like the models
   * measured (the same kinds of layers, activations of similar size), small
   * enough to cost little per run: how well the ratio resists the machine's
   * states depends on it (docs/latency.md). `referenceArchitecture(size)`
   * gives one for models of input size `size`. The platform carries its hash
   * (`referenceNetwork`), so caches keep the scales of different references
   * apart. @defaultValue {@link referenceArchitecture}() (MobileNetV2 at 128x128, 10 classes)
   */
  readonly referenceNetwork?: Architecture;
  /**
   * Duet timing's fast-state selection, off by default (`Infinity`). With a
   * finite value, a timed pair (model run, reference run) counts only when
   * the reference ran within `referenceMs * (1 + duetTolerance)` both right
   * before and right after the model's run, that is, when the machine was in
   * the state in which `referenceMs` was calibrated for the whole of it;
   * other pairs are discarded and run again, until `duetMaxWaitMs` has been
   * spent on discarded pairs in one measurement; after that every pair
   * counts, and {@link WasmMeasurementDetails.duet} says so (`waitedOut`),
   * and the calibration looks for the fast state (`duetCalibrationMs`).
   * It waits for a state the machine may rarely visit, so a measurement can
   * take `duetMaxWaitMs` longer; for repeatable numbers at a known cost,
   * prefer a longer timed span (`minTimedMs`). See docs/latency.md.
   * @defaultValue Infinity
   */
  readonly duetTolerance?: number;
  /** Time one measurement may spend on discarded pairs (see `duetTolerance`), ms; 0 keeps every pair. @defaultValue 20000 */
  readonly duetMaxWaitMs?: number;
  /**
   * With `reference: true` and fast-state selection on (`duetTolerance`
   * finite): the calibration runs the reference alone for at least this long, ms, and takes the 10th percentile of the medians of
   * `window` consecutive runs ({@link fastStateMedian}), so that it finds
   * the machine's fast state if the machine visits it (on the VM of
   * docs/latency.md, phases last up to about 10 s).
   * @defaultValue 15000
   */
  readonly duetCalibrationMs?: number;
  /** Seed of the model weights and of the input tensor. @defaultValue 0 */
  readonly seed?: number;
  /**
   * Script of the child process, for bundlers that move files; by default the
   * `wasm-worker.ts` source (run with `--import tsx`) or the built
   * `measure-worker.js` / `.cjs` beside the package's entry.
   */
  readonly workerScript?: string;
  /** Node flags for `workerScript`. @defaultValue `[]` */
  readonly workerExecArgv?: readonly string[];
}

/** The fast-state selection and calibration of duet timing, resolved. */
export interface ResolvedDuetOptions {
  readonly tolerance: number;
  readonly maxWaitMs: number;
  readonly calibrationMs: number;
}

/** {@link WasmLatencyMeasurerOptions} with defaults filled in. */
export interface ResolvedWasmLatencyMeasurerOptions {
  readonly protocol: ResolvedTimingProtocolOptions;
  readonly timeoutMs: number;
  readonly startTimeoutMs: number;
  readonly clock: 'wall' | 'cpu';
  readonly reference: boolean | number;
  readonly referenceNetwork: Architecture;
  readonly duet: ResolvedDuetOptions;
  readonly priority: number | undefined;
  readonly seed: number;
  readonly workerScript: string | undefined;
  readonly workerExecArgv: readonly string[];
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer option ${name}: expected a positive number of ms, received ${describeValue(value)}`, {
      path: [name],
      expected: 'a positive number of ms',
      received: value,
    });
  }
  return value;
}

/**
 * Completes and validates {@link WasmLatencyMeasurerOptions}.
 *
 * @throws InvalidOptionsError naming the bad field.
 */
export function resolveWasmLatencyMeasurerOptions(options: WasmLatencyMeasurerOptions = {}): ResolvedWasmLatencyMeasurerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer options: expected an object, received ${describeValue(options)}`);
  }
  const { timeoutMs, startTimeoutMs, clock, reference, referenceNetwork, duetTolerance, duetMaxWaitMs, duetCalibrationMs, priority, seed, workerScript, workerExecArgv, ...protocol } = options;
  if (reference !== undefined && typeof reference !== 'boolean' && !(typeof reference === 'number' && Number.isFinite(reference) && reference > 0)) {
    throw new InvalidOptionsError(
      `Invalid WasmLatencyMeasurer option reference: expected true, false or a positive number of ms, received ${describeValue(reference)}`,
      { expected: 'true, false or a positive number of ms', received: reference, path: ['reference'] },
    );
  }
  if (referenceNetwork !== undefined) {
    try {
      assertArchitecture(referenceNetwork);
    } catch (err) {
      if (!(err instanceof InvalidArchitectureError)) throw err;
      throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer option referenceNetwork: ${err.message}`, {
        path: ['referenceNetwork', ...err.path],
        cause: err,
        expected: err.expected,
        received: err.received,
      });
    }
  }
  if (priority !== undefined && (!Number.isInteger(priority) || priority < -20 || priority > 19)) {
    throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer option priority: expected an integer in [-20, 19], received ${describeValue(priority)}`, {
      path: ['priority'],
      expected: 'an integer in [-20, 19]',
      received: priority,
    });
  }
  if (clock !== undefined && clock !== 'wall' && clock !== 'cpu') {
    throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer option clock: expected "wall" or "cpu", received ${describeValue(clock)}`, {
      path: ['clock'],
      expected: '"wall" or "cpu"',
      received: clock,
    });
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer option seed: expected a safe integer, received ${describeValue(seed)}`, {
      path: ['seed'],
      expected: 'a safe integer',
      received: seed,
    });
  }
  if (workerScript !== undefined && (typeof workerScript !== 'string' || workerScript === '')) {
    throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer option workerScript: expected a file path, received ${describeValue(workerScript)}`, {
      path: ['workerScript'],
      expected: 'a file path',
      received: workerScript,
    });
  }
  if (workerExecArgv !== undefined && (!Array.isArray(workerExecArgv) || !workerExecArgv.every((a) => typeof a === 'string'))) {
    throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer option workerExecArgv: expected an array of strings, received ${describeValue(workerExecArgv)}`, {
      path: ['workerExecArgv'],
      expected: 'an array of strings',
      received: workerExecArgv,
    });
  }
  return {
    protocol: resolveTimingProtocolOptions(protocol),
    timeoutMs: positive('timeoutMs', timeoutMs, 120_000),
    startTimeoutMs: positive('startTimeoutMs', startTimeoutMs, 60_000),
    clock: clock ?? 'cpu',
    reference: reference ?? false,
    referenceNetwork: referenceNetwork ?? referenceArchitecture(),
    duet: resolveDuetOptions(duetTolerance, duetMaxWaitMs, duetCalibrationMs),
    priority,
    seed: seed ?? 0,
    workerScript,
    workerExecArgv: workerExecArgv ?? [],
  };
}

/** Defaults and checks of the duet options. @throws InvalidOptionsError naming the bad field. */
function resolveDuetOptions(tolerance = Infinity, maxWaitMs = 20_000, calibrationMs = 15_000): ResolvedDuetOptions {
  const check = (name: string, value: unknown, ok: boolean, expected: string): void => {
    if (!ok) {
      throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer option ${name}: expected ${expected}, received ${describeValue(value)}`, { path: [name], expected, received: value });
    }
  };
  check('duetTolerance', tolerance, typeof tolerance === 'number' && tolerance >= 0, 'a number >= 0 (Infinity keeps every pair)');
  check('duetMaxWaitMs', maxWaitMs, typeof maxWaitMs === 'number' && Number.isFinite(maxWaitMs) && maxWaitMs >= 0, 'a finite number of ms >= 0');
  check('duetCalibrationMs', calibrationMs, typeof calibrationMs === 'number' && Number.isFinite(calibrationMs) && calibrationMs >= 0, 'a finite number of ms >= 0');
  return { tolerance, maxWaitMs, calibrationMs };
}

/**
 * Options of {@link WasmLatencyMeasurer}, resolved and validated in one place.
 *
 * @module
 */

import { LIMITS, type Rule, checkKnownKeys, finiteNumber, integer, isRecord, oneOf } from '../../validate.js';
import { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from '../load.js';
import { NON_EMPTY, SEED, STRINGS, measurerFail, optional } from '../option-rules.js';
import { resolveDuetOption, type DuetOptions, type ResolvedDuetOptions } from './duet-options.js';
import {
  TIMING_PROTOCOL_KEYS,
  resolveTimingProtocolOptions,
  type ResolvedTimingProtocolOptions,
  type TimingProtocolOptions,
} from '../timing-protocol.js';

/** Options of {@link WasmLatencyMeasurer}. Every field is optional. */
export interface WasmLatencyMeasurerOptions extends TimingProtocolOptions {
  /**
   * A measurement (build, warm-up and timed runs) taking longer than this
   * (plus `minTimedMs`, and `duet.maxWaitMs` with fast-state selection) fails
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
   * Duet timing against a reference network ({@link DuetOptions}): `false`
   * (or absent) for raw times; an object (`{}` for the defaults) to divide
   * each run by a run of the reference network and scale by `referenceMs`.
   * {@link pinDuet} returns it with `referenceMs` calibrated, as JSON, for
   * other measurers and resumed searches.
   * @defaultValue false
   */
  readonly duet?: DuetOptions | false;
  /**
   * Watching the machine's load ({@link LoadOptions}): before measuring,
   * wait up to `load.maxWaitMs` for quiet; afterwards, mark the report's
   * `load.noisy` when other processes used more than `load.maxOtherCores`
   * cores or the child got less than `load.minCpuShare` of its timed runs'
   * elapsed time. `false` does not watch (reports then have no `load`).
   * @defaultValue `{}` (watched, no wait)
   */
  readonly load?: LoadOptions | false;
  /** Seed of the model weights and of the input tensor. @defaultValue 0 */
  readonly seed?: number;
  /**
   * Script of the child process, for bundlers that move files; by default the
   * `wasm/worker.ts` source (run with `--import tsx`) or the built
   * `measure-worker.js` / `.cjs` beside the package's entry.
   */
  readonly workerScript?: string;
  /** Node flags for `workerScript`. @defaultValue `[]` */
  readonly workerExecArgv?: readonly string[];
}

/** {@link WasmLatencyMeasurerOptions} with defaults filled in. */
export interface ResolvedWasmLatencyMeasurerOptions {
  readonly protocol: ResolvedTimingProtocolOptions;
  readonly timeoutMs: number;
  readonly startTimeoutMs: number;
  readonly clock: 'wall' | 'cpu';
  /** Duet timing; `undefined` when off. */
  readonly duet: ResolvedDuetOptions | undefined;
  readonly priority: number | undefined;
  /** Load watching; `undefined` when off. */
  readonly load: ResolvedLoadOptions | undefined;
  readonly seed: number;
  readonly workerScript: string | undefined;
  readonly workerExecArgv: readonly string[];
}

const fail = measurerFail('WasmLatencyMeasurer');

/** Scheduling priorities (niceness) of a process: -20 highest to 19 lowest. */
export const NICENESS: Rule<number> = integer(-20, 19);

/** A timeout of milliseconds, not necessarily whole. */
const MS: Rule<number> = finiteNumber({ min: 0, exclusiveMin: true, max: LIMITS.timeoutMs });

/** The options of {@link WasmLatencyMeasurerOptions} beside those of the timing protocol. */
const OWN_KEYS = ['timeoutMs', 'startTimeoutMs', 'clock', 'priority', 'duet', 'load', 'seed', 'workerScript', 'workerExecArgv'];

/** Removed options, with what to use instead. */
const REMOVED: Readonly<Record<string, string>> = {
  reference: 'use duet ({} to calibrate referenceMs, { referenceMs: n } for n ms)',
  referenceNetwork: 'use duet.network',
  duetTolerance: 'use duet.tolerance',
  duetMaxWaitMs: 'use duet.maxWaitMs',
  duetCalibrationMs: 'use duet.calibrationMs',
};

/**
 * Completes and validates {@link WasmLatencyMeasurerOptions}.
 *
 * @throws InvalidOptionsError naming the bad field (an unknown one included).
 */
export function resolveWasmLatencyMeasurerOptions(options: WasmLatencyMeasurerOptions = {}): ResolvedWasmLatencyMeasurerOptions {
  if (!isRecord(options)) fail([], 'an object', options);
  checkKnownKeys(options as Record<string, unknown>, [...OWN_KEYS, ...TIMING_PROTOCOL_KEYS], [], fail, REMOVED);
  const { timeoutMs, startTimeoutMs, clock, duet, priority, load, seed, workerScript, workerExecArgv, ...protocol } = options;
  return {
    protocol: resolveTimingProtocolOptions(protocol, [], fail),
    timeoutMs: optional(MS, timeoutMs, 120_000, 'timeoutMs', fail),
    startTimeoutMs: optional(MS, startTimeoutMs, 60_000, 'startTimeoutMs', fail),
    clock: optional(oneOf<'wall' | 'cpu'>(['wall', 'cpu']), clock, 'cpu', 'clock', fail),
    duet: resolveDuetOption(duet),
    priority: optional<number | undefined>(NICENESS, priority, undefined, 'priority', fail),
    load: resolveLoadOptions(load, ['load']),
    seed: optional(SEED, seed, 0, 'seed', fail),
    workerScript: optional<string | undefined>(NON_EMPTY, workerScript, undefined, 'workerScript', fail),
    workerExecArgv: optional(STRINGS, workerExecArgv, [], 'workerExecArgv', fail),
  };
}

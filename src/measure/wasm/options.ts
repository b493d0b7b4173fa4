/**
 * Options of {@link WasmLatencyMeasurer}, resolved and validated in one place.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../../errors.js';
import { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from '../load.js';
import { resolveDuetOption, type DuetOptions, type ResolvedDuetOptions } from './duet-options.js';
import {
  DEFAULT_TIMING_PROTOCOL,
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

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionsError(
      `Invalid WasmLatencyMeasurer option ${name}: expected a positive number of ms, received ${describeValue(value)}`,
      {
        path: [name],
        expected: 'a positive number of ms',
        received: value,
      },
    );
  }
  return value;
}

/** The options of {@link WasmLatencyMeasurerOptions} beside those of the timing protocol. */
const OWN_KEYS = ['timeoutMs', 'startTimeoutMs', 'clock', 'priority', 'duet', 'load', 'seed', 'workerScript', 'workerExecArgv'];

/**
 * Completes and validates {@link WasmLatencyMeasurerOptions}.
 *
 * @throws InvalidOptionsError naming the bad field (an unknown one included).
 */
export function resolveWasmLatencyMeasurerOptions(options: WasmLatencyMeasurerOptions = {}): ResolvedWasmLatencyMeasurerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError(`Invalid WasmLatencyMeasurer options: expected an object, received ${describeValue(options)}`);
  }
  const { timeoutMs, startTimeoutMs, clock, duet, priority, load, seed, workerScript, workerExecArgv, ...protocol } = options;
  const unknown = Object.keys(protocol).find((key) => !Object.hasOwn(DEFAULT_TIMING_PROTOCOL, key));
  if (unknown !== undefined) {
    const known = [...OWN_KEYS, ...Object.keys(DEFAULT_TIMING_PROTOCOL)].join(', ');
    throw new InvalidOptionsError(`Unknown WasmLatencyMeasurer option ${JSON.stringify(unknown)} (known: ${known})`, {
      path: [unknown],
      expected: 'a known option',
      received: (protocol as Record<string, unknown>)[unknown],
    });
  }
  const resolvedDuet = resolveDuetOption(duet);
  if (priority !== undefined && (!Number.isInteger(priority) || priority < -20 || priority > 19)) {
    throw new InvalidOptionsError(
      `Invalid WasmLatencyMeasurer option priority: expected an integer in [-20, 19], received ${describeValue(priority)}`,
      {
        path: ['priority'],
        expected: 'an integer in [-20, 19]',
        received: priority,
      },
    );
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
    throw new InvalidOptionsError(
      `Invalid WasmLatencyMeasurer option workerScript: expected a file path, received ${describeValue(workerScript)}`,
      {
        path: ['workerScript'],
        expected: 'a file path',
        received: workerScript,
      },
    );
  }
  if (workerExecArgv !== undefined && (!Array.isArray(workerExecArgv) || !workerExecArgv.every((a) => typeof a === 'string'))) {
    throw new InvalidOptionsError(
      `Invalid WasmLatencyMeasurer option workerExecArgv: expected an array of strings, received ${describeValue(workerExecArgv)}`,
      {
        path: ['workerExecArgv'],
        expected: 'an array of strings',
        received: workerExecArgv,
      },
    );
  }
  return {
    protocol: resolveTimingProtocolOptions(protocol),
    timeoutMs: positive('timeoutMs', timeoutMs, 120_000),
    startTimeoutMs: positive('startTimeoutMs', startTimeoutMs, 60_000),
    clock: clock ?? 'cpu',
    duet: resolvedDuet,
    priority,
    load: resolveLoadOptions(load, ['load']),
    seed: seed ?? 0,
    workerScript,
    workerExecArgv: workerExecArgv ?? [],
  };
}

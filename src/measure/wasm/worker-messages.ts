/**
 * Messages between {@link WasmLatencyMeasurer} and its child process
 * (`worker.ts`). Plain JSON over the Node IPC channel.
 *
 * @internal
 * @module
 */

import type { Architecture } from '../../space/types.js';
import type { ProcessUsage } from '../load.js';
import type { PlatformInfo } from '../types.js';
import type { ResolvedTimingProtocolOptions } from '../timing-protocol.js';

/** Parent to child: measure one architecture. */
export interface MeasureRequest {
  readonly type: 'measure';
  readonly id: number;
  readonly arch: Architecture;
  readonly protocol: ResolvedTimingProtocolOptions;
  readonly seed: number;
  /** `wall`: elapsed time; `cpu`: CPU time (user + system) of the child process. */
  readonly clock: 'wall' | 'cpu';
  /**
   * Duet timing: pair each run with a run of this reference network and
   * return ratios (see `WasmLatencyMeasurerOptions.duet`). Absent: raw times.
   */
  readonly reference?: Architecture;
  /**
   * With `reference`: a timed pair counts only when the reference ran within
   * `thresholdMs` right before and right after the model's run (the machine
   * was in its fast state; see `duet-pairer.ts`); rejected pairs are run
   * again until `maxWaitMs` of them have been spent, after which every pair
   * counts. Absent: every pair counts.
   */
  readonly fastState?: { readonly thresholdMs: number; readonly maxWaitMs: number };
}

/** Child to parent: the child is ready (backend set). */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly platform: PlatformInfo;
}

/** Child to parent: a measurement finished. */
export interface ResultMessage {
  readonly type: 'result';
  readonly id: number;
  readonly samplesMs: number[];
  readonly warmupRuns: number;
  readonly warmupWindowMediansMs: number[];
  readonly warmupStop: string;
  /** With `duet`: the model's own times and the reference's, ms, of the timed runs (`samplesMs` holds their ratios). */
  readonly duet?: {
    readonly modelMs: number[];
    readonly referenceMs: number[];
    /** Timed pairs discarded because the reference ran slower than `fastState.thresholdMs` before or after the model. */
    readonly rejected: number;
    /** True when `fastState.maxWaitMs` ran out and later pairs were taken whatever their speed. */
    readonly waitedOut: boolean;
    /** `hashArchitecture` of the reference network the child ran beside the model. */
    readonly referenceHash: string;
  };
  /** Time to build the model, ms. */
  readonly buildMs: number;
  /** The child's CPU and elapsed time over the request and over its timed runs (the load signal's own part). */
  readonly usage?: ProcessUsage;
  /** Tensors alive in the child after disposing the model (should equal the count before). */
  readonly leakedTensors: number;
}

/** A serialized error. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly path?: readonly (string | number)[];
}

/** Child to parent: a measurement or the start-up failed. */
export interface ErrorMessage {
  readonly type: 'error';
  /** `undefined` when the start-up failed. */
  readonly id?: number;
  readonly stage: 'startup' | 'build' | 'run';
  readonly error: SerializedError;
}

/** Anything the child sends. */
export type ChildMessage = ReadyMessage | ResultMessage | ErrorMessage;

/** Turns any thrown value into a {@link SerializedError}. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; path?: unknown };
    return {
      name: e.name,
      message: e.message,
      ...(e.stack === undefined ? {} : { stack: e.stack }),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(Array.isArray(e.path) ? { path: e.path as (string | number)[] } : {}),
    };
  }
  return { name: 'Error', message: String(err) };
}

/** Rebuilds an `Error` (with name, stack, code, path) from a {@link SerializedError}. */
export function deserializeError(s: SerializedError): Error {
  const e = new Error(s.message) as Error & { code?: string; path?: readonly (string | number)[] };
  e.name = s.name;
  if (s.stack !== undefined) e.stack = s.stack;
  if (s.code !== undefined) e.code = s.code;
  if (s.path !== undefined) e.path = s.path;
  return e;
}

/**
 * onnxruntime-node, loaded lazily (it is an optional peer dependency): the
 * few parts of its API the measurer uses, and a session for one model.
 *
 * @module
 */

import { RuntimeUnavailableError } from '../../errors.js';

/** The parts of an onnxruntime `InferenceSession` used here. */
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, unknown>>;
  release(): Promise<void>;
}

/** The parts of the `onnxruntime-node` module used here. */
export interface OrtNodeModule {
  readonly InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> };
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
  readonly env: { readonly versions?: Readonly<Record<string, string>> };
}

/**
 * Imports `onnxruntime-node` (or the package `name`, for tests).
 *
 * @throws RuntimeUnavailableError (`missing` the package) naming the install command when it is not installed.
 */
export async function loadOrtNode(name = 'onnxruntime-node'): Promise<OrtNodeModule> {
  try {
    const loaded = (await import(name)) as OrtNodeModule & { default?: OrtNodeModule };
    return loaded.InferenceSession === undefined && loaded.default !== undefined ? loaded.default : loaded;
  } catch (error) {
    throw new RuntimeUnavailableError(`The ort measurer's node runtime needs the npm package ${name} (npm install ${name})`, {
      missing: name,
      cause: error,
    });
  }
}

/**
 * A CPU session for `model` (the bytes of an `.onnx` file): `threads` intra-op
 * threads, one inter-op thread, sequential execution, every graph optimization.
 */
export function createCpuSession(ort: OrtNodeModule, model: Uint8Array, threads: number): Promise<OrtSession> {
  return ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

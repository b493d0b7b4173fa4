/**
 * The checks measurers run before measuring: a valid architecture, and
 * tensors that fit the WASM backend's memory.
 *
 * @internal
 * @module
 */

import { MeasurementError } from '../errors.js';
import { resolveNetwork } from '../space/index.js';
import type { Architecture } from '../space/types.js';

/** Throws InvalidArchitectureError when `arch` is not a valid {@link Architecture}. */
export function checkArchitectureForMeasure(arch: unknown): asserts arch is Architecture {
  resolveNetwork(arch as Architecture);
}

/** The WASM backend is 32-bit WebAssembly: at most 4 GiB of linear memory. */
export const WASM_MEMORY_BYTES = 4 * 1024 ** 3;

/**
 * Rough peak memory of one inference at batch 1, in bytes (float32): the
 * largest sum, over stem, layers and head, of the tensors alive at once
 * (input, expanded activations, output).
 */
export function estimatePeakBytes(arch: Architecture): number {
  const plan = resolveNetwork(arch);
  const area = (s: readonly [number, number]): number => s[0] * s[1];
  const [h, w, c] = arch.inputShape;
  let peak = h * w * c + area(plan.stem.outputSize) * plan.stem.filters;
  for (const l of plan.layers) {
    const inArea = area(l.inputSize);
    const outArea = area(l.outputSize);
    const live = inArea * l.inputFilters + inArea * l.expandedFilters + outArea * l.expandedFilters + outArea * l.outputFilters;
    peak = Math.max(peak, live);
  }
  const head = area(plan.head.inputSize) * (plan.head.inputFilters + plan.head.convFilters);
  return 4 * Math.max(peak, head);
}

/**
 * Throws MeasurementError when one inference of `arch` cannot fit the WASM
 * backend's memory (checked before starting, so an impossible input shape
 * fails at once instead of after minutes of allocation).
 */
export function checkFitsWasmMemory(arch: Architecture): void {
  const bytes = estimatePeakBytes(arch);
  // Leave room for weights, the allocator and the runtime.
  if (bytes > WASM_MEMORY_BYTES * 0.75) {
    const gib = (bytes / 1024 ** 3).toFixed(1);
    throw new MeasurementError(
      `Cannot run input shape [${arch.inputShape.join(', ')}] on the WASM backend: one inference needs about ${gib} GiB of activations, ` +
        'beyond what its 4 GiB of 32-bit WebAssembly memory can hold',
      { path: ['inputShape'], cause: new RangeError(`estimated peak activations ${bytes} bytes > ${WASM_MEMORY_BYTES * 0.75}`) },
    );
  }
}

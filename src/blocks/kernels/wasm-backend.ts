/**
 * The small part of the tfjs WASM backend that the training kernels use:
 * tensor memory on the WASM heap, output allocation, and the backend's own
 * registered kernels (XNNPACK convolutions, matrix products), called
 * directly as tfjs' own composite kernels do.
 *
 * @module
 */

import * as tf from '../../tfjs.js';

/** A tensor as a kernel sees it: a data id, a shape and a dtype. */
export type TensorInfo = tf.TensorInfo;

/** What the training kernels need from `@tensorflow/tfjs-backend-wasm`'s `BackendWasm`. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
  /** Byte offset of a tensor's data in the backend's WebAssembly memory. */
  getMemoryOffset(dataId: object): number;
}

/** Name of the backend the kernels are registered for. */
export const WASM_BACKEND = 'wasm';

/** Casts the `backend` a kernel receives, checking that it is the WASM backend. */
export function asWasmBackend(backend: unknown): WasmBackendLike {
  const b = backend as Partial<WasmBackendLike> | null;
  if (b === null || typeof b !== 'object' || typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') {
    throw new Error('mnas-ts training kernels run on the tfjs "wasm" backend only');
  }
  return b as WasmBackendLike;
}

/** A Float32Array view of a float32 tensor on the WASM heap. Take views after the last allocation: heap growth detaches them. */
export function heapF32(backend: WasmBackendLike, info: TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) throw new Error(`expected a float32 tensor, received ${info.dtype}`);
  return view;
}

/** Runs another kernel registered for the WASM backend, as composite kernels do. */
export function callKernel(
  backend: WasmBackendLike,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown> = {},
): TensorInfo {
  const config = tf.getKernel(kernelName, WASM_BACKEND);
  if (config === undefined) throw new Error(`kernel ${kernelName} is not registered for the wasm backend`);
  const out = config.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap });
  if (Array.isArray(out)) throw new Error(`kernel ${kernelName} returned several outputs`);
  return out as TensorInfo;
}

/** Same data, another shape (no copy); dispose the result like any kernel output. */
export function reshapeInfo(backend: WasmBackendLike, x: TensorInfo, shape: number[]): TensorInfo {
  return callKernel(backend, 'Reshape', { x }, { shape });
}

/** Frees the intermediate outputs of a kernel. */
export function disposeAll(backend: WasmBackendLike, infos: readonly TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** Product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

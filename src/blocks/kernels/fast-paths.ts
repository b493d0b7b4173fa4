/**
 * Faster WASM kernels for the shapes training produces, each falling back
 * to the backend's own kernel elsewhere:
 *
 * - `Tile`: block copies (`copyWithin` doubling) instead of the backend's
 *   per-element index arithmetic; batch-norm gradients tile per-channel
 *   vectors to whole activations.
 * - `Sum`, `Mean` over a run of consecutive axes that does not include the
 *   last one (per-channel reductions over `[0, 1, 2]`, global pooling over
 *   `[1, 2]`): XNNPACK average pooling over the reduced axes instead of a
 *   full transpose plus reduction (a JavaScript loop was 20x slower, a
 *   product with a row of ones 30x slower).
 * - `Identity`, and `Cast` to the same dtype: no copy.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { WASM_BACKEND, asWasmBackend, callKernel, disposeAll, reshapeInfo, sizeOf, type TensorInfo } from './wasm-backend.js';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
type Fallback = (args: KernelArgs) => TensorInfo | TensorInfo[];

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  return strides;
}

/** Writes `tile(src, reps)` into `out` (both row-major, same element type). */
export function tileInto<T extends Float32Array | Int32Array | Uint8Array>(
  src: T,
  shape: readonly number[],
  reps: readonly number[],
  out: T,
): void {
  const r = shape.length;
  const outShape = shape.map((s, i) => s * (reps[i] as number));
  const inStrides = stridesOf(shape);
  const outStrides = stridesOf(outShape);
  const fill = (d: number, srcOff: number, outOff: number): void => {
    const n = shape[d] as number;
    const stride = outStrides[d] as number;
    if (d === r - 1) out.set(src.subarray(srcOff, srcOff + n), outOff);
    else for (let i = 0; i < n; i++) fill(d + 1, srcOff + i * (inStrides[d] as number), outOff + i * stride);
    const block = n * stride;
    const total = block * (reps[d] as number);
    for (let filled = block; filled < total; filled *= 2) {
      out.copyWithin(outOff + filled, outOff, outOff + Math.min(filled, total - filled));
    }
  };
  if (r === 0) out.set(src);
  else if (sizeOf(outShape) > 0) fill(0, 0, 0);
}

function makeTile(fallback: Fallback): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return fallback(args);
    const backend = asWasmBackend(args.backend);
    const reps = (args.attrs as unknown as tf.TileAttrs).reps;
    const out = backend.makeOutput(
      x.shape.map((s, i) => s * (reps[i] as number)),
      x.dtype,
    );
    tileInto(backend.typedArrayFromHeap(x), x.shape, reps, backend.typedArrayFromHeap(out));
    return out;
  }) as unknown as tf.KernelFunc;
}

/** The reduced axes as `[first, end)` when they are consecutive and exclude the last axis; else null. */
function middleRun(axes: readonly number[], rank: number): [number, number] | null {
  const sorted = [...axes].sort((a, b) => a - b);
  const first = sorted[0];
  if (first === undefined) return null;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== first + i) return null;
  const end = first + sorted.length;
  return end < rank ? [first, end] : null;
}

function makeReduce(fallback: Fallback, mean: boolean): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const run = middleRun(axes, x.shape.length);
    if (x.dtype !== 'float32' || run === null) return fallback(args);
    const backend = asWasmBackend(args.backend);
    const [a, b] = run;
    const outer = sizeOf(x.shape.slice(0, a));
    const mid = sizeOf(x.shape.slice(a, b));
    const inner = sizeOf(x.shape.slice(b));
    const outShape = keepDims ? x.shape.map((s, i) => (i >= a && i < b ? 1 : s)) : [...x.shape.slice(0, a), ...x.shape.slice(b)];
    // XNNPACK average pooling over a [mid x 1] window of x viewed as [outer, mid, 1, inner];
    // a sum is that mean times mid. (A product with a row of ones packs x as GEMM weights: 30x slower.)
    const x4 = reshapeInfo(backend, x, [outer, mid, 1, inner]);
    const pooled = callKernel(backend, 'AvgPool', { x: x4 }, { filterSize: [mid, 1], strides: [mid, 1], pad: 'valid' });
    if (!mean) {
      const values = backend.typedArrayFromHeap(pooled) as Float32Array;
      for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * mid;
    }
    const out = reshapeInfo(backend, pooled, outShape);
    disposeAll(backend, [x4, pooled]);
    return out;
  }) as unknown as tf.KernelFunc;
}

/**
 * `Identity` without a copy (as the cpu backend does): the engine clones
 * every tensor a kernel saves for the backward pass, and the backend's
 * `Identity` copied each one, hundreds of full activations per step.
 */
function makeIdentity(fallback: Fallback): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const { x } = args.inputs as { x: TensorInfo };
    const backend = args.backend as { incRef?: (dataId: object) => void };
    if (typeof backend.incRef !== 'function') return fallback(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  }) as unknown as tf.KernelFunc;
}

/** `Cast` to the same dtype is an `Identity` (the backend copied). */
function makeCast(fallback: Fallback): tf.KernelFunc {
  const identity = makeIdentity(fallback) as unknown as Fallback;
  return ((args: KernelArgs) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    return dtype === x.dtype ? identity(args) : fallback(args);
  }) as unknown as tf.KernelFunc;
}

/** Fast-path kernel factories, keyed by kernel name; each takes the backend's own kernel as its fallback. */
export const FAST_PATH_FACTORIES: Readonly<Record<string, (fallback: Fallback) => tf.KernelFunc>> = {
  [tf.Tile]: makeTile,
  [tf.Identity]: makeIdentity,
  [tf.Cast]: makeCast,
  [tf.Sum]: (fallback) => makeReduce(fallback, false),
  [tf.Mean]: (fallback) => makeReduce(fallback, true),
};

export { WASM_BACKEND };
export type { Fallback, KernelArgs };

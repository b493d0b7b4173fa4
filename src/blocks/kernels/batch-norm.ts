/**
 * `FusedBatchNorm` for the tfjs WASM backend with per-channel statistics:
 * `y = x * s + t` with `s = scale / sqrt(variance + eps)` and
 * `t = offset - mean * s` computed per channel, then one SIMD pass
 * (`simd-kernels.ts`). Other cases go to the backend's own kernel.
 *
 * @module
 */

import type * as tf from '../../tfjs.js';
import type { Fallback, KernelArgs } from './fast-paths.js';
import type { SimdProvider } from './simd-kernels.js';
import { asWasmBackend, disposeAll, heapF32, sizeOf, type TensorInfo } from './wasm-backend.js';

const perChannel = (t: TensorInfo | undefined, c: number): boolean => t === undefined || (t.shape.length === 1 && t.shape[0] === c);

/** Makes the `FusedBatchNorm` kernel; `fallback` is the backend's own, `simdKernels` gives the SIMD loop. */
export const makeFusedBatchNorm =
  (simdKernels: SimdProvider) =>
  (fallback: Fallback): tf.KernelFunc => {
    return ((args: KernelArgs) => {
      const { x, mean, variance, offset, scale } = args.inputs as Record<string, TensorInfo | undefined> as {
        x: TensorInfo;
        mean: TensorInfo;
        variance: TensorInfo;
        offset?: TensorInfo;
        scale?: TensorInfo;
      };
      const C = x.shape[x.shape.length - 1] ?? 0;
      const ok = x.dtype === 'float32' && x.shape.length >= 1 && C > 0 && [mean, variance, offset, scale].every((t) => perChannel(t, C));
      if (!ok) return fallback(args);
      const backend = asWasmBackend(args.backend);
      const simd = simdKernels(backend);
      if (simd === undefined) return fallback(args);
      const eps = (args.attrs as unknown as tf.FusedBatchNormAttrs).varianceEpsilon;
      const out = backend.makeOutput([...x.shape], 'float32');
      const st = backend.makeOutput([2 * C], 'float32');
      const m = heapF32(backend, mean);
      const v = heapF32(backend, variance);
      const o = offset === undefined ? undefined : heapF32(backend, offset);
      const g = scale === undefined ? undefined : heapF32(backend, scale);
      const coef = heapF32(backend, st);
      for (let c = 0; c < C; c++) {
        const s = (g === undefined ? 1 : (g[c] as number)) / Math.sqrt((v[c] as number) + eps);
        coef[c] = s;
        coef[C + c] = (o === undefined ? 0 : (o[c] as number)) - (m[c] as number) * s;
      }
      const at = (t: TensorInfo): number => backend.getMemoryOffset(t.dataId);
      simd.affine(at(x), at(out), at(st), at(st) + 4 * C, sizeOf(x.shape) / C, C);
      disposeAll(backend, [st]);
      return out;
    }) as unknown as tf.KernelFunc;
  };

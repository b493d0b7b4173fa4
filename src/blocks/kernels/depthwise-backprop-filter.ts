/**
 * `DepthwiseConv2dNativeBackpropFilter` for the tfjs WASM backend: the
 * gradient of a depthwise convolution with respect to its filter,
 * `dW[kh, kw, c, m] = sum over (b, oh, ow) of x[b, oh*s + kh*d - pt, ow*s + kw*d - pl, c] * dy[b, oh, ow, c*M + m]`.
 *
 * A per-channel reduction over the WASM heap with the channel as the
 * innermost, contiguous index: with channel multiplier 1, a WebAssembly SIMD
 * loop (`simd-kernels.ts`) accumulating in float32 as PyTorch and
 * XNNPACK do; otherwise a JavaScript loop accumulating in float64. (An
 * XNNPACK formulation, batch moved into channels and `dy` used as a huge
 * depthwise filter, was tried and measured 2-4x slower: XNNPACK has no fast
 * path for such kernels.)
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import type { SimdProvider } from './simd-kernels.js';
import { WASM_BACKEND, asWasmBackend, heapF32, type TensorInfo } from './wasm-backend.js';

/** acc[ao + c] += x[xo + c] * g[yo + c] for c < n: the hot loop, kept monomorphic. */
function accumulate(acc: Float64Array, ao: number, x: Float32Array, xo: number, g: Float32Array, yo: number, n: number): void {
  for (let c = 0; c < n; c++) acc[ao + c] = (acc[ao + c] as number) + (x[xo + c] as number) * (g[yo + c] as number);
}

function depthwiseConv2dNativeBackpropFilter(
  simdKernels: SimdProvider,
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = (args.attrs ?? {}) as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const { batchSize: N, inHeight: IH, inWidth: IW, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const M = CO / C;
  const out = backend.makeOutput(attrs.filterShape, 'float32');
  const simd = M === 1 ? simdKernels(backend)?.dwf : undefined;
  if (simd !== undefined) {
    heapF32(backend, out).fill(0);
    const at = (t: TensorInfo): number => backend.getMemoryOffset(t.dataId);
    simd(at(x), at(dy), at(out), N, IH, IW, C, OH, OW, KH, KW, sh, sw, dh, dw, info.padInfo.top, info.padInfo.left);
    return out;
  }
  const xs = heapF32(backend, x);
  const g = heapF32(backend, dy);
  const acc = new Float64Array(KH * KW * CO);
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  for (let b = 0; b < N; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const yo = ((b * OH + oh) * OW + ow) * CO;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh + kh * dh - pt;
          if (ih < 0 || ih >= IH) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw + kw * dw - pl;
            if (iw < 0 || iw >= IW) continue;
            const xo = ((b * IH + ih) * IW + iw) * C;
            const ao = (kh * KW + kw) * CO;
            if (M === 1) accumulate(acc, ao, xs, xo, g, yo, C);
            else
              for (let j = 0; j < CO; j++)
                acc[ao + j] = (acc[ao + j] as number) + (xs[xo + ((j / M) | 0)] as number) * (g[yo + j] as number);
          }
        }
      }
    }
  }
  heapF32(backend, out).set(acc);
  return out;
}

/** Kernel config of `DepthwiseConv2dNativeBackpropFilter` for the `wasm` backend, using `simd` for its SIMD loop. */
export function makeDepthwiseBackpropFilterConfig(simd: SimdProvider): tf.KernelConfig {
  return {
    kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
    backendName: WASM_BACKEND,
    kernelFunc: ((args: Parameters<typeof depthwiseConv2dNativeBackpropFilter>[1]) =>
      depthwiseConv2dNativeBackpropFilter(simd, args)) as unknown as tf.KernelFunc,
  };
}

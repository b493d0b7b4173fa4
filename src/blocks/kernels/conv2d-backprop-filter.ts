/**
 * `Conv2DBackpropFilter` for the tfjs WASM backend: the gradient of a 2-D
 * convolution with respect to its filter,
 * `dW[kh, kw, ci, co] = sum over (b, oh, ow) of x[b, oh*s + kh*d - pt, ow*s + kw*d - pl, ci] * dy[b, oh, ow, co]`.
 *
 * For 1 x 1 stride-1 convolutions with channel counts divisible by 4 (in)
 * and 8 (out) it is a register-blocked WebAssembly SIMD loop of outer
 * products (`simd-kernels.wat`), 1.3-3x faster than the product below.
 * Otherwise it is one matrix product `colsᵀ · dy` on XNNPACK's matmul (the backend's
 * `BatchMatMul` is fast only without transpose flags): for a 1 x 1,
 * stride-1, unpadded convolution `colsᵀ` is the input transposed by the
 * backend's `Transpose`; otherwise the patches are gathered already
 * transposed (im2col) in chunks of whole images, so the temporary matrix
 * stays below about 16 MB.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import type { SimdProvider } from './simd-kernels.js';
import {
  WASM_BACKEND,
  asWasmBackend,
  callKernel,
  disposeAll,
  heapF32,
  reshapeInfo,
  sizeOf,
  type TensorInfo,
  type WasmBackendLike,
} from './wasm-backend.js';

const MAX_COLS_FLOATS = 4 * 1024 * 1024;

/**
 * Gathers the patches of images `[b0, b1)` transposed: `colsT[(kh*KW + kw)*Ci + ci][row]`
 * for `row` over `(b, oh, ow)`, zero where the patch overlaps the padding.
 */
function im2colT(x: Float32Array, colsT: Float32Array, info: tf.backend_util.Conv2DInfo, b0: number, b1: number): void {
  const { inHeight: IH, inWidth: IW, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  const rows = (b1 - b0) * OH * OW;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      for (let ci = 0; ci < C; ci++) {
        let dst = ((kh * KW + kw) * C + ci) * rows;
        for (let b = b0; b < b1; b++) {
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh + kh * dh - pt;
            if (ih < 0 || ih >= IH) {
              colsT.fill(0, dst, dst + OW);
              dst += OW;
              continue;
            }
            const rowBase = (b * IH + ih) * IW;
            for (let ow = 0; ow < OW; ow++, dst++) {
              const iw = ow * sw + kw * dw - pl;
              colsT[dst] = iw < 0 || iw >= IW ? 0 : (x[(rowBase + iw) * C + ci] as number);
            }
          }
        }
      }
    }
  }
}

function conv2DBackpropFilter(
  simdKernels: SimdProvider,
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = (args.attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs;
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  if (dataFormat !== 'channelsLast') throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, received ${attrs.dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    dataFormat,
  );
  const { filterHeight: KH, filterWidth: KW } = info;
  const p = info.padInfo;
  const direct = KH === 1 && KW === 1 && info.strideHeight === 1 && info.strideWidth === 1 && p.top + p.left + p.bottom + p.right === 0;
  const CI = info.inChannels;
  const CO = info.outChannels;
  const simd = direct && CI % 4 === 0 && CO % 8 === 0 ? simdKernels(backend) : undefined;
  if (simd !== undefined) {
    // Register-blocked SIMD outer products straight from x and dy: no transpose, no packing.
    const out = backend.makeOutput([1, 1, CI, CO], 'float32');
    heapF32(backend, out).fill(0);
    const at = (t: TensorInfo): number => backend.getMemoryOffset(t.dataId);
    simd.outer(at(x), at(dy), at(out), sizeOf(x.shape) / CI, CI, CO);
    return out;
  }
  return chunkedProduct(backend, x, dy, info, direct);
}

/**
 * dW = Σ over chunks of images of colsᵀ · dy, one product for the whole
 * batch when the patch matrix fits in about 16 MB. Every product creates an
 * XNNPACK operator (and packs dy as its weights), so fewer, larger products
 * are faster: chunks of 8192 rows measured 7x slower than one product.
 */
function chunkedProduct(
  backend: WasmBackendLike,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  direct: boolean,
): TensorInfo {
  const { batchSize: N, outHeight: OH, outWidth: OW, outChannels: CO, inHeight: IH, inWidth: IW, inChannels: CI } = info;
  const K = info.filterHeight * info.filterWidth * CI;
  const pixels = OH * OW;
  const chunk = Math.max(1, Math.min(N, Math.floor(MAX_COLS_FLOATS / Math.max(1, pixels * K))));
  const acc = new Float64Array(K * CO);
  for (let b0 = 0; b0 < N; b0 += chunk) {
    const b1 = Math.min(N, b0 + chunk);
    const rows = (b1 - b0) * pixels;
    const temps: TensorInfo[] = [];
    const slice = (t: TensorInfo): TensorInfo => {
      const s =
        b1 - b0 === N
          ? reshapeInfo(backend, t, t.shape)
          : callKernel(backend, 'Slice', { x: t }, { begin: [b0, 0, 0, 0], size: [b1 - b0, -1, -1, -1] });
      temps.push(s);
      return s;
    };
    const dy2 = reshapeInfo(backend, slice(dy), [rows, CO]);
    temps.push(dy2);
    let colsT: TensorInfo;
    if (direct) {
      const x2 = reshapeInfo(backend, slice(x), [(b1 - b0) * IH * IW, CI]);
      temps.push(x2);
      colsT = callKernel(backend, 'Transpose', { x: x2 }, { perm: [1, 0] });
    } else {
      colsT = backend.makeOutput([K, rows], 'float32');
      im2colT(heapF32(backend, x), heapF32(backend, colsT), info, b0, b1);
    }
    temps.push(colsT);
    const prod = callKernel(backend, 'BatchMatMul', { a: colsT, b: dy2 }, { transposeA: false, transposeB: false });
    temps.push(prod);
    const p = heapF32(backend, prod);
    for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) + (p[i] as number);
    disposeAll(backend, temps);
  }
  const out = backend.makeOutput([info.filterHeight, info.filterWidth, CI, CO], 'float32');
  heapF32(backend, out).set(acc);
  return out;
}

/** Kernel config of `Conv2DBackpropFilter` for the `wasm` backend, using `simd` for the 1 x 1 SIMD loop. */
export function makeConv2DBackpropFilterConfig(simd: SimdProvider): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName: WASM_BACKEND,
    kernelFunc: ((args: Parameters<typeof conv2DBackpropFilter>[1]) => conv2DBackpropFilter(simd, args)) as unknown as tf.KernelFunc,
  };
}

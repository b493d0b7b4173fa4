/**
 * `DepthwiseConv2dNativeBackpropInput` for the tfjs WASM backend: the
 * gradient of a depthwise convolution with respect to its input.
 *
 * With channel multiplier 1 (every depthwise layer mnas-ts builds) it is a
 * stride-1 depthwise convolution of `dy`, dilated by the forward stride
 * (zeros between rows and columns), with the spatially flipped filter and
 * explicit padding `(K-1)*d - pad`: it runs on XNNPACK through the
 * backend's own `DepthwiseConv2dNative`. Other cases (channel multiplier
 * above 1) run a direct scatter loop over the WASM heap.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { dilateInto } from './conv2d-backprop-input.js';
import { WASM_BACKEND, asWasmBackend, callKernel, disposeAll, heapF32, type TensorInfo, type WasmBackendLike } from './wasm-backend.js';

type Info = tf.backend_util.Conv2DInfo;

function depthwiseConv2dNativeBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = (args.attrs ?? {}) as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const dilatedH = (info.outHeight - 1) * info.strideHeight + 1;
  const dilatedW = (info.outWidth - 1) * info.strideWidth + 1;
  const pads = {
    top: (info.filterHeight - 1) * info.dilationHeight - info.padInfo.top,
    left: (info.filterWidth - 1) * info.dilationWidth - info.padInfo.left,
    bottom: info.inHeight - dilatedH + info.padInfo.top,
    right: info.inWidth - dilatedW + info.padInfo.left,
  };
  const fast = info.outChannels === info.inChannels && Object.values(pads).every((v) => v >= 0);
  return fast ? viaDepthwiseConv(backend, dy, filter, info, pads) : direct(backend, dy, filter, info);
}

/** dx = depthwiseConv2d(dilate(dy), flip(w)) on XNNPACK. */
function viaDepthwiseConv(
  backend: WasmBackendLike,
  dy: TensorInfo,
  filter: TensorInfo,
  info: Info,
  pads: { top: number; left: number; bottom: number; right: number },
): TensorInfo {
  const { inChannels: C, filterHeight: KH, filterWidth: KW } = info;
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  const temps: TensorInfo[] = [];
  const input = sh === 1 && sw === 1 ? dy : dilateInto(backend, dy, sh, sw);
  if (input !== dy) temps.push(input);
  const flipped = backend.makeOutput([KH, KW, C, 1], 'float32');
  temps.push(flipped);
  const w = heapF32(backend, filter);
  const wf = heapF32(backend, flipped);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const s = (kh * KW + kw) * C;
      const d = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * C;
      wf.set(w.subarray(s, s + C), d);
    }
  }
  const out = callKernel(
    backend,
    'DepthwiseConv2dNative',
    { x: input, filter: flipped },
    {
      strides: [1, 1],
      dilations: [info.dilationHeight, info.dilationWidth],
      pad: [
        [0, 0],
        [pads.top, pads.bottom],
        [pads.left, pads.right],
        [0, 0],
      ],
    },
  );
  disposeAll(backend, temps);
  return out;
}

/** Direct scatter: dx[b, ih, iw, c] += dy[b, oh, ow, c*M + m] * w[kh, kw, c, m]. */
function direct(backend: WasmBackendLike, dy: TensorInfo, filter: TensorInfo, info: Info): TensorInfo {
  const { batchSize: N, inHeight: IH, inWidth: IW, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const M = CO / C;
  const out = backend.makeOutput([N, IH, IW, C], 'float32');
  const dx = heapF32(backend, out);
  const g = heapF32(backend, dy);
  const w = heapF32(backend, filter);
  dx.fill(0);
  for (let b = 0; b < N; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let kh = 0; kh < KH; kh++) {
        const ih = oh * sh + kh * dh - info.padInfo.top;
        if (ih < 0 || ih >= IH) continue;
        for (let ow = 0; ow < OW; ow++) {
          const yo = ((b * OH + oh) * OW + ow) * CO;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw + kw * dw - info.padInfo.left;
            if (iw < 0 || iw >= IW) continue;
            const xo = ((b * IH + ih) * IW + iw) * C;
            const wo = (kh * KW + kw) * CO;
            for (let c = 0; c < C; c++) {
              let sum = 0;
              for (let m = 0; m < M; m++) sum += (g[yo + c * M + m] as number) * (w[wo + c * M + m] as number);
              dx[xo + c] = (dx[xo + c] as number) + sum;
            }
          }
        }
      }
    }
  }
  return out;
}

/** Kernel config of `DepthwiseConv2dNativeBackpropInput` for the `wasm` backend. */
export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: WASM_BACKEND,
  kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as tf.KernelFunc,
};

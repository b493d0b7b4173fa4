/**
 * A faster `Conv2DBackpropInput` for the tfjs WASM backend (whose own kernel
 * is a scalar loop): the input gradient of a convolution is a stride-1
 * convolution of `dy` (dilated by the forward stride) with the filter
 * flipped in space and with its channel axes swapped, and explicit padding
 * `K - 1 - pad`; it runs on XNNPACK through the backend's `Conv2D`. NCHW or
 * shapes that would need negative padding go to the backend's own kernel.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import type { Fallback, KernelArgs } from './fast-paths.js';
import { asWasmBackend, callKernel, disposeAll, heapF32, type TensorInfo, type WasmBackendLike } from './wasm-backend.js';

/** Copies dy into a zero tensor with `stride - 1` zeros between rows and columns. */
export function dilateInto(backend: WasmBackendLike, dy: TensorInfo, strideH: number, strideW: number): TensorInfo {
  const [N, OH, OW, C] = dy.shape as [number, number, number, number];
  const DH = (OH - 1) * strideH + 1;
  const DW = (OW - 1) * strideW + 1;
  const out = backend.makeOutput([N, DH, DW, C], 'float32');
  const src = heapF32(backend, dy);
  const dst = heapF32(backend, out);
  dst.fill(0);
  for (let b = 0; b < N; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const s = ((b * OH + oh) * OW + ow) * C;
        const d = ((b * DH + oh * strideH) * DW + ow * strideW) * C;
        if (C === 1) dst[d] = src[s] as number;
        else dst.set(src.subarray(s, s + C), d);
      }
    }
  }
  return out;
}

/** Makes the `Conv2DBackpropInput` kernel; `fallback` is the backend's own. */
export function makeConv2DBackpropInput(fallback: Fallback): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      dataFormat,
    );
    const { filterHeight: KH, filterWidth: KW, inChannels: CI, outChannels: CO, strideHeight: sh, strideWidth: sw } = info;
    const pads = {
      top: KH - 1 - info.padInfo.top,
      left: KW - 1 - info.padInfo.left,
      bottom: info.inHeight - ((info.outHeight - 1) * sh + 1) + info.padInfo.top,
      right: info.inWidth - ((info.outWidth - 1) * sw + 1) + info.padInfo.left,
    };
    if (dataFormat !== 'channelsLast' || dy.dtype !== 'float32' || !Object.values(pads).every((v) => v >= 0)) return fallback(args);
    const backend = asWasmBackend(args.backend);
    const temps: TensorInfo[] = [];
    const input = sh === 1 && sw === 1 ? dy : dilateInto(backend, dy, sh, sw);
    if (input !== dy) temps.push(input);
    const flipped = backend.makeOutput([KH, KW, CO, CI], 'float32');
    temps.push(flipped);
    const w = heapF32(backend, filter);
    const wf = heapF32(backend, flipped);
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++) {
        const s = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * CI * CO;
        const d = (kh * KW + kw) * CO * CI;
        for (let ci = 0; ci < CI; ci++) for (let co = 0; co < CO; co++) wf[d + co * CI + ci] = w[s + ci * CO + co] as number;
      }
    }
    const out = callKernel(
      backend,
      'Conv2D',
      { x: input, filter: flipped },
      {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [
          [0, 0],
          [pads.top, pads.bottom],
          [pads.left, pads.right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      },
    );
    disposeAll(backend, temps);
    return out;
  }) as unknown as tf.KernelFunc;
}

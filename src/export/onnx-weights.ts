/**
 * Weight layouts from the intermediate graph (TFLite's) to ONNX's, on plain Float32Arrays.
 *
 * @module
 */

import { transpose2d } from './weights.js';

/** `[out, kh, kw, in]` (OHWI) to `[out, in, kh, kw]` (OIHW, ONNX `Conv`'s weight). */
export function ohwiToOihw(filter: Float32Array, shape: readonly [number, number, number, number]): Float32Array {
  const [cout, kh, kw, cin] = shape;
  const out = new Float32Array(filter.length);
  const spatial = kh * kw;
  for (let o = 0; o < cout; o++) {
    for (let s = 0; s < spatial; s++) {
      for (let i = 0; i < cin; i++) out[(o * cin + i) * spatial + s] = filter[(o * spatial + s) * cin + i]!;
    }
  }
  return out;
}

/** `[1, kh, kw, channels]` (TFLite's depthwise filter) to `[channels, 1, kh, kw]` (ONNX `Conv` with one group per channel). */
export function depthwiseToOihw(filter: Float32Array, shape: readonly [1, number, number, number]): Float32Array {
  return transpose2d(filter, shape[1] * shape[2], shape[3]);
}

/**
 * Weight layout conversions from tfjs to TFLite, on plain Float32Arrays.
 *
 * @module
 */

/** `[kh, kw, in, out]` (tfjs `Conv2D` kernel) to `[out, kh, kw, in]` (TFLite `CONV_2D` filter). */
export function hwioToOhwi(kernel: Float32Array, shape: readonly [number, number, number, number]): Float32Array {
  const [kh, kw, cin, cout] = shape;
  const out = new Float32Array(kernel.length);
  const spatial = kh * kw;
  for (let s = 0; s < spatial; s++) {
    for (let i = 0; i < cin; i++) {
      const src = (s * cin + i) * cout;
      for (let o = 0; o < cout; o++) out[(o * spatial + s) * cin + i] = kernel[src + o]!;
    }
  }
  return out;
}

/** `[in, out]` (tfjs `Dense` kernel) to `[out, in]` (TFLite `FULLY_CONNECTED` weights). */
export function transpose2d(kernel: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = kernel[r * cols + c]!;
  }
  return out;
}

/**
 * Folds a per-output-channel affine `y = x * scale + shift` into a layer with
 * weights whose output channel of element `i` is `channelOf(i)`:
 * `w' = w * scale[c]`, `b' = b * scale[c] + shift[c]`.
 */
export function foldAffine(
  weights: Float32Array,
  bias: Float32Array,
  scale: Float32Array,
  shift: Float32Array,
  channelOf: (index: number) => number,
): { weights: Float32Array; bias: Float32Array } {
  const w = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) w[i] = weights[i]! * scale[channelOf(i)]!;
  const b = new Float32Array(bias.length);
  for (let c = 0; c < bias.length; c++) b[c] = bias[c]! * scale[c]! + shift[c]!;
  return { weights: w, bias: b };
}

/**
 * The per-channel affine of an inference-mode batch norm:
 * `scale = gamma / sqrt(variance + epsilon)`, `shift = beta - mean * scale`
 * (computed in float64, rounded once).
 */
export function batchNormAffine(
  gamma: Float32Array | undefined,
  beta: Float32Array | undefined,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
): { scale: Float32Array; shift: Float32Array } {
  const n = mean.length;
  const scale = new Float32Array(n);
  const shift = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    const s = (gamma?.[c] ?? 1) / Math.sqrt(variance[c]! + epsilon);
    scale[c] = s;
    shift[c] = (beta?.[c] ?? 0) - mean[c]! * s;
  }
  return { scale, shift };
}

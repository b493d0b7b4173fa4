/**
 * Leaner gradients of `FusedBatchNorm` and `Mean`: the same values as
 * tfjs-core's with fewer full passes over the activations. tfjs' batch-norm
 * gradient makes about ten elementwise passes (including a `Tile` of the
 * per-channel scale) and its mean gradient multiplies by a materialized
 * tensor of ones; on the memory-bound WASM backend every pass costs.
 *
 * Gradients are registered per kernel for every backend, so these apply to
 * all backends once registered; other cases call the original gradient.
 *
 * @module
 */

import * as tf from '../../tfjs.js';

type GradFunc = tf.GradConfig['gradFunc'];

/**
 * Batch norm `y = (x - mean) * s + offset`, `s = scale / sqrt(variance + eps)`,
 * per channel (rank-1 statistics): `dx = dy * s`; `dmean = -s * Σdy`;
 * `dvariance = -scale * rsqrt³ / 2 * Σ dy (x - mean)`; `dscale = rsqrt * Σ dy (x - mean)`;
 * `doffset = Σdy`. Three full passes and two reductions (tfjs: ten and four).
 */
function leanBatchNormGrad(original: GradFunc): GradFunc {
  return (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const g = dy as tf.Tensor;
    if (mean.rank !== 1 || x.rank < 2 || variance.rank !== 1 || (scale != null && scale.rank !== 1)) return original(dy, saved, attrs);
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const rsqrt = () => tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const scaleOr1 = () => (scale == null ? tf.onesLike(mean) : scale);
    const sumDy = () => tf.sum(g, axes);
    const sumDyXc = () => tf.sum(tf.mul(g, tf.sub(x, mean)), axes);
    return {
      x: () => tf.mul(g, tf.mul(scaleOr1(), rsqrt())),
      mean: () => tf.neg(tf.mul(tf.mul(scaleOr1(), rsqrt()), sumDy())),
      variance: () => {
        const r = rsqrt();
        return tf.mul(tf.mul(tf.mul(tf.mul(r, r), r), tf.mul(scaleOr1(), tf.scalar(-0.5))), sumDyXc());
      },
      scale: () => tf.mul(rsqrt(), sumDyXc()),
      offset: () => sumDy(),
    };
  };
}

/** Mean over axes: `dx = broadcast(dy / n)`, one pass (tfjs: ones, multiply, divide). */
function leanMeanGrad(original: GradFunc): GradFunc {
  return (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    if (x.dtype !== 'float32' || g.dtype !== 'float32') return original(dy, saved, attrs);
    const axes = tf.util.parseAxisParam((attrs as unknown as tf.MeanAttrs).axis, x.shape);
    const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const n = axes.reduce((p, a) => p * (x.shape[a] as number), 1);
    return { x: () => tf.broadcastTo(tf.div(tf.reshape(g, kept), tf.scalar(n)), x.shape) };
  };
}

/** Lean gradient factories by kernel name; each takes the original gradient function. */
export const LEAN_GRADIENT_FACTORIES: Readonly<Record<string, (original: GradFunc) => GradFunc>> = {
  [tf.FusedBatchNorm]: leanBatchNormGrad,
  [tf.Mean]: leanMeanGrad,
};

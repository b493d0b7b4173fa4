import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { Rng } from '../../src/rng.js';

function random(rng: Rng, shape: number[], lo = -1, hi = 1): tf.Tensor {
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(lo, hi)),
    shape,
  );
}

/** Gradients of three losses built on batch norm and mean, w.r.t. every input; as plain arrays. */
async function allGradients(backend: string): Promise<number[][]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const rng = new Rng('lean');
  const x = random(rng, [3, 4, 5, 6]);
  const mean = random(rng, [6]);
  const variance = random(rng, [6], 0.2, 2);
  const offset = random(rng, [6]);
  const scale = random(rng, [6], 0.5, 1.5);
  const w = random(rng, [3, 4, 5, 6]);
  const wm = random(rng, [3, 6]);
  const grads = tf.tidy(() => {
    const direct = tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
      tf.sum(tf.mul(w, tf.batchNorm(a as tf.Tensor4D, m, v, o, s, 1e-3))),
    )([x, mean, variance, offset, scale]);
    // (No case without scale: tfjs cannot save an absent scale for the backward pass.)
    // Training-mode batch norm as tf.layers computes it: moments, then batchNorm.
    const training = tf.grad((a: tf.Tensor) => {
      const m = tf.moments(a, [0, 1, 2]);
      return tf.sum(tf.mul(w, tf.batchNorm(a as tf.Tensor4D, m.mean, m.variance, offset, scale, 1e-3)));
    })(x);
    const pooled = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(wm, tf.mean(a, [1, 2]))))(x);
    return [...direct, training, pooled];
  });
  const out = await Promise.all(grads.map(async (g) => Array.from(await g.data())));
  tf.dispose([...grads, x, mean, variance, offset, scale, w, wm]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe('lean FusedBatchNorm and Mean gradients', () => {
  it('give the same gradients as tfjs-core on cpu and wasm, and replace the originals once', async () => {
    const originalBn = tf.getGradient('FusedBatchNorm');
    const reference = await allGradients('cpu');
    const registered = registerWasmTrainingKernels();
    expect(registered).toEqual(expect.arrayContaining(['FusedBatchNorm gradient', 'Mean gradient']));
    expect(tf.getGradient('FusedBatchNorm')).not.toBe(originalBn);
    expect(registerWasmTrainingKernels()).toEqual([]);
    for (const backend of ['cpu', 'wasm']) {
      const lean = await allGradients(backend);
      expect(lean.length).toBe(reference.length);
      lean.forEach((g, i) => {
        const ref = reference[i] as number[];
        const scale = Math.max(1, ...ref.map(Math.abs));
        const worst = Math.max(...g.map((v, j) => Math.abs(v - (ref[j] as number))));
        expect(worst / scale, `${backend} gradient ${i}`).toBeLessThan(1e-5);
      });
    }
  });
});

import * as tf from '../../src/tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/index.js';
import { buildModel, disposeModel, mnasnetB1, mobilenetV2 } from '../../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Logits of torchvision 0.14 mnasnet0_5 and mobilenet_v2(width_mult=0.5), 10 classes, filled
// with the hashed weights below, on the 33x33 input below, in eval mode. Produced by
// test/blocks/torchvision-forward.py (run by hand with Debian's python3-torchvision).
const TORCHVISION_LOGITS = {
  mnasnet0_5: [-0.003678, -0.091998, 0.076372, 0.01295, -0.001662, -0.043002, 0.147146, -0.082482, 0.046845, 0.066058],
  mobilenet_v2_0_5: [0.022838, -0.084601, 0.069458, -0.005187, -0.00339, -0.040253, 0.132352, -0.0871, 0.060233, 0.079412],
};

/** Uniform in [-1, 1) from 32-bit integer mixing of (tensor number, flat index): `hash32` of the Python script. */
function u(t: number, n: number): number {
  let h = (Math.imul(n, 2654435761) + Math.imul(t, 40503) + 12345) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 2246822519) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 3266489917) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 2 ** 31 - 1;
}

/**
 * Fills the model as torchvision-forward.py does: tensor t (counted over conv kernels, BN
 * gamma/beta/mean/var, dense kernel/bias in layer order), value from u(t, n) at flat
 * index n of the PyTorch layout (OIHW kernels, [out, in] dense), transposed to tfjs layouts.
 */
function fillLikeTorch(model: tf.LayersModel): void {
  let t = 0;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    const shapes = layer.getWeights().map((w) => w.shape);
    let values: Float32Array[] = [];
    if (kind === 'Conv2D' || kind === 'DepthwiseConv2D') {
      const [kh, kw, i, o] = shapes[0] as [number, number, number, number];
      const depthwise = kind === 'DepthwiseConv2D';
      const scale = Math.sqrt(2 / ((depthwise ? 1 : i) * kh * kw));
      const v = new Float32Array(kh * kw * i * o);
      for (let a = 0; a < kh; a++)
        for (let b = 0; b < kw; b++)
          for (let c = 0; c < i; c++)
            for (let d = 0; d < o; d++) {
              // torch: [O, I, kh, kw] for conv; [C, 1, kh, kw] for depthwise (c is the channel, d = 0).
              const n = depthwise ? (c * kh + a) * kw + b : ((d * i + c) * kh + a) * kw + b;
              v[((a * kw + b) * i + c) * o + d] = u(t, n) * scale;
            }
      values = [v];
      t += 1;
    } else if (kind === 'BatchNormalization') {
      const c = (shapes[0] as number[])[0] as number;
      const f = [(x: number) => 1 + 0.2 * x, (x: number) => 0.1 * x, (x: number) => 0.1 * x, (x: number) => 1 + 0.25 * x];
      values = f.map((g, k) => Float32Array.from({ length: c }, (_, n) => g(u(t + k, n))));
      t += 4;
    } else if (kind === 'Dense') {
      const [i, o] = shapes[0] as [number, number];
      const kernel = new Float32Array(i * o);
      for (let a = 0; a < i; a++) for (let b = 0; b < o; b++) kernel[a * o + b] = u(t, b * i + a) / Math.sqrt(i);
      values = [kernel, Float32Array.from({ length: o }, (_, n) => 0.1 * u(t + 1, n))];
      t += 2;
    } else {
      continue;
    }
    tf.tidy(() => layer.setWeights(values.map((v, k) => tf.tensor(v, shapes[k] as number[]))));
  }
}

function logits(arch: Architecture): number[] {
  const model = buildModel(arch, { output: 'logits', bnEpsilon: 1e-5 }); // torchvision BN eps
  fillLikeTorch(model);
  const out = tf.tidy(() => {
    const [c, h, w] = [3, 33, 33];
    const x = new Float32Array(c * h * w);
    for (let k = 0; k < c; k++)
      for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) x[(i * w + j) * c + k] = 8 * u(100000, (k * h + i) * w + j);
    return Array.from((model.predict(tf.tensor4d(x, [1, h, w, c])) as tf.Tensor).dataSync());
  });
  disposeModel(model);
  return out;
}

describe('buildModel against torchvision', () => {
  it.each([
    ['mnasnet0_5', mnasnetB1({ widthMultiplier: 0.5, inputShape: [33, 33, 3], numClasses: 10 })],
    ['mobilenet_v2_0_5', mobilenetV2({ widthMultiplier: 0.5, inputShape: [33, 33, 3], numClasses: 10 })],
  ] as const)('computes the logits of torchvision %s with the same weights', (name, arch) => {
    const before = tf.memory().numTensors;
    const ours = logits(arch);
    const theirs = TORCHVISION_LOGITS[name];
    // float32 agreement is about 5e-7; dropping the skips moves logits by ~1e-2, relu for relu6 by ~1e-5.
    ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i] as number, 5));
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildModel, disposeModel, registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { InvalidOptionsError } from '../../src/errors.js';
import {
  ZeroCostEvaluator,
  gradNormScore,
  loadMnist,
  scoredWeights,
  logAbsDeterminant,
  naswotFromCodes,
  naswotScore,
  resolveZeroCostOptions,
  snipScore,
  squashScore,
  synflowScore,
  zeroCostScore,
} from '../../src/evaluate/index.js';
import { countMacs, countParams } from '../../src/space/index.js';
import { PROXY_ARCH } from './fixtures.js';

let tensors = 0;
beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});
beforeEach(() => {
  tensors = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensors);
});

/** input [inputs] -> dense (no bias) per layer, a ReLU layer between them; kernels given as [in][out] arrays. */
function mlp(kernels: number[][][]): tf.LayersModel {
  const input = tf.input({ shape: [(kernels[0] as number[][]).length] });
  let x: tf.SymbolicTensor = input;
  kernels.forEach((k, i) => {
    const dense = tf.layers.dense({ name: `d${i}`, units: (k[0] as number[]).length, useBias: false });
    x = dense.apply(x) as tf.SymbolicTensor;
    const w = tf.tensor2d(k);
    dense.setWeights([w]);
    w.dispose();
    if (i < kernels.length - 1) x = tf.layers.reLU({ name: `r${i}` }).apply(x) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: input, outputs: x });
}

const disposeAll = (model: tf.LayersModel): void => model.dispose() as unknown as void;

describe('scoredWeights', () => {
  it('keeps the convolution, depthwise and dense kernels and leaves biases and batch-norm parameters out', () => {
    const model = buildModel(PROXY_ARCH, { seed: 1 });
    const names = new Set(scoredWeights(model).map((v) => v.name));
    const kept = model.trainableWeights.filter((w) => names.has((w.read() as tf.Variable).name)).map((w) => w.originalName);
    expect(kept).toEqual([
      'stem_conv/kernel',
      'block0_layer0_expand_conv/kernel',
      'block0_layer0_dw_conv/depthwise_kernel',
      'block0_layer0_se_reduce/kernel',
      'block0_layer0_se_expand/kernel',
      'block0_layer0_project_conv/kernel',
      'classifier/kernel',
    ]);
    disposeModel(model);
  });
});

describe('synflowScore', () => {
  it('matches the hand computation on a two-layer network', () => {
    // W1 = [[1, -2], [3, 4]], W2 = [[-1], [2]]; absolute values: W1 = [[1, 2], [3, 4]], W2 = [[1], [2]].
    // Input x = [1, 1]: h = x W1 = [1 + 3, 2 + 4] = [4, 6] (ReLU keeps it); R = h W2 = 4 * 1 + 6 * 2 = 16.
    // dR/dW2 = h = [4, 6]: sum |W2 * dR/dW2| = 1 * 4 + 2 * 6 = 16.
    // dR/dW1[i][j] = x_i * W2[j] = [1, 2] per row: sum |W1 * dR/dW1| = 1 * 1 + 2 * 2 + 3 * 1 + 4 * 2 = 16.
    // synflow = 16 + 16 = 32 (each layer carries the whole flow R, as Tanaka et al.'s conservation law says).
    const model = mlp([
      [
        [1, -2],
        [3, 4],
      ],
      [[-1], [2]],
    ]);
    expect(synflowScore(model)).toBeCloseTo(32, 4);
    disposeAll(model);
  });

  it('is the same for the same seed and positive on a built MBConv + SE network, whatever the activation', () => {
    const a = zeroCostScore(PROXY_ARCH, 'synflow', emptyBatch(), 5);
    const b = zeroCostScore({ ...PROXY_ARCH, activation: 'relu6' }, 'synflow', emptyBatch(), 5);
    const c = zeroCostScore(PROXY_ARCH, 'synflow', emptyBatch(), 6);
    expect(a).toBeGreaterThan(0);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});

function emptyBatch() {
  return {
    name: 'none',
    images: new Float32Array(0),
    labels: new Int32Array(0),
    imageShape: [16, 16, 3] as const,
    numClasses: 10,
    count: 0,
  };
}

describe('naswotFromCodes', () => {
  it('is log 5 for codes [1,1,0] and [1,0,0] (K = [[3, 2], [2, 3]], det 5)', () => {
    expect(
      naswotFromCodes([
        [1, 1, 0],
        [1, 0, 0],
      ]),
    ).toBeCloseTo(Math.log(5), 12);
  });

  it('is log 24 for three hand-made codes over 4 units', () => {
    // Agreements: rows 0,1 agree on units 1, 2, 3 (3); rows 0,2 on unit 0 (1); rows 1,2 on none (0).
    // K = [[4, 3, 1], [3, 4, 0], [1, 0, 4]]; det = 4 * 16 - 3 * 12 + 1 * (0 - 4) = 24.
    expect(
      naswotFromCodes([
        [1, 0, 1, 1],
        [0, 0, 1, 1],
        [1, 1, 0, 0],
      ]),
    ).toBeCloseTo(Math.log(24), 12);
  });

  it('is -Infinity when two images share a code', () => {
    expect(
      naswotFromCodes([
        [1, 0],
        [1, 0],
      ]),
    ).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('logAbsDeterminant', () => {
  it('pivots past a zero on the diagonal', () => {
    expect(
      logAbsDeterminant([
        [0, 2],
        [3, 0],
      ]),
    ).toBeCloseTo(Math.log(6), 12);
  });
});

describe('naswotScore', () => {
  it('reads the codes from the ReLU layers of a model: log 8 on a hand-made network', () => {
    // Pre-activations x W with W = [[1, -1, 0.5], [-1, 1, 0.5]]:
    // [1, 0] -> [1, -1, 0.5] code 101; [0, 1] -> [-1, 1, 0.5] code 011; [1, 1] -> [0, 0, 1] code 001 (0 is off).
    // Agreements: 101/011 -> 1, 101/001 -> 2, 011/001 -> 2; K = [[3, 1, 2], [1, 3, 2], [2, 2, 3]].
    // det = 3 (9 - 4) - 1 (3 - 4) + 2 (2 - 6) = 15 + 1 - 8 = 8.
    const model = mlp([
      [
        [1, -1, 0.5],
        [-1, 1, 0.5],
      ],
      [[1], [1], [1]],
    ]);
    const x = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(naswotScore(model, x)).toBeCloseTo(Math.log(8), 5);
    x.dispose();
    disposeAll(model);
  });
});

/** Loss of the 2-layer ReLU MLP with softmax cross-entropy (mean over rows), in float64. */
function mlpLoss(w1: number[][], w2: number[][], xs: number[][], ys: number[]): number {
  let total = 0;
  xs.forEach((x, n) => {
    const h = (w1[0] as number[]).map((_, j) =>
      Math.max(
        0,
        x.reduce((s, xi, i) => s + xi * ((w1[i] as number[])[j] as number), 0),
      ),
    );
    const z = (w2[0] as number[]).map((_, k) => h.reduce((s, hj, j) => s + hj * ((w2[j] as number[])[k] as number), 0));
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    total += lse - (z[ys[n] as number] as number);
  });
  return total / xs.length;
}

/** Central finite differences of mlpLoss with respect to every entry of w1 and w2. */
function fdGrads(w1: number[][], w2: number[][], xs: number[][], ys: number[]): [number[][], number[][]] {
  const eps = 1e-6;
  const grad = (which: 0 | 1): number[][] => {
    const w = which === 0 ? w1 : w2;
    return w.map((row, i) =>
      row.map((_, j) => {
        const at = (d: number): number => {
          const copy = w.map((r) => [...r]);
          (copy[i] as number[])[j] = ((w[i] as number[])[j] as number) + d;
          return which === 0 ? mlpLoss(copy, w2, xs, ys) : mlpLoss(w1, copy, xs, ys);
        };
        return (at(eps) - at(-eps)) / (2 * eps);
      }),
    );
  };
  return [grad(0), grad(1)];
}

describe('gradNormScore and snipScore', () => {
  const w1 = [
    [0.5, -0.3, 0.8, 0.2],
    [-0.4, 0.9, 0.1, -0.6],
    [0.7, 0.2, -0.5, 0.3],
  ];
  const w2 = [
    [0.3, -0.2],
    [-0.5, 0.4],
    [0.6, 0.1],
    [-0.1, 0.7],
  ];
  const xs = [
    [1, 0.5, -0.2],
    [-0.3, 0.8, 0.6],
  ];
  const ys = [1, 0];
  const [g1, g2] = fdGrads(w1, w2, xs, ys);
  const norm = (g: number[][]): number => Math.sqrt(g.flat().reduce((s, v) => s + v * v, 0));
  const saliency = (w: number[][], g: number[][]): number => w.flat().reduce((s, v, i) => s + Math.abs(v * (g.flat()[i] as number)), 0);

  it('grad_norm is the sum of the per-kernel gradient norms of a finite-difference reference', () => {
    const model = mlp([w1, w2]);
    const [x, y] = tf.tidy(() => [tf.tensor2d(xs), tf.oneHot(tf.tensor1d(ys, 'int32'), 2)]);
    expect(gradNormScore(model, x, y)).toBeCloseTo(norm(g1) + norm(g2), 4);
    tf.dispose([x, y]);
    disposeAll(model);
  });

  it('snip is sum |w * dL/dw| of a finite-difference reference', () => {
    const model = mlp([w1, w2]);
    const [x, y] = tf.tidy(() => [tf.tensor2d(xs), tf.oneHot(tf.tensor1d(ys, 'int32'), 2)]);
    expect(snipScore(model, x, y)).toBeCloseTo(saliency(w1, g1) + saliency(w2, g2), 4);
    tf.dispose([x, y]);
    disposeAll(model);
  });
});

describe('ZeroCostEvaluator', () => {
  const small = { dataset: loadMnist(), batchSize: 8 } as const;

  it.each(['naswot', 'grad_norm', 'snip'] as const)('%s: the same seed gives the same score, another seed another score', async (proxy) => {
    const a = await new ZeroCostEvaluator({ ...small, proxy, seed: 1 }).evaluate(PROXY_ARCH);
    const b = await new ZeroCostEvaluator({ ...small, proxy, seed: 1 }).evaluate(PROXY_ARCH);
    const c = await new ZeroCostEvaluator({ ...small, proxy, seed: 2 }).evaluate(PROXY_ARCH);
    expect(b.extra?.['score']).toBe(a.extra?.['score']);
    expect(c.extra?.['score']).not.toBe(a.extra?.['score']);
    expect(Number.isFinite(a.extra?.['score'])).toBe(true);
  });

  it('reports the squashed score as accuracy, in (0, 1), and the raw score in extra', async () => {
    const evaluator = new ZeroCostEvaluator({ ...small, proxy: 'snip', seed: 1, center: 3, scale: 2 });
    const result = await evaluator.evaluate(PROXY_ARCH);
    const score = result.extra?.['score'] as number;
    expect(result.accuracy).toBe(1 / (1 + Math.exp(-(Math.log(score) - 3) / 2)));
    expect(result.extra?.['proxy']).toBe('snip');
  });

  it('scores params and macs with the analytic counts', () => {
    expect(new ZeroCostEvaluator({ proxy: 'params' }).score(PROXY_ARCH)).toBe(countParams(PROXY_ARCH));
    expect(new ZeroCostEvaluator({ proxy: 'macs' }).score(PROXY_ARCH)).toBe(countMacs(PROXY_ARCH));
  });
});

describe('squashScore', () => {
  it('preserves order and maps naswot scores without a log', () => {
    const o = { proxy: 'grad_norm', center: 0, scale: 1 } as const;
    expect(squashScore(2, o)).toBeLessThan(squashScore(3, o));
    expect(squashScore(1, o)).toBe(0.5);
    expect(squashScore(0, { ...o, proxy: 'naswot' })).toBe(0.5);
    expect(squashScore(0, o)).toBe(0);
  });
});

describe('resolveZeroCostOptions', () => {
  it('fills the defaults', () => {
    expect(resolveZeroCostOptions()).toEqual({ proxy: 'naswot', dataset: 'mnist', batchSize: 64, seed: 0, center: 0, scale: 1 });
  });

  it('throws InvalidOptionsError naming the bad field', () => {
    expect(() => resolveZeroCostOptions({ proxy: 'flops' as never })).toThrow(InvalidOptionsError);
    expect(() => resolveZeroCostOptions({ batchSize: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid zero-cost option at batchSize: expected an integer in [2, 4096], received 1]`,
    );
    expect(() => resolveZeroCostOptions({ scale: 0 })).toThrow(/scale/);
    expect(() => resolveZeroCostOptions({ bogus: 1 } as never)).toThrow(/bogus/);
  });
});

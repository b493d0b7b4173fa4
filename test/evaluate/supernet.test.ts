import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel, registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { EvaluationError, InvalidArchitectureError, InvalidOptionsError, InvalidSpaceError } from '../../src/errors.js';
import { Supernet } from '../../src/evaluate/supernet/index.js';
import { Rng } from '../../src/rng.js';
import type { Architecture, BlockSpec } from '../../src/space/types.js';
import { TINY_SPACE, cliSpace, randomizeWeights } from './supernet-fixtures.js';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

/** Largest absolute difference between two tensors' values. */
function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

describe('Supernet subnets', () => {
  it('give the outputs of the standalone buildModel(subnet) holding the sliced weights, in inference and training mode (property, fixed seed)', () => {
    const before = tf.memory().numTensors;
    const supernet = Supernet.create({ space: cliSpace(16), seed: 3 });
    randomizeWeights(supernet, 3);
    const x = tf.randomNormal([3, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const calibration = tf.randomNormal([6, 16, 16, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
    const seen = { ops: new Set<string>(), skips: new Set<string>(), kernels: new Set<number>(), se: new Set<number>(), absent: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const arch = supernet.space.sample(new Rng(seed));
        for (const b of arch.blocks) {
          seen.ops.add(`${b.op}${b.expansion}`);
          seen.skips.add(b.skip);
          seen.kernels.add(b.kernel);
          seen.se.add(b.seRatio);
          if (b.repeats === 0) seen.absent += 1;
        }
        const stats = supernet.calibrate(arch, [calibration]);
        const model = supernet.toModel(arch, { statistics: stats });
        try {
          const [inferDiff, trainDiff, scale] = tf.tidy(() => {
            const mine = supernet.forward(x, arch, { statistics: stats });
            const theirs = model.predict(x) as tf.Tensor;
            const mineTrain = supernet.forward(x, arch, { training: true });
            const theirsTrain = model.apply(x, { training: true }) as tf.Tensor;
            return [maxDiff(mine, theirs), maxDiff(mineTrain, theirsTrain), tf.max(tf.abs(theirs)).dataSync()[0] as number];
          });
          expect(scale).toBeGreaterThan(1e-3);
          expect(inferDiff).toBeLessThan(1e-4 * Math.max(1, scale));
          expect(trainDiff).toBeLessThan(1e-4 * Math.max(1, scale));
        } finally {
          disposeModel(model);
          stats.dispose();
        }
      }),
      { numRuns: 24, seed: 42 },
    );
    // The samples covered every op, skip, kernel and SE choice, and absent blocks.
    expect([...seen.ops].sort()).toEqual(['conv1', 'dwconv1', 'mbconv3', 'mbconv6']);
    expect([...seen.skips].sort()).toEqual(['identity', 'none', 'pool']);
    expect([...seen.kernels].sort()).toEqual([3, 5]);
    expect([...seen.se].sort()).toEqual([0, 0.25]);
    expect(seen.absent).toBeGreaterThan(0);
    tf.dispose([x, calibration]);
    supernet.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** `arch` with block `i` replaced by `patch` applied to it. */
function withBlock(arch: Architecture, i: number, patch: Partial<BlockSpec>): Architecture {
  return { ...arch, blocks: arch.blocks.map((b, j) => (j === i ? { ...b, ...patch } : b)) };
}

/** The values of weight `weight` of layer `layer` of a model, as nested arrays. */
function weightOf(model: tf.LayersModel, layer: string, weight: string): unknown {
  const w = model.getLayer(layer).weights.find((v) => v.originalName.endsWith(`/${weight}`));
  if (w === undefined) throw new Error(`no ${layer}/${weight}`);
  return w.read().arraySync();
}

describe('Supernet weight sharing', () => {
  const supernet = (): Supernet => {
    const s = Supernet.create({ space: cliSpace(16), seed: 1 });
    randomizeWeights(s, 1);
    return s;
  };
  const base = (s: Supernet): Architecture =>
    withBlock(
      withBlock(withBlock(s.space.decode(s.space.decisions.map(() => 0)), 0, { repeats: 1 }), 1, {
        op: 'mbconv',
        expansion: 6,
        kernel: 5,
        filters: 20,
        repeats: 3,
      }),
      2,
      { repeats: 1 },
    );

  it('a 3 x 3 kernel is the centre of the 5 x 5 one; MBConv e3 is the first channels of e6; fewer filters are the first ones; both models share them', () => {
    const before = tf.memory().numTensors;
    const s = supernet();
    const big = s.toModel(base(s));
    const small = s.toModel(withBlock(base(s), 1, { expansion: 3, kernel: 3, filters: 12 }));
    const dwBig = tf.tensor(weightOf(big, 'block1_layer0_dw_conv', 'depthwise_kernel') as number[][][][]);
    const dwSmall = tf.tensor(weightOf(small, 'block1_layer0_dw_conv', 'depthwise_kernel') as number[][][][]);
    // block 1 layer 0 takes block 0's output: 6 filters (8 x 0.75), so e6 expands to 36 and e3 to 18.
    expect(dwBig.shape).toEqual([5, 5, 36, 1]);
    expect(dwSmall.shape).toEqual([3, 3, 18, 1]);
    expect(tf.tidy(() => maxDiff(dwSmall, tf.slice(dwBig, [1, 1, 0, 0], [3, 3, 18, 1])))).toBe(0);
    const expandBig = tf.tensor(weightOf(big, 'block1_layer0_expand_conv', 'kernel') as number[][][][]);
    const expandSmall = tf.tensor(weightOf(small, 'block1_layer0_expand_conv', 'kernel') as number[][][][]);
    expect(tf.tidy(() => maxDiff(expandSmall, tf.slice(expandBig, [0, 0, 0, 0], [1, 1, 6, 18])))).toBe(0);
    const projBig = tf.tensor(weightOf(big, 'block1_layer1_project_conv', 'kernel') as number[][][][]);
    const projSmall = tf.tensor(weightOf(small, 'block1_layer1_project_conv', 'kernel') as number[][][][]);
    expect(projBig.shape).toEqual([1, 1, 120, 20]);
    expect(tf.tidy(() => maxDiff(projSmall, tf.slice(projBig, [0, 0, 0, 0], [1, 1, 36, 12])))).toBe(0);
    // The third layer exists only in the 3-layer subnet; the conv op has weights of its own.
    expect(() => big.getLayer('block1_layer2_dw_conv')).not.toThrow();
    const conv = s.toModel(withBlock(base(s), 1, { op: 'conv', expansion: 1 }));
    expect((weightOf(conv, 'block1_layer0_conv', 'kernel') as number[][][][]).length).toBe(5);
    tf.dispose([dwBig, dwSmall, expandBig, expandSmall, projBig, projSmall]);
    for (const m of [big, small, conv]) disposeModel(m);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a model without statistics has batch-norm moving mean 0 and variance 1', () => {
    const s = supernet();
    const model = s.toModel(base(s));
    expect((weightOf(model, 'stem_bn', 'moving_mean') as number[]).every((v) => v === 0)).toBe(true);
    expect((weightOf(model, 'stem_bn', 'moving_variance') as number[]).every((v) => v === 1)).toBe(true);
    disposeModel(model);
    s.dispose();
  });
});

describe('Supernet errors', () => {
  it('throws typed errors on bad options, a bad space, an architecture outside the space and a forward without statistics', () => {
    expect(() => Supernet.create({ space: TINY_SPACE, seed: 1.5 })).toThrow(InvalidOptionsError);
    expect(() => Supernet.create({ space: TINY_SPACE, bnEpsilon: 0 })).toThrowError(/bnEpsilon: expected a finite number > 0, received 0/);
    expect(() => Supernet.create({ space: TINY_SPACE, extra: 1 } as never)).toThrowError(/extra/);
    const badSpace = { ...TINY_SPACE, skeleton: [{ filters: 0, repeats: 1, stride: 1 }] };
    expect(() => Supernet.create({ space: badSpace })).toThrow(InvalidSpaceError);
    try {
      Supernet.create({ space: badSpace });
    } catch (error) {
      expect((error as InvalidSpaceError).path).toEqual(['space', 'skeleton', 0, 'filters']);
    }
    const before = tf.memory().numTensors;
    const s = Supernet.create({ space: TINY_SPACE });
    const arch = s.space.sample(new Rng(1));
    const x = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
    expect(() => s.forward(x, withBlock(arch, 0, { filters: 7 }), { training: true })).toThrow(InvalidArchitectureError);
    expect(() => s.toModel(withBlock(arch, 1, { kernel: 7 }))).toThrow(InvalidArchitectureError);
    expect(() => s.forward(x, arch)).toThrowError(/statistics/);
    expect(() => s.toModel(arch, { output: 'features' as never })).toThrow(InvalidOptionsError);
    const stats = s.calibrate(arch, []);
    expect(() => s.forward(x, arch, { statistics: stats })).toThrow(EvaluationError);
    x.dispose();
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Supernet.calibrate', () => {
  it("averages, per batch-norm layer, the batches' means and biased variances (the stem's checked by hand)", () => {
    const before = tf.memory().numTensors;
    const s = Supernet.create({ space: TINY_SPACE, seed: 2 });
    const arch = s.space.sample(new Rng(3));
    const batches = [0, 1, 2].map((i) => tf.randomNormal([4, 8, 8, 1], i, 1 + i, 'float32', 10 + i) as tf.Tensor4D);
    const stats = s.calibrate(arch, batches);
    expect(stats.batches).toBe(3);
    expect(stats.layerNames()).toContain('stem_bn');
    const [diffMean, diffVar] = tf.tidy(() => {
      const kernel = s.variables().get('shared|stem_conv/kernel') as tf.Variable;
      const moments = batches.map((x) => tf.moments(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), [0, 1, 2]));
      const mean = tf.div(tf.addN(moments.map((m) => m.mean)), 3);
      const variance = tf.div(tf.addN(moments.map((m) => m.variance)), 3);
      const got = stats.get('stem_bn') as { mean: tf.Tensor; variance: tf.Tensor };
      return [maxDiff(mean, got.mean), maxDiff(variance, got.variance)];
    });
    expect(diffMean).toBeLessThan(1e-5);
    expect(diffVar).toBeLessThan(1e-5);
    stats.dispose();
    tf.dispose(batches);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Supernet over other spaces', () => {
  it('matches buildModel with a fixed block, MBConv e1 (no expansion conv), a head conv, ReLU6 and dropout (inference)', () => {
    const before = tf.memory().numTensors;
    const space = {
      skeleton: [
        { fixed: { op: 'mbconv', kernel: 3, expansion: 1, seRatio: 0.25, skip: 'identity', filters: 8, repeats: 1, stride: 1 } },
        {
          filters: 12,
          repeats: 2,
          stride: 2,
          choices: {
            ops: [
              { op: 'mbconv', expansion: 1 },
              { op: 'mbconv', expansion: 4 },
              { op: 'dwconv', expansion: 1 },
            ],
            kernels: [3, 5, 7],
          },
        },
        { filters: 16, repeats: 1, stride: 2 },
      ],
      choices: { seRatios: [0, 0.5] },
      inputShape: [12, 12, 3],
      numClasses: 5,
      activation: 'relu6',
      stem: { filters: 8, kernel: 3, stride: 1 },
      head: { filters: 24, dropout: 0.3 },
    } as const;
    const s = Supernet.create({ space, seed: 7 });
    randomizeWeights(s, 7);
    const x = tf.randomNormal([2, 12, 12, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
    const rng = new Rng(9);
    for (let i = 0; i < 8; i++) {
      const arch = s.space.sample(rng);
      const stats = s.calibrate(arch, [x]);
      const model = s.toModel(arch, { statistics: stats });
      const [diff, scale] = tf.tidy(() => {
        const theirs = model.predict(x) as tf.Tensor;
        return [maxDiff(s.forward(x, arch, { statistics: stats }), theirs), tf.max(tf.abs(theirs)).dataSync()[0] as number];
      });
      expect(diff).toBeLessThan(1e-4 * Math.max(1, scale));
      disposeModel(model);
      stats.dispose();
    }
    x.dispose();
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '../../src/tfjs.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  InvalidArchitectureError,
  InvalidOptionsError,
  MnasError,
  buildModel,
  countParams,
  disposeModel,
  mnasnetA1,
  mnasnetB1,
  mnasnetSmall,
  mobilenetV2,
} from '../../src/index.js';
import { tinyArch, trainableParams } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Builds, runs `use`, disposes, and checks that no tensor outlives the model. */
function withModel<T>(arch: Parameters<typeof buildModel>[0], options: Parameters<typeof buildModel>[1], use: (m: tf.LayersModel) => T): T {
  const before = tf.memory().numTensors;
  const model = buildModel(arch, options);
  try {
    return use(model);
  } finally {
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  }
}

describe('buildModel', () => {
  it.each([
    ['mnasnetA1', mnasnetA1, 3_887_038],
    ['mnasnetB1', mnasnetB1, 4_383_312], // torchvision mnasnet1_0
    ['mnasnetSmall', mnasnetSmall, 2_030_264],
    ['mobilenetV2', mobilenetV2, 3_504_872], // torchvision mobilenet_v2
  ] as const)('builds %s with exactly countParams trainable parameters', (_, preset, published) => {
    // Parameters do not depend on the resolution: build at 64x64 to keep weights the same and the graph cheap.
    const arch = preset({ inputShape: [64, 64, 3] });
    expect(countParams(arch)).toBe(published);
    expect(withModel(arch, {}, trainableParams)).toBe(published);
  });

  it.each([0.5, 1.3])('matches countParams for mnasnetB1 and mobilenetV2 at width %s', (widthMultiplier) => {
    for (const preset of [mnasnetB1, mobilenetV2]) {
      const arch = preset({ widthMultiplier, inputShape: [32, 32, 3], numClasses: 10 });
      expect(withModel(arch, {}, trainableParams)).toBe(countParams(arch));
    }
  });

  it('counts the tiny architecture exactly as summed by hand', () => {
    // stem 216+16; b0 dw 72+16, project 64+16; b1l0 expand 192+48, dw 600+48, SE (24->2->24) 50+72,
    // project 288+24; b1l1 expand 432+72, dw 900+72, SE (36->3->36) 111+144, project 432+24;
    // b2l0 conv 1728+32, SE (16->3->16) 51+64, pool shortcut conv 192+32; b2l1 conv 2304+32,
    // SE (16->4->16) 68+80; head 512+64; classifier 32*5+5.
    expect(withModel(tinyArch(), {}, trainableParams)).toBe(9233);
    expect(countParams(tinyArch())).toBe(9233);
  });

  it('outputs [batch, numClasses] probabilities that are finite and sum to 1', () => {
    withModel(tinyArch(), { seed: 3 }, (model) => {
      expect(model.inputs[0]?.shape).toEqual([null, 16, 16, 3]);
      expect(model.outputs[0]?.shape).toEqual([null, 5]);
      const probs = tf.tidy(() =>
        (model.predict(tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 7)) as tf.Tensor).arraySync(),
      ) as number[][];
      expect(probs).toHaveLength(2);
      for (const row of probs) {
        expect(row.every((p) => Number.isFinite(p) && p >= 0)).toBe(true);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
    });
  });

  it('outputs logits without softmax, and the same probabilities after softmax', () => {
    const input = tf.randomNormal([1, 16, 16, 3], 0, 1, 'float32', 11);
    const probs = withModel(tinyArch(), { seed: 5 }, (m) => tf.tidy(() => (m.predict(input) as tf.Tensor).arraySync()));
    const fromLogits = withModel(tinyArch(), { seed: 5, output: 'logits' }, (m) =>
      tf.tidy(() => tf.softmax(m.predict(input) as tf.Tensor).arraySync()),
    );
    input.dispose();
    const a = (probs as number[][])[0] as number[];
    const b = (fromLogits as number[][])[0] as number[];
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i] as number, 5));
  });

  it('ends at the last feature map for output "features", with or without a head conv', () => {
    withModel(tinyArch(), { output: 'features' }, (m) => {
      expect(m.outputs[0]?.shape).toEqual([null, 2, 2, 32]);
      expect(m.layers.some((l) => l.name === 'classifier')).toBe(false);
    });
    withModel(tinyArch({ head: { filters: 0, dropout: 0 } }), { output: 'features' }, (m) => {
      expect(m.outputs[0]?.shape).toEqual([null, 2, 2, 16]);
    });
  });

  it('fixes the batch size when asked', () => {
    withModel(tinyArch(), { batchSize: 4 }, (m) => {
      expect(m.inputs[0]?.shape).toEqual([4, 16, 16, 3]);
      expect(m.outputs[0]?.shape).toEqual([4, 5]);
    });
  });

  it('uses head.dropout unless options.dropout overrides it, and omits Dropout at rate 0', () => {
    const rate = (m: tf.LayersModel) => m.layers.find((l) => l.name === 'head_dropout')?.getConfig()['rate'] as number | undefined;
    expect(withModel(tinyArch(), {}, rate)).toBe(0.2);
    expect(withModel(tinyArch(), { dropout: 0.5 }, rate)).toBe(0.5);
    expect(withModel(tinyArch(), { dropout: 0 }, rate)).toBeUndefined();
  });

  it('uses ReLU6 (maxValue 6) for relu6 networks and plain ReLU otherwise', () => {
    const maxValues = (m: tf.LayersModel) =>
      new Set(m.layers.filter((l) => l.name.endsWith('_act') && !l.name.includes('_se_')).map((l) => l.getConfig()['maxValue'] ?? null));
    expect(withModel(tinyArch({ activation: 'relu6' }), {}, maxValues)).toEqual(new Set([6]));
    expect(withModel(tinyArch(), {}, maxValues)).toEqual(new Set([null]));
  });

  it('applies the BN momentum and epsilon options to every BatchNormalization', () => {
    withModel(tinyArch(), { bnMomentum: 0.9, bnEpsilon: 1e-5 }, (m) => {
      const bns = m.layers.filter((l) => l.getClassName() === 'BatchNormalization');
      expect(bns.length).toBeGreaterThan(0);
      for (const bn of bns) expect([bn.getConfig()['momentum'], bn.getConfig()['epsilon']]).toEqual([0.9, 1e-5]);
    });
  });

  it('gives identical weights for the same seed and different ones for another seed', () => {
    const weights = (seed: number) => withModel(tinyArch(), { seed }, (m) => m.getWeights().map((w) => Array.from(w.dataSync())));
    const a = weights(1);
    expect(weights(1)).toEqual(a);
    const b = weights(2);
    const kernelA = a[0] as number[];
    const kernelB = b[0] as number[];
    expect(kernelB).not.toEqual(kernelA);
  });

  it('initializes a layer from the seed and its name only, whatever the rest of the model', () => {
    const stem = (arch: ReturnType<typeof tinyArch>) =>
      withModel(arch, { seed: 9 }, (m) => Array.from(m.getLayer('stem_conv').getWeights()[0]?.dataSync() ?? []));
    expect(stem(tinyArch({ numClasses: 3, head: { filters: 0, dropout: 0 } }))).toEqual(stem(tinyArch()));
  });

  it('throws InvalidArchitectureError with the path of the bad field', () => {
    const bad = { ...tinyArch(), blocks: [{ ...tinyArch().blocks[0], kernel: 4 }] };
    expect(() => buildModel(bad as never)).toThrowError(InvalidArchitectureError);
    try {
      buildModel(bad as never);
    } catch (error) {
      expect((error as InvalidArchitectureError).path).toEqual(['blocks', 0, 'kernel']);
      expect((error as Error).message).toMatchInlineSnapshot(
        `"Invalid architecture at blocks[0].kernel: expected an odd integer in [1, 15], received 4"`,
      );
    }
  });

  it('throws InvalidOptionsError naming the bad option, before building anything', () => {
    const before = tf.memory().numTensors;
    expect(() => buildModel(tinyArch(), { dropout: 1 })).toThrowError(InvalidOptionsError);
    expect(() => buildModel(tinyArch(), { output: 'probs' as never })).toThrowError(/output/);
    expect(() => buildModel(tinyArch(), { batchSize: 0 })).toThrowError(/batchSize/);
    expect(() => buildModel(tinyArch(), { sed: 1 } as never)).toThrowError(/sed/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('wraps a tfjs failure in an MnasError with the cause, and frees the weights made before it', () => {
    const before = tf.memory().numTensors;
    const original = tf.layers.Layer.prototype.apply;
    let calls = 0;
    let allocatedAtFailure = 0;
    const boom = new Error('boom');
    const spy = vi.spyOn(tf.layers.Layer.prototype, 'apply').mockImplementation(function (this: tf.layers.Layer, ...args) {
      calls += 1;
      if (calls === 12) {
        allocatedAtFailure = tf.memory().numTensors - before; // midway through block 1
        throw boom;
      }
      return original.apply(this, args);
    });
    let caught: unknown;
    try {
      buildModel(tinyArch());
    } catch (error) {
      caught = error;
    } finally {
      spy.mockRestore();
    }
    expect(caught).toBeInstanceOf(MnasError);
    expect((caught as MnasError).code).toBe('invalid_architecture');
    expect((caught as MnasError).cause).toBe(boom);
    expect((caught as Error).message).toMatchInlineSnapshot(`"tfjs could not build the model: boom"`);
    expect(allocatedAtFailure).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('disposeModel', () => {
  it('frees every variable, tolerates a second call and undefined', () => {
    const before = tf.memory().numTensors;
    const model = buildModel(tinyArch());
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    expect(disposeModel(model)).toBe(model.weights.length);
    expect(tf.memory().numTensors).toBe(before);
    expect(disposeModel(model)).toBe(0);
    expect(disposeModel(undefined)).toBe(0);
  });
});

describe('buildModel errors', () => {
  it('is an MnasError subclass', () => {
    expect(() => buildModel({} as never)).toThrowError(MnasError);
  });
});

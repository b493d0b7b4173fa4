import * as tf from '../../src/tfjs.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Architecture, BlockSpec } from '../../src/index.js';
import { buildModel, disposeModel } from '../../src/index.js';
import { tinyArch, trainableParams } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

const BASE: BlockSpec = { op: 'mbconv', kernel: 3, expansion: 3, seRatio: 0, skip: 'identity', filters: 8, repeats: 1, stride: 1 };

/** Stem of 8 filters on a 7x7x3 input, then the given block, no head conv; outputs features. */
function oneBlock(block: Partial<BlockSpec>): Architecture {
  return tinyArch({
    inputShape: [7, 7, 3],
    stem: { filters: 8, kernel: 3, stride: 1 },
    blocks: [{ ...BASE, ...block }],
    head: { filters: 0, dropout: 0 },
  });
}

/** Outputs of two named layers of `model` on a fixed random input. */
function outputsOf(model: tf.LayersModel, a: string, b: string): [number[], number[]] {
  return tf.tidy(() => {
    const probe = tf.model({ inputs: model.inputs, outputs: [model.getLayer(a).output, model.getLayer(b).output] as tf.SymbolicTensor[] });
    const [ya, yb] = probe.predict(tf.randomNormal([1, 7, 7, 3], 0, 1, 'float32', 21)) as tf.Tensor[];
    return [Array.from((ya as tf.Tensor).dataSync()), Array.from((yb as tf.Tensor).dataSync())];
  });
}

/** Sets a BN layer's scale and shift to zero, so the branch it ends outputs zeros. */
function zeroBn(model: tf.LayersModel, name: string): void {
  const bn = model.getLayer(name);
  tf.tidy(() => bn.setWeights(bn.getWeights().map((w, i) => (i < 2 ? tf.zerosLike(w) : w))));
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 5));
}

const names = (m: tf.LayersModel) => m.layers.map((l) => l.name);

describe('blockLayer skips', () => {
  it('identity adds the input where stride is 1 and filters match', () => {
    const model = buildModel(oneBlock({ skip: 'identity' }), { output: 'features' });
    zeroBn(model, 'block0_layer0_project_bn');
    const [x, y] = outputsOf(model, 'stem_act', 'block0_layer0_add');
    expectClose(y, x);
    disposeModel(model);
  });

  it('identity adds nothing where the stride or the filters change', () => {
    for (const change of [{ stride: 2 }, { filters: 16 }]) {
      const model = buildModel(oneBlock({ skip: 'identity', ...change }), { output: 'features' });
      expect(names(model).some((n) => n.endsWith('_add') || n.includes('shortcut'))).toBe(false);
      disposeModel(model);
    }
  });

  it('pool is the identity where the shape is unchanged', () => {
    const model = buildModel(oneBlock({ skip: 'pool' }), { output: 'features' });
    expect(names(model).some((n) => n.includes('shortcut'))).toBe(false);
    zeroBn(model, 'block0_layer0_project_bn');
    const [x, y] = outputsOf(model, 'stem_act', 'block0_layer0_add');
    expectClose(y, x);
    disposeModel(model);
  });

  it('pool average-pools (pool = stride, same padding) when only the stride changes', () => {
    const model = buildModel(oneBlock({ skip: 'pool', stride: 2 }), { output: 'features' });
    expect(names(model).filter((n) => n.includes('shortcut'))).toEqual(['block0_layer0_shortcut_pool']);
    expect(model.outputs[0]?.shape).toEqual([null, 4, 4, 8]);
    zeroBn(model, 'block0_layer0_project_bn');
    const [x, y] = outputsOf(model, 'stem_act', 'block0_layer0_add');
    const pooled = tf.tidy(() => Array.from(tf.avgPool(tf.tensor4d(x, [1, 7, 7, 8]), 2, 2, 'same').dataSync()));
    expectClose(y, pooled);
    disposeModel(model);
  });

  it('pool adds a bias-free 1x1 conv and BN when the filters change, after pooling when strided', () => {
    const shortcut = (block: Partial<BlockSpec>) => {
      const model = buildModel(oneBlock({ skip: 'pool', ...block }), { output: 'features' });
      const found = names(model).filter((n) => n.includes('shortcut'));
      const conv = model.getLayer('block0_layer0_shortcut_conv');
      expect(conv.getConfig()['useBias']).toBe(false);
      expect(conv.getConfig()['kernelSize']).toEqual([1, 1]);
      disposeModel(model);
      return found;
    };
    expect(shortcut({ filters: 16 })).toEqual(['block0_layer0_shortcut_conv', 'block0_layer0_shortcut_bn']);
    expect(shortcut({ filters: 16, stride: 2 }).sort()).toEqual([
      'block0_layer0_shortcut_bn',
      'block0_layer0_shortcut_conv',
      'block0_layer0_shortcut_pool',
    ]);
  });

  it('none never adds a shortcut', () => {
    const model = buildModel(oneBlock({ skip: 'none', repeats: 3 }), { output: 'features' });
    expect(names(model).some((n) => n.endsWith('_add'))).toBe(false);
    disposeModel(model);
  });
});

describe('blockLayer ops', () => {
  it('builds conv as kxk conv, BN, act', () => {
    const model = buildModel(oneBlock({ op: 'conv', expansion: 1, kernel: 5, skip: 'none', filters: 12 }), { output: 'features' });
    expect(names(model).filter((n) => n.startsWith('block0'))).toEqual(['block0_layer0_conv', 'block0_layer0_bn', 'block0_layer0_act']);
    expect(trainableParams(model) - (3 * 3 * 3 * 8 + 16)).toBe(5 * 5 * 8 * 12 + 24);
    disposeModel(model);
  });

  it('builds dwconv exactly like mbconv with expansion 1 (no expand conv, linear projection)', () => {
    const dw = buildModel(oneBlock({ op: 'dwconv', expansion: 1, filters: 16 }), { output: 'features' });
    const mb = buildModel(oneBlock({ op: 'mbconv', expansion: 1, filters: 16 }), { output: 'features' });
    expect(names(dw)).toEqual(names(mb));
    expect(names(dw).filter((n) => n.startsWith('block0'))).toEqual([
      'block0_layer0_dw_conv',
      'block0_layer0_dw_bn',
      'block0_layer0_dw_act',
      'block0_layer0_project_conv',
      'block0_layer0_project_bn',
    ]);
    expect(trainableParams(dw)).toBe(trainableParams(mb));
    disposeModel(dw);
    disposeModel(mb);
  });

  it('expands mbconv to input filters x expansion, depthwise with the block stride and kernel', () => {
    const model = buildModel(oneBlock({ expansion: 6, kernel: 5, stride: 2, filters: 16 }), { output: 'features' });
    expect(model.getLayer('block0_layer0_expand_conv').getConfig()['filters']).toBe(48);
    const dw = model.getLayer('block0_layer0_dw_conv').getConfig();
    expect([dw['kernelSize'], dw['strides'], dw['useBias']]).toEqual([[5, 5], [2, 2], false]);
    expect(model.outputs[0]?.shape).toEqual([null, 4, 4, 16]);
    disposeModel(model);
  });

  it('skips blocks with repeats 0: the next block takes the previous output', () => {
    const arch = {
      ...oneBlock({}),
      blocks: [
        { ...BASE, repeats: 0, filters: 40 },
        { ...BASE, filters: 16 },
      ],
    };
    const model = buildModel(arch, { output: 'features' });
    expect(names(model).some((n) => n.startsWith('block0'))).toBe(false);
    expect(model.getLayer('block1_layer0_expand_conv').getConfig()['filters']).toBe(24);
    disposeModel(model);
  });

  it('gives the first layer the block stride and the later ones stride 1', () => {
    const model = buildModel(oneBlock({ stride: 2, repeats: 3 }), { output: 'features' });
    const strides = [0, 1, 2].map((j) => model.getLayer(`block0_layer${j}_dw_conv`).getConfig()['strides']);
    expect(strides).toEqual([
      [2, 2],
      [1, 1],
      [1, 1],
    ]);
    disposeModel(model);
  });
});

describe('squeeze-and-excitation', () => {
  it('reduces to max(1, floor(layer input filters * ratio)): block input for layer 0, output filters after', () => {
    const model = buildModel(oneBlock({ seRatio: 0.25, filters: 20, repeats: 2 }), { output: 'features' });
    const reduce = (j: number) => model.getLayer(`block0_layer${j}_se_reduce`).getConfig()['filters'];
    expect([reduce(0), reduce(1)]).toEqual([2, 5]);
    // SE acts on the expanded channels: 8 * 3 for layer 0, 20 * 3 for layer 1.
    expect(model.getLayer('block0_layer0_se_expand').getConfig()['filters']).toBe(24);
    expect(model.getLayer('block0_layer1_se_expand').getConfig()['filters']).toBe(60);
    expect(model.getLayer('block0_layer0_se_reduce').getConfig()['useBias']).toBe(true);
    disposeModel(model);
  });

  it('multiplies the depthwise output by a sigmoid gate broadcast over H and W', () => {
    const model = buildModel(oneBlock({ seRatio: 0.5 }), { output: 'features' });
    const expand = model.getLayer('block0_layer0_se_expand');
    tf.tidy(() => expand.setWeights(expand.getWeights().map((w) => tf.zerosLike(w)))); // gate = sigmoid(0) = 0.5
    const [x, y] = outputsOf(model, 'block0_layer0_dw_act', 'block0_layer0_se_excite');
    expectClose(
      y,
      x.map((v) => v / 2),
    );
    disposeModel(model);
  });

  it('puts SE on the conv output for op conv, and not at all at ratio 0', () => {
    const conv = buildModel(oneBlock({ op: 'conv', expansion: 1, seRatio: 0.25, filters: 16 }), { output: 'features' });
    expect(conv.getLayer('block0_layer0_se_expand').getConfig()['filters']).toBe(16);
    expect(conv.getLayer('block0_layer0_se_reduce').getConfig()['filters']).toBe(2);
    disposeModel(conv);
    const plain = buildModel(oneBlock({ seRatio: 0 }), { output: 'features' });
    expect(names(plain).some((n) => n.includes('_se_'))).toBe(false);
    disposeModel(plain);
  });
});

describe('buildModel layer names', () => {
  it('are deterministic and readable', () => {
    const model = buildModel(tinyArch());
    expect(names(model).join(' ')).toMatchInlineSnapshot(
      `"input stem_conv stem_bn stem_act block0_layer0_dw_conv block0_layer0_dw_bn block0_layer0_dw_act block0_layer0_project_conv block0_layer0_project_bn block0_layer0_add block1_layer0_expand_conv block1_layer0_expand_bn block1_layer0_expand_act block1_layer0_dw_conv block1_layer0_dw_bn block1_layer0_dw_act block1_layer0_se_squeeze block1_layer0_se_reshape block1_layer0_se_reduce block1_layer0_se_reduce_act block1_layer0_se_expand block1_layer0_se_gate block1_layer0_se_excite block1_layer0_project_conv block1_layer0_project_bn block1_layer1_expand_conv block1_layer1_expand_bn block1_layer1_expand_act block1_layer1_dw_conv block1_layer1_dw_bn block1_layer1_dw_act block1_layer1_se_squeeze block1_layer1_se_reshape block1_layer1_se_reduce block1_layer1_se_reduce_act block1_layer1_se_expand block1_layer1_se_gate block1_layer1_se_excite block1_layer1_project_conv block1_layer1_project_bn block1_layer1_add block2_layer0_conv block2_layer0_bn block2_layer0_act block2_layer0_se_squeeze block2_layer0_se_reshape block2_layer0_se_reduce block2_layer0_se_reduce_act block2_layer0_shortcut_pool block2_layer0_se_expand block2_layer0_shortcut_conv block2_layer0_se_gate block2_layer0_shortcut_bn block2_layer0_se_excite block2_layer0_add block2_layer1_conv block2_layer1_bn block2_layer1_act block2_layer1_se_squeeze block2_layer1_se_reshape block2_layer1_se_reduce block2_layer1_se_reduce_act block2_layer1_se_expand block2_layer1_se_gate block2_layer1_se_excite block2_layer1_add head_conv head_bn head_act head_pool head_dropout classifier"`,
    );
    disposeModel(model);
  });
});

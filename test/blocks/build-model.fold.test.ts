import * as tf from '../../src/tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/index.js';
import { buildModel, disposeModel } from '../../src/index.js';
import { tinyArch, trainableParams } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function predict(model: tf.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.randomNormal([2, 16, 16, 3], 0, 2, 'float32', 5)) as tf.Tensor).dataSync()));
}

describe('buildModel with foldBatchNorm', () => {
  it.each(['relu', 'relu6'] as const)('computes what the unfolded model computes for the same seed (%s)', (activation) => {
    const before = tf.memory().numTensors;
    const arch: Architecture = tinyArch({ activation, numClasses: 7 });
    const plain = buildModel(arch, { seed: 8, output: 'logits' });
    const folded = buildModel(arch, { seed: 8, output: 'logits', foldBatchNorm: true });
    const a = predict(plain);
    const b = predict(folded);
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i] as number, 5));
    disposeModel(plain);
    disposeModel(folded);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has no BatchNormalization, a bias per former BN channel, and fuses only plain ReLU into Conv2D', () => {
    for (const activation of ['relu', 'relu6'] as const) {
      const plain = buildModel(tinyArch({ activation }));
      const folded = buildModel(tinyArch({ activation }), { foldBatchNorm: true });
      const classes = folded.layers.map((l) => l.getClassName());
      expect(classes).not.toContain('BatchNormalization');
      const bnChannels = plain.layers
        .filter((l) => l.getClassName() === 'BatchNormalization')
        .reduce((sum, l) => sum + ((l.getWeights()[0]?.shape[0] as number) ?? 0), 0);
      expect(trainableParams(plain) - trainableParams(folded)).toBe(bnChannels);
      const stem = folded.getLayer('stem_conv').getConfig();
      expect(stem['useBias']).toBe(true);
      expect(stem['activation']).toBe(activation === 'relu' ? 'relu' : 'linear');
      expect(folded.layers.some((l) => l.name === 'stem_act')).toBe(activation === 'relu6');
      expect(folded.getLayer('block1_layer0_project_conv').getConfig()['activation']).toBe('linear');
      expect(folded.getLayer('block1_layer0_dw_conv').getConfig()['useBias']).toBe(true);
      expect(folded.layers.some((l) => l.name === 'block1_layer0_dw_act')).toBe(true);
      disposeModel(plain);
      disposeModel(folded);
    }
  });
});

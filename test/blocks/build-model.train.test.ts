import * as tf from '../../src/tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel } from '../../src/index.js';
import { tinyArch } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('buildModel models', () => {
  it('train: one fit step changes every trainable weight (SE, pool shortcut included) and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel(tinyArch(), { seed: 4 });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const initial = model.trainableWeights.map((w) => Array.from(w.read().dataSync()));
    const x = tf.randomNormal([4, 16, 16, 3], 0, 1, 'float32', 1);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 5));
    const history = await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    x.dispose();
    y.dispose();
    expect(Number.isFinite(history.history['loss']?.[0] as number)).toBe(true);
    const unchanged = model.trainableWeights
      .filter((w, i) => {
        const now = w.read().dataSync();
        return (initial[i] as number[]).every((v, j) => v === now[j]);
      })
      .map((w) => w.name);
    expect(unchanged).toEqual([]);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('map weights by layer name: copying them across seeds gives the same predictions', () => {
    const before = tf.memory().numTensors;
    const a = buildModel(tinyArch(), { seed: 1 });
    const b = buildModel(tinyArch(), { seed: 2 });
    for (const layer of a.layers) b.getLayer(layer.name).setWeights(layer.getWeights());
    const [pa, pb] = tf.tidy(() => {
      const x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 3);
      return [(a.predict(x) as tf.Tensor).arraySync(), (b.predict(x) as tf.Tensor).arraySync()];
    });
    expect(pb).toEqual(pa);
    disposeModel(a);
    disposeModel(b);
    expect(tf.memory().numTensors).toBe(before);
  });
});

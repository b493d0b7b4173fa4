import * as tf from '../../src/tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetBatch, type ImageDataset } from '../../src/evaluate/index.js';

describe('datasetBatch', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gathers the rows at the given indices with one-hot labels, leaking nothing', () => {
    const images = Float32Array.from({ length: 3 * 2 * 2 * 1 }, (_, i) => i);
    const ds: ImageDataset = { name: 'tiny', images, labels: Int32Array.from([2, 0, 1]), imageShape: [2, 2, 1], numClasses: 3, count: 3 };
    const before = tf.memory().numTensors;
    const { x, y } = datasetBatch(ds, [2, 0], 3);
    expect(x.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(x.dataSync())).toEqual([8, 9, 10, 11, 0, 1, 2, 3]);
    expect(y.arraySync()).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '../../src/tfjs.js';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { datasetFromArrays } from '../../src/evaluate/image-dataset.js';
import { resolveProxyTrainerOptions } from '../../src/evaluate/proxy-trainer-options.js';
import { LIMITS } from '../../src/validate.js';

function error(f: () => unknown): InvalidOptionsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidOptionsError);
    return e as InvalidOptionsError;
  }
  throw new Error('expected a throw');
}

describe('datasetFromArrays limits', () => {
  const images = new Float32Array(4);
  it('rejects a label past LIMITS.classes before one-hot encoding can allocate for it', () => {
    const before = tf.memory().numTensors;
    for (const label of [LIMITS.classes, 1e9, 2 ** 53]) {
      const e = error(() => datasetFromArrays({ images, labels: [0, label], imageShape: [1, 2, 1] }));
      expect(e.path).toEqual(['labels', 1]);
      expect(e.received).toBe(label);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects numClasses past LIMITS.classes and an image side past LIMITS.inputSide', () => {
    expect(error(() => datasetFromArrays({ images, labels: [0, 1], imageShape: [1, 2, 1], numClasses: LIMITS.classes + 1 })).path).toEqual([
      'numClasses',
    ]);
    expect(error(() => datasetFromArrays({ images, labels: [0, 1], imageShape: [LIMITS.inputSide + 1, 2, 1] })).path).toEqual([
      'imageShape',
    ]);
  });
});

describe('resolveProxyTrainerOptions limits', () => {
  it.each(['batchSize', 'evalBatchSize'])('bounds %s by LIMITS.batchSize', (field) => {
    const e = error(() => resolveProxyTrainerOptions({ [field]: LIMITS.batchSize + 1 }));
    expect(e.path).toEqual([field]);
    expect(e.expected).toBe(`an integer in [1, ${LIMITS.batchSize}]`);
    expect(resolveProxyTrainerOptions({ [field]: LIMITS.batchSize })[field as 'batchSize']).toBe(LIMITS.batchSize);
  });
});

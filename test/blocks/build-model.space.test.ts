import * as tf from '../../src/tfjs.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, buildModel, countParams, disposeModel, mnasnetSpace } from '../../src/index.js';
import { trainableParams } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Small inputs and 10 classes keep builds cheap; the block layers are the space's own.
const space = mnasnetSpace({ inputShape: [32, 32, 3], numClasses: 10 });
const tokensArb = fc.tuple(...space.decisions.map((d) => fc.nat(d.size - 1)));

describe('buildModel over mnasnetSpace (property)', () => {
  it('builds decoded token lists with exactly countParams trainable parameters and finite outputs', () => {
    fc.assert(
      fc.property(tokensArb, (tokens) => {
        const arch = space.decode(tokens);
        const before = tf.memory().numTensors;
        const model = buildModel(arch, { seed: 1 });
        try {
          expect(trainableParams(model)).toBe(countParams(arch));
          const ok = tf.tidy(() => tf.all(tf.isFinite(model.predict(tf.ones([1, 32, 32, 3])) as tf.Tensor)).dataSync()[0]);
          expect(ok).toBe(1);
        } finally {
          disposeModel(model);
        }
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 4, seed: 7 },
    );
  });

  it('builds sampled architectures with exactly countParams trainable parameters', () => {
    const rng = new Rng(2019);
    for (let i = 0; i < 3; i++) {
      const arch = space.sample(rng);
      const model = buildModel(arch);
      expect(trainableParams(model)).toBe(countParams(arch));
      disposeModel(model);
    }
  });
});

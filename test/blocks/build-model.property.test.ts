import * as tf from '../../src/tfjs.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture, BlockSpec } from '../../src/index.js';
import { buildModel, countParams, disposeModel, resolveNetwork } from '../../src/index.js';
import { trainableParams } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const blockArb: fc.Arbitrary<BlockSpec> = fc
  .record({
    op: fc.constantFrom('conv', 'dwconv', 'mbconv'),
    kernel: fc.constantFrom(1, 3, 5, 7),
    expansion: fc.integer({ min: 1, max: 6 }),
    seRatio: fc.constantFrom(0, 0.1, 0.25, 0.5, 1),
    skip: fc.constantFrom('none', 'identity', 'pool'),
    filters: fc.integer({ min: 1, max: 24 }),
    repeats: fc.integer({ min: 0, max: 3 }),
    stride: fc.constantFrom(1, 2),
  })
  .map((b) => ({ ...b, expansion: b.op === 'mbconv' ? b.expansion : 1 }) as BlockSpec);

/** Small but arbitrary architectures: every op, SE ratio, skip, odd sizes, absent blocks. */
const archArb: fc.Arbitrary<Architecture> = fc.record({
  inputShape: fc.tuple(fc.integer({ min: 3, max: 19 }), fc.integer({ min: 3, max: 19 }), fc.integer({ min: 1, max: 4 })),
  numClasses: fc.integer({ min: 1, max: 7 }),
  activation: fc.constantFrom('relu', 'relu6'),
  stem: fc.record({ filters: fc.integer({ min: 1, max: 16 }), kernel: fc.constantFrom(1, 3, 5), stride: fc.constantFrom(1, 2) }),
  blocks: fc.array(blockArb, { minLength: 1, maxLength: 4 }),
  head: fc.record({ filters: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })), dropout: fc.constantFrom(0, 0.2) }),
});

describe('buildModel (property)', () => {
  it('builds every valid architecture with countParams trainable parameters, the planned shapes, and no leak', () => {
    fc.assert(
      fc.property(archArb, fc.integer({ min: 0, max: 1000 }), (arch, seed) => {
        const before = tf.memory().numTensors;
        const plan = resolveNetwork(arch);
        const model = buildModel(arch, { seed });
        const features = buildModel(arch, { seed, output: 'features' });
        try {
          expect(trainableParams(model)).toBe(countParams(arch));
          expect(model.outputs[0]?.shape).toEqual([null, arch.numClasses]);
          expect(features.outputs[0]?.shape).toEqual([null, ...plan.head.inputSize, plan.head.features]);
          for (const layer of plan.layers) {
            const out = model.layers.filter((l) => l.name.startsWith(`block${layer.block}_layer${layer.layer}_`)).at(-1);
            expect(out?.outputShape).toEqual([null, ...layer.outputSize, layer.outputFilters]);
          }
          const finite = tf.tidy(() => {
            const y = model.predict(tf.randomUniform([1, ...arch.inputShape], -1, 1, 'float32', seed)) as tf.Tensor;
            return tf.all(tf.isFinite(y)).dataSync()[0] === 1;
          });
          expect(finite).toBe(true);
        } finally {
          disposeModel(model);
          disposeModel(features);
        }
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 30, seed: 20261127 },
    );
  });
});

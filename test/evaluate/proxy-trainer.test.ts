import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { AbortError, EvaluationError, InvalidOptionsError } from '../../src/errors.js';
import { type EvaluationProgress, ProxyTrainer, learningRateAt, resolveProxyTrainerOptions } from '../../src/evaluate/index.js';
import { PROXY_ARCH } from './fixtures.js';

const ARCH = PROXY_ARCH;

const SMALL = { trainSize: 16, validationSize: 16, batchSize: 8, steps: 2, seed: 3 } as const;

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

describe('ProxyTrainer', () => {
  it('trains 2 steps on a few MNIST images at 16x16 and reports accuracy, loss, steps, epochs, wall time', async () => {
    const progress: EvaluationProgress[] = [];
    const result = await new ProxyTrainer(SMALL).evaluate(ARCH, { onProgress: (p) => progress.push(p) });
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.accuracy).toBeLessThanOrEqual(1);
    expect(Number.isFinite(result.loss)).toBe(true);
    expect(result.steps).toBe(2);
    expect(result.epochs).toBe(1);
    expect(result.wallMs).toBeGreaterThan(0);
    expect(result.extra).toMatchObject({ backend: 'wasm', trainImages: 16, validationImages: 16, dataset: 'mnist:train' });
    expect(progress.map((p) => p.step)).toEqual([1, 2, 2]);
    expect(progress.at(-1)?.fraction).toBe(1);
    for (let i = 1; i < progress.length; i++)
      expect((progress[i] as EvaluationProgress).fraction).toBeGreaterThan((progress[i - 1] as EvaluationProgress).fraction);
  });

  it('is deterministic for a seed, and another seed trains differently', async () => {
    const a = await new ProxyTrainer(SMALL).evaluate(ARCH);
    const b = await new ProxyTrainer(SMALL).evaluate(ARCH);
    const c = await new ProxyTrainer({ ...SMALL, seed: 4 }).evaluate(ARCH);
    expect([b.accuracy, b.loss]).toEqual([a.accuracy, a.loss]);
    expect(c.loss).not.toBe(a.loss);
  });

  it('leaks no tensors across many evaluations, with every optimizer', async () => {
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      const trainer = new ProxyTrainer({ ...SMALL, steps: 1, optimizer });
      await trainer.evaluate(ARCH);
      const tensors = tf.memory().numTensors;
      const buffers = tf.engine().backend.numDataIds();
      for (let i = 0; i < 3; i++) await trainer.evaluate(ARCH);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.engine().backend.numDataIds()).toBe(buffers);
    }
  });

  it('rejects with AbortError when aborted between batches, and disposes everything', async () => {
    const trainer = new ProxyTrainer({ ...SMALL, steps: 5 });
    await trainer.evaluate(ARCH, { signal: AbortSignal.abort() }).catch(() => undefined);
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    const steps: number[] = [];
    const run = trainer.evaluate(ARCH, {
      signal: controller.signal,
      onProgress: (p) => {
        steps.push(p.step ?? -1);
        if (p.step === 2) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(steps).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('rejects at once with AbortError when the signal is already aborted', async () => {
    await expect(new ProxyTrainer(SMALL).evaluate(ARCH, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('says which backend it wants when another is active', async () => {
    const error = await new ProxyTrainer({ ...SMALL, backend: 'cpu' }).evaluate(ARCH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as EvaluationError).path).toEqual(['backend']);
    expect((error as Error).message).toMatchInlineSnapshot(
      `"ProxyTrainer is set to train on the 'cpu' backend but the active tfjs backend is 'wasm': call \`await tf.setBackend('cpu')\` first"`,
    );
  });

  it('reports the validation accuracy at its checkpoints: the last equals the result, an earlier one a shorter run, and training is unchanged', async () => {
    const constant = { ...SMALL, steps: 4, schedule: 'constant' } as const;
    const plain = await new ProxyTrainer(constant).evaluate(ARCH);
    const tensors = tf.memory().numTensors;
    const progress: EvaluationProgress[] = [];
    const result = await new ProxyTrainer({ ...constant, checkpoints: [2, 4] }).evaluate(ARCH, { onProgress: (p) => progress.push(p) });
    expect(tf.memory().numTensors).toBe(tensors);
    const checkpoints = progress.filter((p) => p.accuracy !== undefined);
    expect(checkpoints.map((p) => p.step)).toEqual([2, 4]);
    expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 4]);
    expect(checkpoints[1]?.accuracy).toBe(result.accuracy);
    expect([result.accuracy, result.loss]).toEqual([plain.accuracy, plain.loss]);
    const twoSteps = await new ProxyTrainer({ ...constant, steps: 2 }).evaluate(ARCH);
    expect(checkpoints[0]?.accuracy).toBe(twoSteps.accuracy);
    expect(plain.extra).toEqual(result.extra);
  });

  it("with score 'loss' reports exp(-validation loss) as accuracy, at checkpoints too, after the same training", async () => {
    const byAccuracy = await new ProxyTrainer({ ...SMALL, checkpoints: [1, 2] }).evaluate(ARCH);
    const progress: EvaluationProgress[] = [];
    const byLoss = await new ProxyTrainer({ ...SMALL, checkpoints: [1, 2], score: 'loss' }).evaluate(ARCH, {
      onProgress: (p) => progress.push(p),
    });
    expect(byLoss.loss).toBe(byAccuracy.loss);
    expect(byLoss.accuracy).toBe(Math.exp(-(byLoss.loss as number)));
    expect(byLoss.extra).toMatchObject({ score: 'loss', validationAccuracy: byAccuracy.accuracy });
    expect(byAccuracy.extra).toMatchObject({ score: 'accuracy', validationAccuracy: byAccuracy.accuracy });
    const checkpoints = progress.filter((p) => p.accuracy !== undefined);
    expect(checkpoints.at(-1)?.accuracy).toBe(byLoss.accuracy);
    for (const p of checkpoints) expect(p.accuracy).toBeGreaterThan(0);
  });

  it('reports no accuracy without checkpoints', async () => {
    const progress: EvaluationProgress[] = [];
    await new ProxyTrainer(SMALL).evaluate(ARCH, { onProgress: (p) => progress.push(p) });
    expect(progress.some((p) => 'accuracy' in p)).toBe(false);
  });

  it('rejects a checkpoint beyond an epoch budget with InvalidOptionsError naming it', async () => {
    const error = await new ProxyTrainer({ trainSize: 16, validationSize: 16, batchSize: 8, epochs: 1, checkpoints: [1, 3] })
      .evaluate(ARCH)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).path).toEqual(['checkpoints', 1]);
    expect((error as Error).message).toMatchInlineSnapshot(
      `"Invalid option at checkpoints[1]: expected a step no greater than the 2 steps of the training, received 3"`,
    );
  });

  it('throws EvaluationError when the architecture has fewer classes than the dataset', async () => {
    await expect(new ProxyTrainer(SMALL).evaluate({ ...ARCH, numClasses: 5 })).rejects.toThrow(/5 classes but dataset mnist:train has 10/);
  });
});

describe('resolveProxyTrainerOptions', () => {
  it('fills the defaults', () => {
    expect(resolveProxyTrainerOptions()).toMatchObject({
      dataset: 'mnist',
      epochs: 1,
      steps: undefined,
      batchSize: 32,
      optimizer: 'momentum',
      learningRate: 0.05,
      schedule: 'cosine',
      bnMomentum: 0.9,
      registerKernels: true,
      checkpoints: [],
      score: 'accuracy',
    });
    expect(resolveProxyTrainerOptions({ optimizer: 'adam' }).learningRate).toBe(0.002);
  });

  it.each([
    [{ batchSize: 0 }, ['batchSize']],
    [{ steps: 1.5 }, ['steps']],
    [{ epochs: 0 }, ['epochs']],
    [{ optimizer: 'rmsprop' }, ['optimizer']],
    [{ learningRate: -1 }, ['learningRate']],
    [{ momentum: 1 }, ['momentum']],
    [{ schedule: 'step' }, ['schedule']],
    [{ dataset: 'cifar' }, ['dataset']],
    [{ seed: 0.5 }, ['seed']],
    [{ epoch: 3 }, ['epoch']],
    [{ checkpoints: 4 }, ['checkpoints']],
    [{ checkpoints: [0] }, ['checkpoints', 0]],
    [{ checkpoints: [2, 2] }, ['checkpoints', 1]],
    [{ checkpoints: [1, 2.5] }, ['checkpoints', 1]],
    [{ checkpoints: ['1'] }, ['checkpoints', 0]],
    [{ steps: 4, checkpoints: [2, 5] }, ['checkpoints', 1]],
    [{ score: 'auc' }, ['score']],
  ])('throws InvalidOptionsError for %j', (options, path) => {
    const error = (() => {
      try {
        resolveProxyTrainerOptions(options as never);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).path).toEqual(path);
  });

  it('names the bad field, what was expected and what was received', () => {
    expect(() => resolveProxyTrainerOptions({ optimizer: 'rmsprop' as never })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid option at optimizer: expected 'sgd', 'momentum' or 'adam', received "rmsprop"]`,
    );
    expect(() => resolveProxyTrainerOptions({ checkpoints: [4, 3] })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid option at checkpoints[1]: expected an integer greater than the previous checkpoint 4, received 3]`,
    );
    expect(() => resolveProxyTrainerOptions({ steps: 4, checkpoints: [5] })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid option at checkpoints[0]: expected a step no greater than steps (4), received 5]`,
    );
  });
});

describe('learningRateAt', () => {
  it('cosine starts at the base rate, halves at mid-budget and never increases or leaves [0, base]', () => {
    expect(learningRateAt('cosine', 0.1, 0, 100)).toBeCloseTo(0.1, 12);
    expect(learningRateAt('cosine', 0.1, 50, 100)).toBeCloseTo(0.05, 12);
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 10, noNaN: true }), fc.integer({ min: 1, max: 1000 }), fc.nat(1000), (base, total, s) => {
        const step = s % total;
        const lr = learningRateAt('cosine', base, step, total);
        expect(lr).toBeGreaterThanOrEqual(0);
        expect(lr).toBeLessThanOrEqual(base);
        expect(learningRateAt('cosine', base, step + 1, total)).toBeLessThanOrEqual(lr);
        expect(learningRateAt('constant', base, step, total)).toBe(base);
      }),
    );
  });
});

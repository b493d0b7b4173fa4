import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { type EvaluationProgress, ProxyTrainer } from '../../src/evaluate/index.js';
import { SuccessiveHalvingPruner, prunedEvaluator } from '../../src/evaluate/pruning/index.js';
import { PROXY_ARCH } from './fixtures.js';

const SMALL = { trainSize: 16, validationSize: 16, batchSize: 8, steps: 4, seed: 3 } as const;

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

describe('prunedEvaluator(ProxyTrainer)', () => {
  it('stops a real training at the rung where it ranks low, resolving with that checkpoint and leaking no tensors', async () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2, minTrialsAtRung: 2, maxResource: SMALL.steps });
    const trainer = new ProxyTrainer({ ...SMALL, checkpoints: pruner.rungSteps(SMALL.steps) });
    expect(trainer.options.checkpoints).toEqual([2]);
    // An earlier trial that reached 100% at step 2: any real accuracy below it is pruned there.
    pruner.report('earlier', 2, 1);
    pruner.complete('earlier');
    await trainer.evaluate(PROXY_ARCH);
    const tensors = tf.memory().numTensors;
    const progress: EvaluationProgress[] = [];
    const result = await prunedEvaluator(trainer, pruner).evaluate(PROXY_ARCH, { trialKey: 'real', onProgress: (p) => progress.push(p) });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(progress.map((p) => p.step)).toEqual([1, 2]);
    const checkpoint = progress[1]?.accuracy as number;
    expect(checkpoint).toBeLessThan(1);
    expect(result).toMatchObject({
      accuracy: checkpoint,
      steps: 2,
      curve: [{ step: 2, accuracy: checkpoint }],
      extra: { pruned: true, prunedAtStep: 2 },
    });
  });
});

import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { missingTrainingKernels } from '../../src/blocks/index.js';
import { EvaluationError } from '../../src/errors.js';
import { ProxyTrainer } from '../../src/evaluate/index.js';
import type { Architecture } from '../../src/space/types.js';

const ARCH: Architecture = {
  inputShape: [8, 8, 1],
  numClasses: 10,
  activation: 'relu',
  stem: { filters: 4, kernel: 3, stride: 2 },
  blocks: [{ op: 'dwconv', kernel: 3, expansion: 1, seRatio: 0, skip: 'none', filters: 4, repeats: 1, stride: 1 }],
  head: { filters: 0, dropout: 0 },
};

// This file never calls registerWasmTrainingKernels: each vitest file has its own tfjs registry.
describe('ProxyTrainer on a wasm backend without the training kernels', () => {
  it('names the missing kernels when registerKernels is false, and registers them by default', async () => {
    await tf.setBackend('wasm');
    expect(missingTrainingKernels()).toEqual([
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'DepthwiseConv2dNativeBackpropFilter',
    ]);
    const options = { trainSize: 8, validationSize: 8, batchSize: 8, steps: 1 };
    const error = await new ProxyTrainer({ ...options, registerKernels: false }).evaluate(ARCH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as Error).message).toMatchInlineSnapshot(
      `"The tfjs wasm backend cannot train: kernels Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropInput, DepthwiseConv2dNativeBackpropFilter are not registered. Call registerWasmTrainingKernels() once, or leave the option registerKernels at true"`,
    );
    const result = await new ProxyTrainer(options).evaluate(ARCH);
    expect(result.steps).toBe(1);
    expect(missingTrainingKernels()).toEqual([]);
  });
});

/**
 * The embedded default of `mnas-ts search` (no arguments): the MnasNet loop
 * for real, sized to finish in under 10 minutes on a 2-core machine.
 *
 * @module
 */

import type { FactorizedSpaceOptions } from '../index.js';

/**
 * A MnasNet-style factorized space for 28 x 28 x 1 MNIST digits: a stride-2
 * stem and four searchable blocks over a small MobileNetV2-like skeleton,
 * each with the paper's per-block choices (conv op, kernel, SE, skip,
 * filters x{0.75, 1, 1.25}, layers {-1, 0, +1}): 432 choices per block, 24 decisions.
 */
export function mnistSpaceOptions(inputSize: number): FactorizedSpaceOptions {
  return {
    skeleton: [
      { filters: 16, repeats: 1, stride: 1 },
      { filters: 24, repeats: 2, stride: 2 },
      { filters: 40, repeats: 2, stride: 2 },
      { filters: 64, repeats: 1, stride: 1 },
    ],
    inputShape: [inputSize, inputSize, 1],
    numClasses: 10,
    stem: { filters: 16, kernel: 3, stride: 2 },
    head: { filters: 0, dropout: 0 },
  };
}

/** Defaults of the no-argument run (a stated latency target; tuned trials). */
export const DEFAULT_RUN = {
  measurer: 'wasm',
  out: 'mnas-ts-run',
  /** Latency target T of the soft reward, ms (median single-image inference on Node WASM). */
  targetMs: 0.5,
  trials: 60,
  inputSize: 28,
  training: { epochs: 1, batchSize: 64, trainExamples: 2000, validationExamples: 1000, learningRate: 0.01 },
} as const;

/**
 * The embedded default of `mnas-ts search` (no arguments): the MnasNet loop
 * for real, sized to finish in under 10 minutes on a 2-core machine.
 *
 * @module
 */

import type { FactorizedSpaceOptions } from '../index.js';

/**
 * A MnasNet-style factorized space for 28 x 28 x 1 MNIST digits: a stride-2
 * stem (8 filters) and four searchable blocks over a small MobileNetV2-like
 * skeleton (base filters 8, 16, 24, 32; layers 1, 2, 2, 1; strides 1, 2, 2, 1),
 * each with the paper's per-block choices (conv op, kernel, SE, skip,
 * filters x{0.75, 1, 1.25}, layers {-1, 0, +1}): 432 choices per block, 24 decisions.
 */
export function mnistSpaceOptions(inputSize: number): FactorizedSpaceOptions {
  return {
    skeleton: [
      { filters: 8, repeats: 1, stride: 1 },
      { filters: 16, repeats: 2, stride: 2 },
      { filters: 24, repeats: 2, stride: 2 },
      { filters: 32, repeats: 1, stride: 1 },
    ],
    inputShape: [inputSize, inputSize, 1],
    numClasses: 10,
    stem: { filters: 8, kernel: 3, stride: 2 },
    head: { filters: 0, dropout: 0 },
  };
}

/**
 * Defaults of the no-argument run. The latency target is the median WASM
 * latency (CPU clock, batch 1) of architectures sampled from the space on the
 * 2-core development machine; the trials and the wall-time guard keep the
 * whole run under 10 minutes there (see docs/getting-started.md for the timing).
 */
export const DEFAULT_RUN = {
  measurer: 'wasm',
  out: 'mnas-ts-run',
  /** Latency target T of the soft reward, ms. */
  targetMs: 2,
  trials: 60,
  /** No new trial starts after this (a guard for slower or busier machines). */
  wallTimeMinutes: 7.5,
  inputSize: 28,
  /**
   * Dataset of the proxy training (`--data`): MNIST, whose short proxy training ranks candidates
   * more repeatably than Fashion-MNIST's (see docs/accuracy.md, "Which dataset").
   */
  data: 'mnist' as 'mnist' | 'fashion-mnist',
  /** How accuracy is estimated (`--evaluator`); see docs/accuracy.md for the measurements behind the choice. */
  evaluator: 'proxy',
  /** Early stopping of proxy training (`--pruner`). */
  pruner: 'none',
  /**
   * Proxy training: one pass over 2,048 MNIST digits (64 Adam steps of 32),
   * validated on 2,000 (which rank the Fashion-MNIST ground truth at tau 0.37
   * where 500 reach 0.28, for 8% more CPU; docs/accuracy.md).
   */
  training: { epochs: 1, batchSize: 32, trainSize: 2048, validationSize: 2000, learningRate: 0.01, optimizer: 'adam' },
} as const;

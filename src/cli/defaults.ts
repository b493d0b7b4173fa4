/**
 * The embedded default of `mnas-ts search` (no arguments): the MnasNet loop
 * for real, sized to finish in under 10 minutes on a 2-core machine.
 *
 * @module
 */

import type { FactorizedSpaceOptions } from '../index.js';

/**
 * Total stride of the default space for an input side: the largest of 8, 16
 * and 32 that leaves the last feature map at least 4 x 4 (sides rounded up,
 * as `same` padding does), and 8 below that: sides up to 48 give 8 (28
 * ends at 4 x 4), 49 to 96 give 16 (64 ends at 4 x 4, 96 at 6 x 6), 97 and
 * up give 32 (128 ends at 4 x 4, 224 at 7 x 7 as MnasNet's head).
 *
 * @example defaultTotalStride(28) // 8
 * @example defaultTotalStride(96) // 16
 * @example defaultTotalStride(224) // 32
 */
export function defaultTotalStride(inputSize: number): 8 | 16 | 32 {
  if (Math.ceil(inputSize / 32) >= 4) return 32;
  if (Math.ceil(inputSize / 16) >= 4) return 16;
  return 8;
}

/**
 * The default space: a MnasNet-style factorized space over a small
 * MobileNetV2-like skeleton, a stride-2 stem (8 filters) and four searchable
 * blocks (base filters 8, 16, 24, 32; layers 1, 2, 2, 1), each with the
 * paper's per-block choices (conv op, kernel, SE, skip, filters x{0.75, 1,
 * 1.25}, layers {-1, 0, +1}): 432 choices per block, 24 decisions.
 *
 * The block strides follow the input ({@link defaultTotalStride}): 1, 2, 2,
 * 1 for a total stride of 8 (sides up to 48, the 28 x 28 MNIST space), 1,
 * 2, 2, 2 for 16, 2, 2, 2, 2 for 32.
 *
 * @param channels - channels of the input (1 gray, 3 color). @defaultValue 1
 * @param numClasses - classes of the classifier. @defaultValue 10
 */
export function mnistSpaceOptions(inputSize: number, channels = 1, numClasses = 10): FactorizedSpaceOptions {
  const total = defaultTotalStride(inputSize);
  const strides = total === 8 ? [1, 2, 2, 1] : total === 16 ? [1, 2, 2, 2] : [2, 2, 2, 2];
  const filters = [8, 16, 24, 32];
  const repeats = [1, 2, 2, 1];
  return {
    skeleton: filters.map((f, i) => ({ filters: f, repeats: repeats[i] as number, stride: strides[i] as number })),
    inputShape: [inputSize, inputSize, channels],
    numClasses,
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
  data: 'mnist' as string,
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

/**
 * The embedded default of `mnas-ts search` (no arguments): the MnasNet loop
 * for real, sized to finish in under 10 minutes on a 2-core machine.
 *
 * @module
 */

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

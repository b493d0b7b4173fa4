/**
 * The defaults of `mnas-ts search` that the benches reproduce (docs/cli.md): the proxy-training
 * recipe and the latency target (kept by the CLI in `src/cli/defaults.ts`, which is not public;
 * `test/house/bench.test.ts` checks that these equal them), the default space at 28 x 28
 * (`defaultSpaceOptions()`, public) and the baseline networks (`baselineNames()` and
 * `createBaseline`, public).
 */

import { type Architecture, type FactorizedSpaceOptions, baselineNames, createBaseline, defaultSpaceOptions } from 'mnas-ts/space';

/** What the benches take of the no-argument run's defaults. */
export const DEFAULT_RUN = {
  /** Latency target T of the soft reward, ms. */
  targetMs: 2,
  /** Proxy training: one pass over 2,048 MNIST digits (64 Adam steps of 32), validated on 2,000. */
  training: { epochs: 1, batchSize: 32, trainSize: 2048, validationSize: 2000, learningRate: 0.01, optimizer: 'adam' },
} as const;

/** The CLI's default space at 28 x 28 x 1, 10 classes (24 decisions). */
export const CLI_SPACE_OPTIONS: FactorizedSpaceOptions = defaultSpaceOptions();

/** The CLI's baselines by name, as published (before `adaptStrides`), for `inputShape` and `numClasses`. */
export function baselineNetworks(inputShape: readonly [number, number, number], numClasses: number): Record<string, Architecture> {
  return Object.fromEntries(baselineNames().map((name) => [name, createBaseline(name, { inputShape, numClasses })]));
}

/**
 * The defaults of `mnas-ts search` that the benches reproduce (docs/cli.md): the default space
 * at 28 x 28, the proxy-training recipe, the latency target and the baseline networks. The CLI
 * keeps them in `src/cli/defaults.ts` and `src/cli/baselines.ts`, which are not public;
 * `test/house/bench.test.ts` checks that these equal them.
 */

import { type Architecture, type FactorizedSpaceOptions, createModel } from 'mnas-ts/space';

/** What the benches take of the no-argument run's defaults. */
export const DEFAULT_RUN = {
  /** Latency target T of the soft reward, ms. */
  targetMs: 2,
  /** Proxy training: one pass over 2,048 MNIST digits (64 Adam steps of 32), validated on 2,000. */
  training: { epochs: 1, batchSize: 32, trainSize: 2048, validationSize: 2000, learningRate: 0.01, optimizer: 'adam' },
} as const;

/**
 * The default space at 28 x 28 x 1, 10 classes: a stride-2 stem of 8 filters and four searchable
 * blocks (filters 8, 16, 24, 32; layers 1, 2, 2, 1; strides 1, 2, 2, 1), 24 decisions.
 */
export const CLI_SPACE_OPTIONS: FactorizedSpaceOptions = {
  skeleton: [
    { filters: 8, repeats: 1, stride: 1 },
    { filters: 16, repeats: 2, stride: 2 },
    { filters: 24, repeats: 2, stride: 2 },
    { filters: 32, repeats: 1, stride: 1 },
  ],
  inputShape: [28, 28, 1],
  numClasses: 10,
  stem: { filters: 8, kernel: 3, stride: 2 },
  head: { filters: 0, dropout: 0 },
};

/** The CLI's baselines: its name of each, the `createModel` preset and the width multiplier. */
const BASELINES: readonly (readonly [string, string, number])[] = [
  ['mobilenet-v2-0.35', 'mobilenet-v2', 0.35],
  ['mobilenet-v2-0.5', 'mobilenet-v2', 0.5],
  ['mobilenet-v2-0.75', 'mobilenet-v2', 0.75],
  ['mobilenet-v2-1.0', 'mobilenet-v2', 1],
  ['mnasnet-small', 'mnasnet-small', 1],
  ['mnasnet-a1', 'mnasnet-a1', 1],
];

/** The CLI's baselines by name, as published (before `adaptStrides`), for `inputShape` and `numClasses`. */
export function baselineNetworks(inputShape: readonly [number, number, number], numClasses: number): Record<string, Architecture> {
  return Object.fromEntries(
    BASELINES.map(([name, preset, widthMultiplier]) => [name, createModel(preset, { widthMultiplier, inputShape, numClasses })]),
  );
}

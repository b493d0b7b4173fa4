/**
 * The fixed MBConv + SE network that `npm run bench:train` times (and `bench/checkpoint-cost.ts`).
 *
 * @module
 */

import type { Architecture, BlockSpec } from 'mnas-ts/space';

const mb = (expansion: number, filters: number, kernel: number, stride: number): BlockSpec => ({
  op: 'mbconv',
  kernel,
  expansion,
  seRatio: 0.25,
  skip: 'identity',
  filters,
  repeats: 1,
  stride,
});

/**
 * The training-throughput reference network, 32 x 32 x 3 input, 10 classes:
 * stem conv 3 x 3 16; MBConv blocks (expansion, filters, kernel, stride)
 * e1 16 k3 s1, e4 24 k3 s2, e4 24 k3 s1, e4 40 k5 s2, e4 80 k3 s2,
 * e3 112 k3 s1, all with SE 0.25 and identity skips; global pooling; dense
 * 10. 107,740 trainable parameters (`countParams`). The same network is
 * built in PyTorch by `bench/train.ts` as the speed anchor.
 */
export const TRAINING_BENCHMARK_ARCHITECTURE: Architecture = {
  inputShape: [32, 32, 3],
  numClasses: 10,
  activation: 'relu',
  stem: { filters: 16, kernel: 3, stride: 1 },
  blocks: [mb(1, 16, 3, 1), mb(4, 24, 3, 2), mb(4, 24, 3, 1), mb(4, 40, 5, 2), mb(4, 80, 3, 2), mb(3, 112, 3, 1)],
  head: { filters: 0, dropout: 0 },
};

import type { Architecture } from '../../src/space/types.js';

/** A tiny MBConv + SE + pool-skip network at 16 x 16 x 3 (MNIST is resized and repeated to 3 channels), trained by the ProxyTrainer tests. */
export const PROXY_ARCH: Architecture = {
  inputShape: [16, 16, 3],
  numClasses: 10,
  activation: 'relu',
  stem: { filters: 8, kernel: 3, stride: 2 },
  blocks: [{ op: 'mbconv', kernel: 3, expansion: 2, seRatio: 0.25, skip: 'pool', filters: 8, repeats: 1, stride: 2 }],
  head: { filters: 0, dropout: 0 },
};

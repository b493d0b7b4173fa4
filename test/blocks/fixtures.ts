// Shared fixtures of the blocks tests.
import type { LayersModel } from '../../src/tfjs.js';
import type { Architecture } from '../../src/index.js';

/** A small network touching every op, SE and both skips, for fast behavioural tests. */
export function tinyArch(overrides: Partial<Architecture> = {}): Architecture {
  return {
    inputShape: [16, 16, 3],
    numClasses: 5,
    activation: 'relu',
    stem: { filters: 8, kernel: 3, stride: 2 },
    blocks: [
      { op: 'dwconv', kernel: 3, expansion: 1, seRatio: 0, skip: 'identity', filters: 8, repeats: 1, stride: 1 },
      { op: 'mbconv', kernel: 5, expansion: 3, seRatio: 0.25, skip: 'identity', filters: 12, repeats: 2, stride: 2 },
      { op: 'conv', kernel: 3, expansion: 1, seRatio: 0.25, skip: 'pool', filters: 16, repeats: 2, stride: 2 },
    ],
    head: { filters: 32, dropout: 0.2 },
    ...overrides,
  };
}

/** Number of trainable scalars of a tfjs model (what `countParams` counts). */
export function trainableParams(model: LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? Number.NaN), 1), 0);
}

// Hand-written reference architectures for the blocks tests (torchvision layouts).
import type { Architecture, BlockSpec } from '../../src/index.js';

type Row = readonly [op: BlockSpec['op'], kernel: number, expansion: number, filters: number, repeats: number, stride: number];

function blocks(rows: readonly Row[], skip: BlockSpec['skip'] = 'identity'): BlockSpec[] {
  return rows.map(([op, kernel, expansion, filters, repeats, stride]) => ({
    op, kernel, expansion, seRatio: 0, skip, filters, repeats, stride,
  }));
}

/** torchvision `mnasnet1_0` (MnasNet-B1 at width 1.0): 4,383,312 parameters at 1000 classes. */
export const MNASNET_B1: Architecture = {
  inputShape: [224, 224, 3],
  numClasses: 1000,
  activation: 'relu',
  stem: { filters: 32, kernel: 3, stride: 2 },
  blocks: [
    ...blocks([['dwconv', 3, 1, 16, 1, 1]], 'none'),
    ...blocks([
      ['mbconv', 3, 3, 24, 3, 2],
      ['mbconv', 5, 3, 40, 3, 2],
      ['mbconv', 5, 6, 80, 3, 2],
      ['mbconv', 3, 6, 96, 2, 1],
      ['mbconv', 5, 6, 192, 4, 2],
      ['mbconv', 3, 6, 320, 1, 1],
    ]),
  ],
  head: { filters: 1280, dropout: 0.2 },
};

/** torchvision `mobilenet_v2()`: 3,504,872 parameters at 1000 classes. */
export const MOBILENET_V2: Architecture = {
  inputShape: [224, 224, 3],
  numClasses: 1000,
  activation: 'relu6',
  stem: { filters: 32, kernel: 3, stride: 2 },
  blocks: blocks([
    ['mbconv', 3, 1, 16, 1, 1],
    ['mbconv', 3, 6, 24, 2, 2],
    ['mbconv', 3, 6, 32, 3, 2],
    ['mbconv', 3, 6, 64, 4, 2],
    ['mbconv', 3, 6, 96, 3, 1],
    ['mbconv', 3, 6, 160, 3, 2],
    ['mbconv', 3, 6, 320, 1, 1],
  ]),
  head: { filters: 1280, dropout: 0.2 },
};

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
export function trainableParams(model: { trainableWeights: readonly { shape: readonly number[] }[] }): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
}

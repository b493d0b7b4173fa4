/**
 * Published ImageNet networks adapted to small inputs the way their CIFAR
 * versions are: stride 1 in the stem and the first stages, so that the last
 * feature map keeps some spatial extent.
 *
 * @module
 */

import { InvalidOptionsError } from '../errors.js';
import { integer } from '../validate.js';
import type { Architecture } from './types.js';

/** The side of the last feature map of `arch` (`same` padding: each stride rounds up). */
export function lastFeatureSide(arch: Architecture): number {
  let side = Math.min(arch.inputShape[0], arch.inputShape[1]);
  side = Math.ceil(side / arch.stem.stride);
  for (const block of arch.blocks) if (block.repeats > 0) side = Math.ceil(side / block.stride);
  return side;
}

/**
 * Returns `arch` with stride 1 in the stem, then in the first strided
 * blocks, one at a time from the input on, until the last feature map is at
 * least `minSide` pixels a side (or no stride is left); everything else is
 * unchanged. At 32 x 32 this is the usual CIFAR MobileNetV2 (stem stride 1,
 * the first stride-2 block at stride 1: a 4 x 4 last map); at 224 x 224 the
 * published network is returned as it is. `arch` is not modified.
 *
 * @param minSide - the smallest side of the last feature map. @defaultValue 4
 * @throws InvalidOptionsError when `minSide` is not a positive integer.
 * @example
 * lastFeatureSide(adaptStrides(mobilenetV2({ inputShape: [28, 28, 1], numClasses: 10 }))); // 4
 */
export function adaptStrides(arch: Architecture, minSide = 4): Architecture {
  const rule = integer(1, 1 << 16);
  if (!rule.test(minSide)) {
    throw new InvalidOptionsError(`Invalid option minSide: expected ${rule.expected}, received ${String(minSide)}`, {
      path: ['minSide'],
      expected: rule.expected,
      received: minSide,
    });
  }
  let out = arch;
  while (lastFeatureSide(out) < minSide) {
    if (out.stem.stride > 1) {
      out = { ...out, stem: { ...out.stem, stride: 1 } };
      continue;
    }
    const i = out.blocks.findIndex((b) => b.repeats > 0 && b.stride > 1);
    if (i < 0) break;
    out = { ...out, blocks: out.blocks.map((b, j) => (j === i ? { ...b, stride: 1 } : b)) };
  }
  return out;
}

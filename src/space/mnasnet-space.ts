/**
 * `mnasnetSpace`: the MnasNet search space over the MobileNetV2 skeleton
 * (Tan et al. 2019, Sec. 4.1 and Fig. 4).
 *
 * @module
 */

import { InvalidSpaceError } from '../errors.js';
import type { FactorizedSpaceOptions, SkeletonBlock } from './factorized-options.js';
import { factorizedSpace } from './factorized-space.js';
import type { Architecture, SearchSpace } from './types.js';

/**
 * The MobileNetV2 skeleton: base filters 16, 24, 32, 64, 96, 160, 320; base
 * layers 1, 2, 3, 4, 3, 3, 1; strides 1, 2, 2, 2, 1, 2, 1.
 */
export const MOBILENET_V2_SKELETON: readonly SkeletonBlock[] = Object.freeze(
  [
    [16, 1, 1],
    [24, 2, 2],
    [32, 3, 2],
    [64, 4, 2],
    [96, 3, 1],
    [160, 3, 2],
    [320, 1, 1],
  ].map(([filters, repeats, stride]) =>
    Object.freeze({ filters: filters as number, repeats: repeats as number, stride: stride as number }),
  ),
);

/** Options of {@link mnasnetSpace}: those of {@link factorizedSpace} but the skeleton. */
export type MnasnetSpaceOptions = Omit<FactorizedSpaceOptions, 'skeleton'>;

/**
 * The MnasNet factorized hierarchical space: 7 blocks over
 * {@link MOBILENET_V2_SKELETON}, stem 32 (3 x 3, stride 2), head 1280,
 * dropout 0.2, ReLU. Per block, in token order: conv op {conv, dwconv,
 * mbconv e3, mbconv e6}, kernel {3, 5}, SE {0, 0.25}, skip {pool, identity,
 * none}, filters x{0.75, 1, 1.25} of the base, layers {-1, 0, +1} of the base:
 * 432 choices per block, 42 decisions, 432^7 (about 2.8e18) token lists.
 * A base-1 block with delta -1 has `repeats: 0` (absent).
 *
 * @throws InvalidSpaceError when an option is malformed.
 * @example
 * const space = mnasnetSpace();
 * space.decisions.length; // 42
 * space.size() === 432n ** 7n; // true
 * const arch = space.sample(new Rng(1));
 */
export function mnasnetSpace(options: MnasnetSpaceOptions = {}): SearchSpace<Architecture> {
  if (typeof options === 'object' && options !== null && 'skeleton' in options) {
    throw new InvalidSpaceError('Invalid space at skeleton: mnasnetSpace has the MobileNetV2 skeleton; use factorizedSpace for your own', {
      path: ['skeleton'],
    });
  }
  return factorizedSpace({ ...options, skeleton: MOBILENET_V2_SKELETON });
}

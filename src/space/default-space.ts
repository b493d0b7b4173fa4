/**
 * The default space of `mnas-ts search`, sized for its input: a small
 * MnasNet-style factorized space whose stride schedule follows the input
 * side, public so that scripts, benches and examples build the space the
 * CLI searches from one definition.
 *
 * @module
 */

import { InvalidSpaceError } from '../errors.js';
import { CLASS_COUNT, type Fail, LIMITS, check, checkKnownKeys, failWith, integer, isRecord, oneOf } from '../validate.js';
import type { FactorizedSpaceOptions } from './factorized-options.js';

/** Options of {@link defaultSpaceOptions}. Every field is optional. */
export interface DefaultSpaceOptions {
  /** Side of the square input, pixels (8 and up). @defaultValue 28 */
  readonly inputSize?: number;
  /** Channels of the input: 1 gray, 3 color. @defaultValue 1 */
  readonly channels?: 1 | 3;
  /** Classes of the classifier. @defaultValue 10 */
  readonly numClasses?: number;
}

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

const fail: Fail = failWith(InvalidSpaceError, 'default space options');

/**
 * The options of the CLI's default space for `factorizedSpace`: a
 * MobileNetV2-like skeleton of four searchable blocks (base filters 8, 16,
 * 24, 32; layers 1, 2, 2, 1) after a stride-2 stem of 8 filters, each block
 * with the paper's choices (conv op, kernel, SE, skip, filters x{0.75, 1,
 * 1.25}, layers {-1, 0, +1}): 432 choices per block, 24 decisions. The block
 * strides follow the input ({@link defaultTotalStride}): 1, 2, 2, 1 for a
 * total stride of 8 (sides up to 48; the 28 x 28 MNIST space), 1, 2, 2, 2
 * for 16, 2, 2, 2, 2 for 32.
 *
 * @throws InvalidSpaceError naming the bad or unknown option.
 * @example
 * const space = factorizedSpace(defaultSpaceOptions({ inputSize: 96, channels: 3, numClasses: 5 }));
 * space.decisions.length; // 24
 */
export function defaultSpaceOptions(options: DefaultSpaceOptions = {}): FactorizedSpaceOptions {
  const o: unknown = options;
  if (!isRecord(o)) return fail([], 'an object', o);
  checkKnownKeys(o, ['inputSize', 'channels', 'numClasses'], [], fail);
  const side = check(integer(8, LIMITS.inputSide), o['inputSize'] ?? 28, ['inputSize'], fail);
  const channels = check(oneOf([1, 3] as const), o['channels'] ?? 1, ['channels'], fail);
  const numClasses = check(CLASS_COUNT, o['numClasses'] ?? 10, ['numClasses'], fail);
  const total = defaultTotalStride(side);
  const strides = total === 8 ? [1, 2, 2, 1] : total === 16 ? [1, 2, 2, 2] : [2, 2, 2, 2];
  const filters = [8, 16, 24, 32];
  const repeats = [1, 2, 2, 1];
  return {
    skeleton: filters.map((f, i) => ({ filters: f, repeats: repeats[i] as number, stride: strides[i] as number })),
    inputShape: [side, side, channels],
    numClasses,
    stem: { filters: 8, kernel: 3, stride: 2 },
    head: { filters: 0, dropout: 0 },
  };
}

/**
 * Channel rounding and width/depth multipliers (MobileNetV2 / MnasNet /
 * EfficientNet conventions).
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';
import type { Architecture, BlockSpec } from './types.js';
import { assertArchitecture } from './validate.js';

/** Options of {@link roundFilters}. */
export interface RoundFiltersOptions {
  /** Multiplier applied before rounding. @defaultValue 1 */
  readonly multiplier?: number;
  /** Result is a multiple of this. @defaultValue 8 */
  readonly divisor?: number;
  /** Smallest result. @defaultValue the divisor */
  readonly minValue?: number;
}

function positive(name: string, v: unknown, integer: boolean): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && v > 0 && (!integer || Number.isSafeInteger(v));
  if (!ok) {
    throw new InvalidOptionsError(
      `Invalid option ${name}: expected a positive ${integer ? 'integer' : 'finite number'}, received ${describeValue(v)}`,
      { path: [name] },
    );
  }
  return v as number;
}

/**
 * Scales a channel count and rounds it to a multiple of `divisor`, never
 * below `minValue` nor below 90% of the scaled value (the `_make_divisible`
 * rule of MobileNetV2, TF MnasNet's `round_filters` and torchvision).
 *
 * @param filters - base channel count (a positive number).
 * @returns the rounded channel count.
 * @throws InvalidOptionsError on a non-positive or non-finite argument.
 * @example
 * roundFilters(32, { multiplier: 0.35 }); // 16 (8 would be below 90% of 11.2)
 * roundFilters(24, { multiplier: 1.3 });  // 32
 */
export function roundFilters(filters: number, options: RoundFiltersOptions = {}): number {
  const base = positive('filters', filters, false);
  const multiplier = positive('multiplier', options.multiplier ?? 1, false);
  const divisor = positive('divisor', options.divisor ?? 8, true);
  const minValue = positive('minValue', options.minValue ?? divisor, true);
  const target = base * multiplier;
  let rounded = Math.max(minValue, Math.floor((target + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * target) rounded += divisor;
  return rounded;
}

/** Options of {@link applyWidthMultiplier}. */
export interface WidthMultiplierOptions {
  /** Channel divisor. @defaultValue 8 */
  readonly divisor?: number;
  /**
   * What happens to the head conv: `'fixed'` keeps it (MnasNet, torchvision
   * MNASNet), `'scale'` rounds `head * m`, `'scaleUp'` rounds
   * `head * max(1, m)` (torchvision MobileNetV2).
   * @defaultValue 'fixed'
   */
  readonly head?: 'fixed' | 'scale' | 'scaleUp';
}

/**
 * Scales the stem and every block's filters by `multiplier` with
 * {@link roundFilters}; returns a new architecture (the input is not modified).
 *
 * @throws InvalidArchitectureError when `arch` is invalid; InvalidOptionsError on a bad multiplier or option.
 * @example
 * applyWidthMultiplier(mnasnetB1(), 0.5); // same as mnasnetB1({ widthMultiplier: 0.5 })
 */
export function applyWidthMultiplier(arch: Architecture, multiplier: number, options: WidthMultiplierOptions = {}): Architecture {
  assertArchitecture(arch);
  positive('widthMultiplier', multiplier, false);
  const divisor = positive('divisor', options.divisor ?? 8, true);
  const head = options.head ?? 'fixed';
  if (head !== 'fixed' && head !== 'scale' && head !== 'scaleUp') {
    throw new InvalidOptionsError(`Invalid option head: expected 'fixed', 'scale' or 'scaleUp', received ${describeValue(head)}`, {
      path: ['head'],
    });
  }
  const round = (f: number, m = multiplier): number => roundFilters(f, { multiplier: m, divisor });
  const headMultiplier = head === 'fixed' ? 1 : head === 'scale' ? multiplier : Math.max(1, multiplier);
  return {
    ...arch,
    inputShape: [...arch.inputShape],
    stem: { ...arch.stem, filters: round(arch.stem.filters) },
    blocks: arch.blocks.map((b): BlockSpec => ({ ...b, filters: round(b.filters) })),
    head: {
      ...arch.head,
      filters: arch.head.filters === 0 || head === 'fixed' ? arch.head.filters : round(arch.head.filters, headMultiplier),
    },
  };
}

/**
 * Scales every block's number of layers to `ceil(repeats * multiplier)`
 * (EfficientNet's `round_repeats`); returns a new architecture.
 *
 * @throws InvalidArchitectureError when `arch` is invalid; InvalidOptionsError on a bad multiplier.
 * @example
 * applyDepthMultiplier(mnasnetA1(), 1.4).blocks.map((b) => b.repeats); // [2, 3, 5, 6, 3, 5, 2]
 */
export function applyDepthMultiplier(arch: Architecture, multiplier: number): Architecture {
  assertArchitecture(arch);
  positive('depthMultiplier', multiplier, false);
  return {
    ...arch,
    inputShape: [...arch.inputShape],
    stem: { ...arch.stem },
    blocks: arch.blocks.map((b): BlockSpec => ({ ...b, repeats: Math.ceil(b.repeats * multiplier) })),
    head: { ...arch.head },
  };
}

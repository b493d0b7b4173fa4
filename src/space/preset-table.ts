/**
 * The published networks of {@link ./presets.ts} as data: stem, blocks as
 * block strings of the official TensorFlow MnasNet form (decoded by
 * `parseBlocks`), head. Widths are those of multiplier 1.
 *
 * @module
 */

import { roundFilters } from './channels.js';
import type { Activation } from './types.js';

/** One published network. */
export interface PresetDefinition {
  readonly activation: Activation;
  /** Stem filters at width 1 (a 3x3 convolution of stride 2). */
  readonly stem: number;
  /** The blocks, one TF block string each (`r2_k3_s22_e6_i16_o24`): filters at width 1. */
  readonly blocks: readonly string[];
  /** Head filters as a function of the width multiplier. */
  readonly head: (widthMultiplier: number) => number;
  readonly dropout: number;
}

const fixed1280 = (): number => 1280;

/**
 * The presets by the names of `createModel`. MnasNet's block strings are
 * those of the official TensorFlow `mnasnet_models.py` (Tan et al., CVPR
 * 2019); MobileNetV2's are torchvision's `mobilenet_v2` (Sandler et al.,
 * CVPR 2018; `(t, c, n, s)` = (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2)
 * (6,96,3,1) (6,160,3,2) (6,320,1,1)) written in the same form.
 */
export const PRESET_TABLE: Readonly<Record<'mnasnet-a1' | 'mnasnet-b1' | 'mnasnet-small' | 'mobilenet-v2', PresetDefinition>> = {
  'mnasnet-a1': {
    activation: 'relu',
    stem: 32,
    blocks: [
      'r1_k3_s11_e1_i32_o16_noskip',
      'r2_k3_s22_e6_i16_o24',
      'r3_k5_s22_e3_i24_o40_se0.25',
      'r4_k3_s22_e6_i40_o80',
      'r2_k3_s11_e6_i80_o112_se0.25',
      'r3_k5_s22_e6_i112_o160_se0.25',
      'r1_k3_s11_e6_i160_o320',
    ],
    head: fixed1280,
    dropout: 0.2,
  },
  'mnasnet-b1': {
    activation: 'relu',
    stem: 32,
    blocks: [
      'r1_k3_s11_e1_i32_o16_noskip',
      'r3_k3_s22_e3_i16_o24',
      'r3_k5_s22_e3_i24_o40',
      'r3_k5_s22_e6_i40_o80',
      'r2_k3_s11_e6_i80_o96',
      'r4_k5_s22_e6_i96_o192',
      'r1_k3_s11_e6_i192_o320_noskip',
    ],
    head: fixed1280,
    dropout: 0.2,
  },
  // Stem 8, no dropout. TF writes the first block 'r1_k3_s11_e1_i16_o8' with i16 although the stem gives 8
  // channels, so TF adds no shortcut there; here that is said with noskip.
  'mnasnet-small': {
    activation: 'relu',
    stem: 8,
    blocks: [
      'r1_k3_s11_e1_i16_o8_noskip',
      'r1_k3_s22_e3_i8_o16',
      'r2_k3_s22_e6_i16_o16',
      'r4_k5_s22_e6_i16_o32_se0.25',
      'r3_k3_s11_e6_i32_o32_se0.25',
      'r3_k5_s22_e6_i32_o88_se0.25',
      'r1_k3_s11_e6_i88_o144',
    ],
    head: fixed1280,
    dropout: 0,
  },
  'mobilenet-v2': {
    activation: 'relu6',
    stem: 32,
    blocks: [
      'r1_k3_s11_e1_i32_o16',
      'r2_k3_s22_e6_i16_o24',
      'r3_k3_s22_e6_i24_o32',
      'r4_k3_s22_e6_i32_o64',
      'r3_k3_s11_e6_i64_o96',
      'r3_k3_s22_e6_i96_o160',
      'r1_k3_s11_e6_i160_o320',
    ],
    head: (w) => roundFilters(1280, { multiplier: Math.max(1, w) }),
    dropout: 0.2,
  },
};

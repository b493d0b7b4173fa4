/**
 * Published networks as {@link Architecture} data: MnasNet-A1, MnasNet-B1,
 * MnasNet-small (Tan et al., CVPR 2019; block strings of the official
 * TensorFlow `mnasnet_models.py`) and MobileNetV2 (Sandler et al., CVPR 2018;
 * torchvision's `mobilenet_v2`).
 *
 * @module
 */

import { InvalidOptionsError, describeValue, formatPath, type ErrorPath } from '../errors.js';
import { LIMITS, check, finiteNumber, integer, isRecord, type Fail } from '../validate.js';
import { roundFilters } from './channels.js';
import type { Activation, Architecture, BlockSpec, ConvOp, SkipOp } from './types.js';
import { validateArchitecture } from './validate.js';

/** Options of every preset. */
export interface PresetOptions {
  /** Width (depth) multiplier applied to the stem and block filters, rounded to multiples of 8. @defaultValue 1 */
  readonly widthMultiplier?: number;
  /** Input `[height, width, channels]`. @defaultValue [224, 224, 3] */
  readonly inputShape?: readonly [number, number, number];
  /** Number of classes. @defaultValue 1000 */
  readonly numClasses?: number;
}

/** {@link PresetOptions} with every field set. */
export interface ResolvedPresetOptions {
  readonly widthMultiplier: number;
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
}

const PRESET_KEYS = ['widthMultiplier', 'inputShape', 'numClasses'];

const bad: Fail = (path, expected, received) => {
  const field = path.length === 0 ? 'options' : formatPath(path);
  throw new InvalidOptionsError(`Invalid option ${field}: expected ${expected}, received ${describeValue(received)}`, {
    path,
    expected,
    received,
  });
};

const WIDTH = finiteNumber({ min: 0, max: 10, exclusiveMin: true });
const SIDE = integer(1, LIMITS.inputSide);
const CHANNELS = integer(1, LIMITS.inputChannels);
const CLASSES = integer(1, LIMITS.classes);

/**
 * Completes and validates preset options.
 *
 * @throws InvalidOptionsError naming the field and the value received.
 */
export function resolvePresetOptions(options: PresetOptions = {}): ResolvedPresetOptions {
  if (!isRecord(options)) bad([], 'an object', options);
  for (const key of Object.keys(options)) {
    if (!PRESET_KEYS.includes(key))
      bad([key], `no such option (allowed: ${PRESET_KEYS.join(', ')})`, (options as Record<string, unknown>)[key]);
  }
  const w = check(WIDTH, options.widthMultiplier ?? 1, ['widthMultiplier'], bad);
  const shape: unknown = options.inputShape ?? [224, 224, 3];
  if (!Array.isArray(shape) || shape.length !== 3) bad(['inputShape'], 'an array [height, width, channels]', shape);
  const [h, wd, c] = shape.map((d: unknown, i) => check(i < 2 ? SIDE : CHANNELS, d, ['inputShape', i], bad)) as [number, number, number];
  const n = check(CLASSES, options.numClasses ?? 1000, ['numClasses'], bad);
  return { widthMultiplier: w, inputShape: [h, wd, c], numClasses: n };
}

/** Base block row: op, kernel, expansion, seRatio, skip, filters, repeats, stride. */
type Row = readonly [ConvOp, number, number, number, SkipOp, number, number, number];

interface PresetDef {
  readonly activation: Activation;
  readonly stem: number;
  readonly rows: readonly Row[];
  /** Head filters as a function of the width multiplier. */
  readonly head: (w: number) => number;
  readonly dropout: number;
}

function build(def: PresetDef, options: PresetOptions): Architecture {
  const o = resolvePresetOptions(options);
  const round = (f: number): number => roundFilters(f, { multiplier: o.widthMultiplier });
  const blocks = def.rows.map(
    ([op, kernel, expansion, seRatio, skip, filters, repeats, stride]): BlockSpec => ({
      op,
      kernel,
      expansion,
      seRatio,
      skip,
      filters: round(filters),
      repeats,
      stride,
    }),
  );
  const arch: Architecture = {
    inputShape: [o.inputShape[0], o.inputShape[1], o.inputShape[2]],
    numClasses: o.numClasses,
    activation: def.activation,
    stem: { filters: round(def.stem), kernel: 3, stride: 2 },
    blocks,
    head: { filters: def.head(o.widthMultiplier), dropout: def.dropout },
  };
  // Options within their own bounds can still give a network past the LIMITS: a
  // width multiplier above 1 is blamed, else the input shape.
  const r = validateArchitecture(arch);
  if (!r.ok) {
    const path: ErrorPath = o.widthMultiplier > 1 ? ['widthMultiplier'] : ['inputShape'];
    throw new InvalidOptionsError(`Invalid preset options: the network they give is past the limits (${r.error.message})`, {
      path,
      cause: r.error,
      expected: 'options that give a network within LIMITS',
      received: path[0] === 'inputShape' ? o.inputShape : o.widthMultiplier,
    });
  }
  return arch;
}

const fixed1280 = (): number => 1280;

// TF: 'r1_k3_s11_e1_i32_o16_noskip', 'r2_k3_s22_e6_i16_o24', 'r3_k5_s22_e3_i24_o40_se0.25',
// 'r4_k3_s22_e6_i40_o80', 'r2_k3_s11_e6_i80_o112_se0.25', 'r3_k5_s22_e6_i112_o160_se0.25', 'r1_k3_s11_e6_i160_o320'
const A1: PresetDef = {
  activation: 'relu',
  stem: 32,
  rows: [
    ['dwconv', 3, 1, 0, 'none', 16, 1, 1],
    ['mbconv', 3, 6, 0, 'identity', 24, 2, 2],
    ['mbconv', 5, 3, 0.25, 'identity', 40, 3, 2],
    ['mbconv', 3, 6, 0, 'identity', 80, 4, 2],
    ['mbconv', 3, 6, 0.25, 'identity', 112, 2, 1],
    ['mbconv', 5, 6, 0.25, 'identity', 160, 3, 2],
    ['mbconv', 3, 6, 0, 'identity', 320, 1, 1],
  ],
  head: fixed1280,
  dropout: 0.2,
};

// TF: 'r1_k3_s11_e1_i32_o16_noskip', 'r3_k3_s22_e3_i16_o24', 'r3_k5_s22_e3_i24_o40', 'r3_k5_s22_e6_i40_o80',
// 'r2_k3_s11_e6_i80_o96', 'r4_k5_s22_e6_i96_o192', 'r1_k3_s11_e6_i192_o320_noskip'
const B1: PresetDef = {
  activation: 'relu',
  stem: 32,
  rows: [
    ['dwconv', 3, 1, 0, 'none', 16, 1, 1],
    ['mbconv', 3, 3, 0, 'identity', 24, 3, 2],
    ['mbconv', 5, 3, 0, 'identity', 40, 3, 2],
    ['mbconv', 5, 6, 0, 'identity', 80, 3, 2],
    ['mbconv', 3, 6, 0, 'identity', 96, 2, 1],
    ['mbconv', 5, 6, 0, 'identity', 192, 4, 2],
    ['mbconv', 3, 6, 0, 'none', 320, 1, 1],
  ],
  head: fixed1280,
  dropout: 0.2,
};

// TF: 'r1_k3_s11_e1_i16_o8', 'r1_k3_s22_e3_i8_o16', 'r2_k3_s22_e6_i16_o16', 'r4_k5_s22_e6_i16_o32_se0.25',
// 'r3_k3_s11_e6_i32_o32_se0.25', 'r3_k5_s22_e6_i32_o88_se0.25', 'r1_k3_s11_e6_i88_o144'; stem 8, no dropout.
// The first block is written i16 in TF although the stem gives 8 channels, so TF adds no shortcut there: skip 'none'.
const SMALL: PresetDef = {
  activation: 'relu',
  stem: 8,
  rows: [
    ['dwconv', 3, 1, 0, 'none', 8, 1, 1],
    ['mbconv', 3, 3, 0, 'identity', 16, 1, 2],
    ['mbconv', 3, 6, 0, 'identity', 16, 2, 2],
    ['mbconv', 5, 6, 0.25, 'identity', 32, 4, 2],
    ['mbconv', 3, 6, 0.25, 'identity', 32, 3, 1],
    ['mbconv', 5, 6, 0.25, 'identity', 88, 3, 2],
    ['mbconv', 3, 6, 0, 'identity', 144, 1, 1],
  ],
  head: fixed1280,
  dropout: 0,
};

// torchvision mobilenet_v2: (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1)
const MV2: PresetDef = {
  activation: 'relu6',
  stem: 32,
  rows: [
    ['dwconv', 3, 1, 0, 'identity', 16, 1, 1],
    ['mbconv', 3, 6, 0, 'identity', 24, 2, 2],
    ['mbconv', 3, 6, 0, 'identity', 32, 3, 2],
    ['mbconv', 3, 6, 0, 'identity', 64, 4, 2],
    ['mbconv', 3, 6, 0, 'identity', 96, 3, 1],
    ['mbconv', 3, 6, 0, 'identity', 160, 3, 2],
    ['mbconv', 3, 6, 0, 'identity', 320, 1, 1],
  ],
  head: (w) => roundFilters(1280, { multiplier: Math.max(1, w) }),
  dropout: 0.2,
};

/**
 * MnasNet-A1 (Tan et al. 2019, Fig. 7): 3,887,038 parameters and 312.0M
 * MACs at 224 x 224 x 3 and 1000 classes (paper: 3.9M / 312M).
 * Head conv fixed at 1280 for every width, as in the official TF code.
 *
 * @throws InvalidOptionsError on a bad option.
 * @example
 * countParams(mnasnetA1()); // 3887038
 */
export function mnasnetA1(options: PresetOptions = {}): Architecture {
  return build(A1, options);
}

/**
 * MnasNet-B1 (the search result without SE): at width 0.5/0.75/1.0/1.3 the
 * layout of torchvision's `mnasnet0_5/0_75/1_0/1_3` (4,383,312 parameters and
 * 314,415,872 MACs at width 1.0).
 *
 * @throws InvalidOptionsError on a bad option.
 * @example
 * countMacs(mnasnetB1()); // 314415872
 */
export function mnasnetB1(options: PresetOptions = {}): Architecture {
  return build(B1, options);
}

/**
 * MnasNet-small (Tan et al. 2019, Table 4 "MnasNet-small"; official TF
 * `mnasnet_small`): stem 8, head 1280, no dropout; about 2.0M parameters
 * and 68M MACs.
 *
 * @throws InvalidOptionsError on a bad option.
 */
export function mnasnetSmall(options: PresetOptions = {}): Architecture {
  return build(SMALL, options);
}

/**
 * MobileNetV2 (Sandler et al. 2018) with ReLU6; at width `w` the layout of
 * torchvision's `mobilenet_v2(width_mult=w)`, head `roundFilters(1280 *
 * max(1, w))` (3,504,872 parameters and 300,774,272 MACs at width 1.0).
 *
 * @throws InvalidOptionsError on a bad option.
 */
export function mobilenetV2(options: PresetOptions = {}): Architecture {
  return build(MV2, options);
}

/**
 * Published networks as {@link Architecture} data: MnasNet-A1, MnasNet-B1,
 * MnasNet-small (Tan et al., CVPR 2019) and MobileNetV2 (Sandler et al., CVPR
 * 2018), decoded from the block strings of `preset-table.ts` and scaled by
 * the width multiplier.
 *
 * @module
 */

import { InvalidOptionsError, describeValue, formatPath, type ErrorPath } from '../errors.js';
import { CLASS_COUNT, LIMITS, check, checkKnownKeys, finiteNumber, integer, isRecord, type Fail } from '../validate.js';
import { roundFilters } from './channels.js';
import { parseBlocks } from './block-string.js';
import { PRESET_TABLE, type PresetDefinition } from './preset-table.js';
import type { Architecture, BlockSpec } from './types.js';
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

/**
 * Completes and validates preset options.
 *
 * @throws InvalidOptionsError naming the field and the value received.
 */
export function resolvePresetOptions(options: PresetOptions = {}): ResolvedPresetOptions {
  if (!isRecord(options)) bad([], 'an object', options);
  checkKnownKeys(options, PRESET_KEYS, [], bad);
  const w = check(WIDTH, options.widthMultiplier ?? 1, ['widthMultiplier'], bad);
  const shape: unknown = options.inputShape ?? [224, 224, 3];
  if (!Array.isArray(shape) || shape.length !== 3) bad(['inputShape'], 'an array [height, width, channels]', shape);
  const [h, wd, c] = shape.map((d: unknown, i) => check(i < 2 ? SIDE : CHANNELS, d, ['inputShape', i], bad)) as [number, number, number];
  const n = check(CLASS_COUNT, options.numClasses ?? 1000, ['numClasses'], bad);
  return { widthMultiplier: w, inputShape: [h, wd, c], numClasses: n };
}

function build(def: PresetDefinition, options: PresetOptions): Architecture {
  const o = resolvePresetOptions(options);
  const round = (f: number): number => roundFilters(f, { multiplier: o.widthMultiplier });
  const blocks = parseBlocks(def.blocks).map((b): BlockSpec => ({ ...b, filters: round(b.filters) }));
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
  return build(PRESET_TABLE['mnasnet-a1'], options);
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
  return build(PRESET_TABLE['mnasnet-b1'], options);
}

/**
 * MnasNet-small (Tan et al. 2019, Table 4 "MnasNet-small"; official TF
 * `mnasnet_small`): stem 8, head 1280, no dropout; about 2.0M parameters
 * and 68M MACs.
 *
 * @throws InvalidOptionsError on a bad option.
 */
export function mnasnetSmall(options: PresetOptions = {}): Architecture {
  return build(PRESET_TABLE['mnasnet-small'], options);
}

/**
 * MobileNetV2 (Sandler et al. 2018) with ReLU6; at width `w` the layout of
 * torchvision's `mobilenet_v2(width_mult=w)`, head `roundFilters(1280 *
 * max(1, w))` (3,504,872 parameters and 300,774,272 MACs at width 1.0).
 *
 * @throws InvalidOptionsError on a bad option.
 */
export function mobilenetV2(options: PresetOptions = {}): Architecture {
  return build(PRESET_TABLE['mobilenet-v2'], options);
}

/**
 * The published networks by name, in the manner of timm's `create_model`:
 * each entry builds its preset at a width, input and classes, optionally
 * with its strides adapted to a small input ({@link adaptStrides}).
 * `createModel` / `listModels` and the CLI's `--baselines` read this
 * registry.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';
import { type ReadonlyRegistry, type RegistryEntry, readonlyRegistry } from '../registry.js';
import { BOOLEAN, check, failWith, isRecord } from '../validate.js';
import { adaptStrides } from './adapt-strides.js';
import {
  type PresetOptions,
  type ResolvedPresetOptions,
  mnasnetA1,
  mnasnetB1,
  mnasnetSmall,
  mobilenetV2,
  resolvePresetOptions,
} from './presets.js';
import type { Architecture } from './types.js';

/** Options of a published network. Every field is optional. */
export interface BaselineOptions extends PresetOptions {
  /**
   * Stride 1 in the stem and the first stages until the last feature map is
   * at least 4 x 4 ({@link adaptStrides}), as the networks' CIFAR versions
   * do; at 128 x 128 and above nothing changes. @defaultValue false
   */
  readonly adapt?: boolean;
}

/** {@link BaselineOptions} with every default filled in. */
export interface ResolvedBaselineOptions extends ResolvedPresetOptions {
  readonly adapt: boolean;
}

/** A published network, as the registry holds it. */
export interface BaselineEntry extends RegistryEntry<ResolvedBaselineOptions, Architecture> {
  /**
   * The widths at which it is offered as a reference network by
   * {@link baselineNames} (`mobilenet-v2-0.35`; a lone width 1 is the plain name).
   */
  readonly baselineWidths: readonly number[];
}

/**
 * Completes and validates {@link BaselineOptions}.
 *
 * @throws InvalidOptionsError naming the bad field, as the presets do.
 * @example
 * resolveBaselineOptions({ adapt: true }).inputShape; // [224, 224, 3]
 */
export function resolveBaselineOptions(options: unknown = {}): ResolvedBaselineOptions {
  if (!isRecord(options)) return { ...resolvePresetOptions(options as PresetOptions), adapt: false };
  const { adapt = false, ...preset } = options as BaselineOptions;
  return { ...resolvePresetOptions(preset), adapt: check(BOOLEAN, adapt, ['adapt'], failWith(InvalidOptionsError, 'option')) };
}

function published(
  name: string,
  description: string,
  preset: (options: PresetOptions) => Architecture,
  baselineWidths: readonly number[],
): BaselineEntry {
  return {
    name,
    description,
    baselineWidths,
    resolveOptions: resolveBaselineOptions,
    create: ({ adapt, ...options }) => (adapt ? adaptStrides(preset(options)) : preset(options)),
  };
}

/**
 * The built-in published networks: MobileNetV2, MnasNet-small, MnasNet-A1
 * and MnasNet-B1 (see their presets). A new one is its preset and one
 * `published(...)` line here.
 *
 * @example
 * const entry = baselines.get('mobilenet-v2');
 * const arch = entry.create(entry.resolveOptions({ widthMultiplier: 0.35, inputShape: [28, 28, 1], numClasses: 10, adapt: true }), undefined);
 */
export const baselines: ReadonlyRegistry<BaselineEntry> = readonlyRegistry('model', [
  published(
    'mobilenet-v2',
    'MobileNetV2 (Sandler et al. 2018), ReLU6, the layout of torchvision at each width',
    mobilenetV2,
    [0.35, 0.5, 0.75, 1],
  ),
  published('mnasnet-small', 'MnasNet-small (Tan et al. 2019, Table 4): stem 8, about 2.0M parameters', mnasnetSmall, [1]),
  published('mnasnet-a1', 'MnasNet-A1 (Tan et al. 2019), the searched network with squeeze-excite', mnasnetA1, [1]),
  published('mnasnet-b1', 'MnasNet-B1 (Tan et al. 2019), without squeeze-excite, the layout of torchvision', mnasnetB1, []),
]);

/** The name of `entry` at `width` as {@link baselineNames} lists it. */
function variantName(entry: BaselineEntry, width: number): string {
  if (entry.baselineWidths.length === 1 && width === 1) return entry.name;
  return `${entry.name}-${Number.isInteger(width) ? width.toFixed(1) : String(width)}`;
}

/**
 * The reference networks offered by name (`mnas-ts search --baselines`):
 * each entry of {@link baselines} at each of its `baselineWidths`, in
 * registry order.
 *
 * @example
 * baselineNames(); // ['mobilenet-v2-0.35', 'mobilenet-v2-0.5', 'mobilenet-v2-0.75', 'mobilenet-v2-1.0', 'mnasnet-small', 'mnasnet-a1']
 */
export function baselineNames(): string[] {
  return baselines.entries().flatMap((entry) => entry.baselineWidths.map((width) => variantName(entry, width)));
}

/**
 * The reference network called `name` (one of {@link baselineNames}) with
 * the given input, classes and adaptation.
 *
 * @throws InvalidOptionsError naming the unknown network and the known ones, or the bad option (`widthMultiplier` is set by the name).
 * @example
 * const arch = createBaseline('mobilenet-v2-0.35', { inputShape: [28, 28, 1], numClasses: 10, adapt: true });
 */
export function createBaseline(name: string, options: Omit<BaselineOptions, 'widthMultiplier'> = {}): Architecture {
  for (const entry of baselines.entries()) {
    for (const width of entry.baselineWidths) {
      if (variantName(entry, width) !== name) continue;
      if (isRecord(options) && 'widthMultiplier' in options)
        throw new InvalidOptionsError(`Invalid option widthMultiplier: the baseline ${name} has width ${width}`, {
          path: ['widthMultiplier'],
          expected: 'no widthMultiplier (the name sets it)',
          received: options.widthMultiplier,
        });
      return entry.create(entry.resolveOptions({ ...options, widthMultiplier: width }), undefined);
    }
  }
  const expected = `one of ${baselineNames().join(', ')}`;
  throw new InvalidOptionsError(`Unknown baseline: expected ${expected}, received ${describeValue(name)}`, {
    path: ['name'],
    expected,
    received: name,
  });
}

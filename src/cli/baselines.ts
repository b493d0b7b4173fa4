/**
 * The CLI's baselines: published networks (MobileNetV2 at four widths,
 * MnasNet-small, MnasNet-A1) with the search's input and classes, their
 * stride schedule adapted to small inputs as their CIFAR versions are
 * (`adaptStrides`), scored beside the search as labelled reference points.
 *
 * @module
 */

import { InvalidConfigError, adaptStrides, baselineNames, createBaseline } from '../index.js';
import type { Architecture, Baseline } from '../index.js';

/** Every baseline's name (`baselineNames()`: the `baselines` registry's published widths). */
export const BASELINE_NAMES: readonly string[] = Object.freeze(baselineNames());

/** Every baseline the CLI knows, by name: the published network at an input and classes. */
export const BASELINE_NETWORKS: Readonly<Record<string, (input: readonly [number, number, number], classes: number) => Architecture>> =
  Object.freeze(
    Object.fromEntries(
      BASELINE_NAMES.map((name) => [
        name,
        (inputShape: readonly [number, number, number], numClasses: number) => createBaseline(name, { inputShape, numClasses }),
      ]),
    ),
  );

/**
 * The baselines of the main job: the two cheapest once adapted to 28 x 28
 * (12.8 M and 17.5 M MACs, against 29-76 M for the other four), so that the
 * default run stays a few minutes; `--baselines` names any of them.
 */
export const DEFAULT_BASELINES: readonly string[] = ['mobilenet-v2-0.35', 'mnasnet-small'];

/**
 * Parses `--baselines`: `none`, or a comma-separated list of names (each once).
 * @throws InvalidConfigError naming the flag or field, the bad name and the known ones.
 */
export function parseBaselines(value: string | readonly string[], where = '--baselines'): string[] {
  const list = typeof value === 'string' ? (value.trim() === 'none' ? [] : value.split(',').map((s) => s.trim())) : [...value];
  const seen = new Set<string>();
  for (const name of list) {
    if (!Object.hasOwn(BASELINE_NETWORKS, name)) {
      throw new InvalidConfigError(
        `Invalid ${where}: unknown baseline ${JSON.stringify(name)} (known: ${BASELINE_NAMES.join(', ')}, or none)`,
        { path: ['baselines'] },
      );
    }
    if (seen.has(name))
      throw new InvalidConfigError(`Invalid ${where}: baseline ${JSON.stringify(name)} is listed twice`, { path: ['baselines'] });
    seen.add(name);
  }
  return list;
}

/** Suffix of a baseline's name when its strides were adapted to the input. */
export const ADAPTED_SUFFIX = '-adapted';

/**
 * The named baselines as networks for `inputShape` and `numClasses`, with
 * stride 1 in the stem and first stages until the last feature map is at
 * least 4 x 4 (`adaptStrides`); a network so changed is named with
 * {@link ADAPTED_SUFFIX} (`mobilenet-v2-1.0-adapted`), in the journal and the
 * report. At 128 x 128 and above the published networks are unchanged.
 */
export function baselineNetworks(
  names: readonly string[],
  inputShape: readonly [number, number, number],
  numClasses: number,
): Baseline<Architecture>[] {
  return names.map((name) => {
    const published = createBaseline(name, { inputShape, numClasses });
    const value = adaptStrides(published);
    return { name: value === published ? name : `${name}${ADAPTED_SUFFIX}`, value };
  });
}

/**
 * The CLI's baselines: published networks (MobileNetV2 at four widths,
 * MnasNet-small, MnasNet-A1) adapted to the search's input and classes, scored
 * beside the search as labelled reference points.
 *
 * @module
 */

import { InvalidConfigError, mnasnetA1, mnasnetSmall, mobilenetV2 } from '../index.js';
import type { Architecture, Baseline } from '../index.js';

/** Every baseline the CLI knows, by name. */
export const BASELINE_NETWORKS: Readonly<Record<string, (input: readonly [number, number, number], classes: number) => Architecture>> = {
  'mobilenet-v2-0.35': (inputShape, numClasses) => mobilenetV2({ widthMultiplier: 0.35, inputShape, numClasses }),
  'mobilenet-v2-0.5': (inputShape, numClasses) => mobilenetV2({ widthMultiplier: 0.5, inputShape, numClasses }),
  'mobilenet-v2-0.75': (inputShape, numClasses) => mobilenetV2({ widthMultiplier: 0.75, inputShape, numClasses }),
  'mobilenet-v2-1.0': (inputShape, numClasses) => mobilenetV2({ widthMultiplier: 1, inputShape, numClasses }),
  'mnasnet-small': (inputShape, numClasses) => mnasnetSmall({ inputShape, numClasses }),
  'mnasnet-a1': (inputShape, numClasses) => mnasnetA1({ inputShape, numClasses }),
};

/** The baselines of the main job: all of them. */
export const DEFAULT_BASELINES: readonly string[] = Object.keys(BASELINE_NETWORKS);

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
        `Invalid ${where}: unknown baseline ${JSON.stringify(name)} (known: ${DEFAULT_BASELINES.join(', ')}, or none)`,
        { path: ['baselines'] },
      );
    }
    if (seen.has(name))
      throw new InvalidConfigError(`Invalid ${where}: baseline ${JSON.stringify(name)} is listed twice`, { path: ['baselines'] });
    seen.add(name);
  }
  return list;
}

/** The named baselines as networks for `inputShape` and `numClasses`. */
export function baselineNetworks(
  names: readonly string[],
  inputShape: readonly [number, number, number],
  numClasses: number,
): Baseline<Architecture>[] {
  return names.map((name) => ({ name, value: (BASELINE_NETWORKS[name] as (typeof BASELINE_NETWORKS)[string])(inputShape, numClasses) }));
}

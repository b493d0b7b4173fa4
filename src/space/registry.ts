/**
 * Published networks by name, in the manner of timm's `create_model` /
 * `list_models`: the presets of {@link ./presets.ts} under the names the CLI
 * takes (`mnasnet-a1`, `mnasnet-b1`, `mnasnet-small`, `mobilenet-v2`).
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';
import { type PresetOptions, mnasnetA1, mnasnetB1, mnasnetSmall, mobilenetV2 } from './presets.js';
import type { Architecture } from './types.js';

const MODELS: ReadonlyMap<string, (options?: PresetOptions) => Architecture> = new Map([
  ['mnasnet-a1', mnasnetA1],
  ['mnasnet-b1', mnasnetB1],
  ['mnasnet-small', mnasnetSmall],
  ['mobilenet-v2', mobilenetV2],
]);

/**
 * The names {@link createModel} knows, sorted; with `filter`, only those that
 * match it (`*` stands for any run of characters, as in timm's `list_models('mnasnet*')`).
 *
 * @throws InvalidOptionsError when `filter` is not a string.
 * @example
 * listModels('mnasnet*'); // ['mnasnet-a1', 'mnasnet-b1', 'mnasnet-small']
 */
export function listModels(filter?: string): string[] {
  if (filter !== undefined && typeof filter !== 'string')
    throw new InvalidOptionsError(`Invalid filter: expected a string, received ${describeValue(filter)}`, {
      path: ['filter'],
      expected: 'a string',
      received: filter,
    });
  const names = [...MODELS.keys()].sort();
  if (filter === undefined) return names;
  const pattern = new RegExp(
    `^${filter
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return names.filter((name) => pattern.test(name));
}

/**
 * The published network called `name` (case-insensitive; see {@link listModels})
 * as an {@link Architecture}, with the preset options applied.
 *
 * @throws InvalidOptionsError naming the unknown model and the known ones, or the bad option.
 * @example
 * const arch = createModel('mnasnet-a1', { numClasses: 10, inputShape: [32, 32, 3] });
 */
export function createModel(name: string, options?: PresetOptions): Architecture {
  const preset = typeof name === 'string' ? MODELS.get(name.toLowerCase()) : undefined;
  if (preset === undefined) {
    const expected = `one of ${listModels().join(', ')}`;
    throw new InvalidOptionsError(`Unknown model: expected ${expected}, received ${describeValue(name)}`, {
      path: ['name'],
      expected,
      received: name,
    });
  }
  return preset(options);
}

/**
 * Published networks by name, in the manner of timm's `create_model` /
 * `list_models`: the entries of the {@link baselines} registry (`mnasnet-a1`,
 * `mnasnet-b1`, `mnasnet-small`, `mobilenet-v2`).
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';
import { type BaselineOptions, baselines } from './baselines.js';
import type { Architecture } from './types.js';

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
  const names = baselines.names().sort();
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
 * as an {@link Architecture}, with the preset options applied (and its
 * strides adapted to a small input with `adapt: true`).
 *
 * @throws InvalidOptionsError naming the unknown model and the known ones, or the bad option.
 * @example
 * const arch = createModel('mnasnet-a1', { numClasses: 10, inputShape: [32, 32, 3] });
 */
export function createModel(name: string, options?: BaselineOptions): Architecture {
  const key = typeof name === 'string' ? name.toLowerCase() : undefined;
  if (!baselines.has(key)) {
    const expected = `one of ${listModels().join(', ')}`;
    throw new InvalidOptionsError(`Unknown model: expected ${expected}, received ${describeValue(name)}`, {
      path: ['name'],
      expected,
      received: name,
    });
  }
  const entry = baselines.get(key);
  return entry.create(entry.resolveOptions(options), undefined);
}

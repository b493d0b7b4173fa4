/**
 * The pruners by name: what `--pruner` of `mnas-ts search` offers besides `none`.
 *
 * @module
 */

import { type ReadonlyRegistry, type RegistryEntry, readonlyRegistry } from '../registry.js';
import { HyperbandPruner, type HyperbandPrunerOptions, resolveHyperbandPrunerOptions } from './pruning/hyperband-pruner.js';
import { type SuccessiveHalvingPrunerOptions, resolveSuccessiveHalvingPrunerOptions } from './pruning/successive-halving-options.js';
import { SuccessiveHalvingPruner } from './pruning/successive-halving-pruner.js';
import type { Pruner } from './pruning/types.js';

/**
 * One pruner, as the registry holds it: `resolveOptions` takes the options of
 * its class and `create` what `resolveOptions` returned.
 */
export type PrunerEntry = RegistryEntry<unknown, Pruner>;

/** An entry typed by its resolved options, seen through {@link PrunerEntry}. */
function pruner<Resolved>(entry: RegistryEntry<Resolved, Pruner>): PrunerEntry {
  return { ...entry, create: (options) => entry.create(options as Resolved, undefined) };
}

/**
 * The built-in pruners: `asha` (asynchronous successive halving) and
 * `hyperband` (its brackets).
 *
 * @example
 * const entry = pruners.get('asha');
 * const asha = entry.create(entry.resolveOptions({ minResource: 4, reductionFactor: 2, maxResource: 64 }), undefined);
 */
export const pruners: ReadonlyRegistry<PrunerEntry> = readonlyRegistry('pruner', [
  pruner({
    name: 'asha',
    description: 'asynchronous successive halving: a trial goes on past a rung when it is in the top 1/eta there (SuccessiveHalvingPruner)',
    resolveOptions: (options) => resolveSuccessiveHalvingPrunerOptions(options as SuccessiveHalvingPrunerOptions),
    create: ({ maxResource, ...options }) => new SuccessiveHalvingPruner({ ...options, ...(maxResource === null ? {} : { maxResource }) }),
  }),
  pruner({
    name: 'hyperband',
    description: 'asynchronous Hyperband: successive halving in brackets that prune from different rungs (HyperbandPruner)',
    resolveOptions: (options) => resolveHyperbandPrunerOptions(options as HyperbandPrunerOptions),
    create: ({ brackets: _brackets, ...options }) => new HyperbandPruner(options),
  }),
]);

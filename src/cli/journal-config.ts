/**
 * What of a search's resolved config its journal records: the fields that
 * apply to that search. A tabular search trains nothing (no input size,
 * dataset of the default space, evaluator or training); NAS-Bench-Macro has
 * no device or dataset choice; the default space has no benchmark device.
 *
 * @module
 */

import type { ResolvedSearchConfig } from './config.js';

/** Fields that only a training search (the default space) has. */
const TRAINING_FIELDS = ['inputSize', 'data', 'evaluator', 'pruner', 'zeroCostProxy', 'supernet', 'training'];

/** The fields of `config` that apply to its search (undefined ones left out, as JSON leaves them). */
export function journalConfig(config: ResolvedSearchConfig): Partial<ResolvedSearchConfig> {
  const drop = new Set(config.benchmark === undefined ? ['dataset', 'device'] : TRAINING_FIELDS);
  if (config.benchmark === 'nas-bench-macro') for (const key of ['dataset', 'device']) drop.add(key);
  if (config.evaluator !== 'zero-cost') drop.add('zeroCostProxy');
  return Object.fromEntries(Object.entries(config).filter(([key, value]) => !drop.has(key) && value !== undefined));
}

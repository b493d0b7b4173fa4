/**
 * What a resumed search must share with the run its journal recorded: the
 * config fields that define the search, compared with the config in the
 * journal's header.
 *
 * @module
 */

import { InvalidConfigError, canonicalJson, hashArchitecture } from '../index.js';
import type { Architecture } from '../index.js';
import { FLAG_OF, type ResolvedSearchConfig } from './config.js';
import { isDataFolder } from './data.js';
import { journalConfig } from './journal-config.js';

/** Fields that must not change when resuming (the controller, the evaluation or the reward would differ). */
const FIXED_ON_RESUME = [
  'seed',
  'benchmark',
  'dataset',
  'device',
  'controller',
  'measurer',
  'reward',
  'targetMs',
  'inputSize',
  'data',
  'dataFingerprint',
  'evaluator',
  'pruner',
  'zeroCostProxy',
  'supernet',
  'training',
  'android',
  'browser',
  'ort',
  'wasm',
] as const;

/**
 * What of a section must stay the same on resume. Of `wasm`, only what sets
 * the latencies' scale (the clock, duet timing's referenceMs and its
 * reference network): priority,
 * runs and the duet selection change how carefully a latency is measured,
 * not what it means, so a resumed search may change them.
 */
function fixedPart(key: (typeof FIXED_ON_RESUME)[number], value: unknown): unknown {
  // A folder is known by its fingerprint, wherever it is now.
  if (key === 'data' && typeof value === 'string' && isDataFolder(value)) return 'a dataset folder';
  // The wait for a quiet machine changes how carefully a latency is measured, not what it means.
  if ((key === 'android' || key === 'browser' || key === 'ort') && typeof value === 'object' && value !== null) {
    const { quietWaitMs: _quietWaitMs, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  if (key !== 'wasm' || value === null || typeof value !== 'object') return value ?? null;
  const { clock, reference, referenceNetwork } = value as { clock?: unknown; reference?: unknown; referenceNetwork?: unknown };
  // The network by its hash: equal networks compare equal, and a refusal names 16 digits, not the whole network.
  return {
    clock: clock ?? null,
    reference: reference ?? null,
    ...(referenceNetwork === undefined ? {} : { referenceNetwork: hashArchitecture(referenceNetwork as Architecture) }),
  };
}

/** @throws InvalidConfigError naming the flag whose value differs from the journal's run. */
export function checkResumable(meta: unknown, config: ResolvedSearchConfig): void {
  const before = (meta as { config?: Record<string, unknown> } | undefined)?.config;
  if (before === undefined) return;
  const applies: Record<string, unknown> = journalConfig(config);
  for (const key of FIXED_ON_RESUME) {
    // A field that does not apply to this search is not compared (older journals record every field).
    if (!(key in applies) && !(key in before)) continue;
    // Key order does not count: a section may come from a file in one run and from flags in the next.
    const [now, then] = [canonicalJson(fixedPart(key, config[key])), canonicalJson(fixedPart(key, before[key]))];
    if (now !== then && key === 'dataFingerprint') {
      throw new InvalidConfigError(
        `Invalid --data: ${config.data} is not the data of the journal being resumed (its fingerprint is ${now}, the journal's ${then}): resume on the same files, or start a new search (--force)`,
        { path: ['data'] },
      );
    }
    if (now !== then) {
      throw new InvalidConfigError(
        `Invalid ${FLAG_OF[key] ?? `config field ${key}`}: ${now} differs from ${then} in the journal being resumed`,
        { path: [key] },
      );
    }
  }
}

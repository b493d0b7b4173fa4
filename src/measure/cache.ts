/**
 * {@link cachedMeasurer}: measure each architecture once per platform.
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { InvalidOptionsError, throwIfAborted } from '../errors.js';
import { stableStringify } from '../space/index.js';
import type { Architecture } from '../space/types.js';
import { type Fail, checkKnownKeys, failWith, isRecord } from '../validate.js';
import { NON_EMPTY, measurerFail, optional } from './option-rules.js';
import type { LatencyStore } from './stores.js';
import { MemoryLatencyStore } from './stores.js';
import type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from './types.js';

/**
 * JSON with object keys sorted at every level, so equal values give equal
 * strings: the canonical form of `hashArchitecture` (space's `stableStringify`).
 */
export function canonicalJson(value: unknown): string {
  return stableStringify(value);
}

/** SHA-256 (hex) of {@link canonicalJson}: the same for equal values whatever their key order. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Options of {@link cachedMeasurer}. */
export interface CachedMeasurerOptions {
  /**
   * The platform part of the cache key. By default the measurer's
   * `platform()` (every field), or `'unknown-platform'` when it has none.
   */
  readonly platformKey?: string;
}

/** A measurer with a cache, and counters of hits and misses. */
export interface CachedLatencyMeasurer<T = Architecture> extends LatencyMeasurer<T> {
  /** Number of measurements answered from the store. */
  readonly hits: number;
  /** Number of measurements passed to the wrapped measurer. */
  readonly misses: number;
  /** The key under which `value` is stored. */
  keyOf(value: T): Promise<string>;
}

/**
 * Wraps a measurer so that each architecture is measured once per platform:
 * reports are stored under `<platform>:<sha256 of the canonical JSON of the
 * architecture>` (key order does not matter). Failures are not cached.
 * `close()` closes the wrapped measurer.
 *
 * @param store - where reports live. @defaultValue a new {@link MemoryLatencyStore}
 * @throws InvalidOptionsError when `measurer` has no `measure` method.
 * @example
 * const measurer = cachedMeasurer(new WasmLatencyMeasurer(), new JsonFileLatencyStore('latency-cache.json'));
 */
export function cachedMeasurer<T = Architecture>(
  measurer: LatencyMeasurer<T>,
  store: LatencyStore = new MemoryLatencyStore(),
  options: CachedMeasurerOptions = {},
): CachedLatencyMeasurer<T> {
  const fail: Fail = failWith(InvalidOptionsError, 'cachedMeasurer argument');
  if (typeof measurer?.measure !== 'function') fail(['measurer'], 'an object with measure()', measurer);
  if (typeof store?.get !== 'function' || typeof store.set !== 'function') fail(['store'], 'an object with get() and set()', store);
  if (!isRecord(options as unknown)) fail(['options'], 'an object', options);
  checkKnownKeys(options, ['platformKey'], ['options'], fail);
  optional<string | undefined>(NON_EMPTY, options.platformKey, undefined, 'platformKey', measurerFail('cachedMeasurer'));
  let platformKey: Promise<string> | undefined;
  const platformPart = (): Promise<string> => {
    platformKey ??= (async () => {
      if (options.platformKey !== undefined) return options.platformKey;
      if (measurer.platform === undefined) return 'unknown-platform';
      return canonicalJson(await measurer.platform());
    })();
    // A failed platform() (say the child did not start) is retried next time.
    platformKey.catch(() => {
      platformKey = undefined;
    });
    return platformKey;
  };
  let hits = 0;
  let misses = 0;
  const keyOf = async (value: T): Promise<string> => `${await platformPart()}:${canonicalHash(value)}`;
  const wrapped: CachedLatencyMeasurer<T> = {
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    keyOf,
    async measure(value: T, measureOptions: MeasureOptions = {}): Promise<LatencyReport> {
      throwIfAborted(measureOptions.signal);
      const key = await keyOf(value);
      const cached = await store.get(key);
      throwIfAborted(measureOptions.signal);
      if (cached !== undefined) {
        hits++;
        return cached;
      }
      misses++;
      const report = await measurer.measure(value, measureOptions);
      await store.set(key, report);
      return report;
    },
    close: async () => {
      await measurer.close?.();
    },
  };
  if (measurer.platform !== undefined) {
    const platform = measurer.platform.bind(measurer);
    wrapped.platform = (): PlatformInfo | Promise<PlatformInfo> => platform();
  }
  return wrapped;
}

/**
 * Options of {@link ZeroCostEvaluator} and {@link zeroCostScore}, resolved and
 * validated in one place.
 *
 * @module
 */

import { LIMITS, check, checkKnownKeys, finiteNumber, integer, isRecord, oneOf } from '../../validate.js';
import type { ImageDataset } from '../image-dataset.js';
import type { DatasetSource } from '../proxy-trainer-options.js';
import { type ZeroCostProxy, resolveZeroCostProxyOptions, zeroCostFail, zeroCostProxies } from './zero-cost-proxies.js';

/** Every {@link ZeroCostProxy} (the names of `zeroCostProxies`), in a fixed order. */
export const ZERO_COST_PROXIES: readonly ZeroCostProxy[] = Object.freeze(zeroCostProxies.names() as ZeroCostProxy[]);

/** Options of {@link ZeroCostEvaluator}. Every field is optional. */
export interface ZeroCostOptions {
  /** The score. @defaultValue `'naswot'` */
  readonly proxy?: ZeroCostProxy;
  /** Where the scoring batch comes from (naswot, grad_norm, snip). @defaultValue `'mnist'` */
  readonly dataset?: DatasetSource;
  /** Images in the scoring batch, >= 2. @defaultValue 64 */
  readonly batchSize?: number;
  /** Seed of the batch choice and of the initial weights. @defaultValue 0 */
  readonly seed?: number | string;
  /**
   * Centre of the squash that maps a score into [0, 1]: `accuracy =
   * 1 / (1 + exp(-(s - center) / scale))`, with `s` the log of the score for
   * a proxy whose `squash` is `'log'` (synflow, grad_norm, snip, params, macs)
   * and the score itself for one whose `squash` is `'linear'` (naswot: already
   * a log-determinant). @defaultValue 0
   */
  readonly center?: number;
  /** Scale of the squash, > 0 (see `center`). @defaultValue 1 */
  readonly scale?: number;
}

/** {@link ZeroCostOptions} with every default filled in. */
export interface ResolvedZeroCostOptions {
  readonly proxy: ZeroCostProxy;
  readonly dataset: DatasetSource;
  readonly batchSize: number;
  readonly seed: number | string;
  readonly center: number;
  readonly scale: number;
}

const KNOWN = ['proxy', 'dataset', 'batchSize', 'seed', 'center', 'scale'];

function isDataset(value: unknown): value is ImageDataset {
  const d = value as Partial<ImageDataset> | null;
  return (
    d !== null && typeof d === 'object' && d.images instanceof Float32Array && d.labels instanceof Int32Array && typeof d.count === 'number'
  );
}

/**
 * Completes and validates {@link ZeroCostOptions}.
 *
 * @throws InvalidOptionsError naming the first bad field (unknown keys included).
 * @example
 * resolveZeroCostOptions({ proxy: 'synflow' }).batchSize; // 64
 */
export function resolveZeroCostOptions(options: ZeroCostOptions = {}): ResolvedZeroCostOptions {
  if (!isRecord(options)) zeroCostFail([], 'an object', options);
  checkKnownKeys(options, KNOWN, [], zeroCostFail);
  const proxy = check(
    oneOf(ZERO_COST_PROXIES, ZERO_COST_PROXIES.map((p) => `'${p}'`).join(', ')),
    options.proxy ?? 'naswot',
    ['proxy'],
    zeroCostFail,
  );
  const dataset = options.dataset ?? 'mnist';
  if (dataset !== 'mnist' && dataset !== 'fashion-mnist' && !isDataset(dataset))
    zeroCostFail(['dataset'], "'mnist', 'fashion-mnist' or an ImageDataset", dataset);
  return {
    proxy,
    dataset,
    batchSize: check(integer(2, LIMITS.batchSize), options.batchSize ?? 64, ['batchSize'], zeroCostFail),
    seed: resolveZeroCostProxyOptions({ seed: options.seed ?? 0 }).seed,
    center: check(finiteNumber(), options.center ?? 0, ['center'], zeroCostFail),
    scale: check(finiteNumber({ min: 0, exclusiveMin: true }), options.scale ?? 1, ['scale'], zeroCostFail),
  };
}

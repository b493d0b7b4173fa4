/**
 * Options of {@link ZeroCostEvaluator} and {@link zeroCostScore}, resolved and
 * validated in one place.
 *
 * @module
 */

import { InvalidOptionsError, describeValue, fieldMessage } from '../../errors.js';
import type { ImageDataset } from '../image-dataset.js';
import type { DatasetSource } from '../proxy-trainer-options.js';
import { type ZeroCostProxy, resolveZeroCostProxyOptions, zeroCostProxies } from './zero-cost-proxies.js';

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

function bad(field: string, expected: string, value: unknown): never {
  throw new InvalidOptionsError(fieldMessage('zero-cost option', [field], expected, value), { path: [field] });
}

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
  if (options === null || typeof options !== 'object')
    throw new InvalidOptionsError(`Invalid zero-cost options: expected an object, received ${describeValue(options)}`);
  for (const key of Object.keys(options)) if (!KNOWN.includes(key)) bad(key, `a known option (${KNOWN.join(', ')})`, 'an unknown key');
  const proxy = options.proxy ?? 'naswot';
  if (!zeroCostProxies.has(proxy)) bad('proxy', ZERO_COST_PROXIES.map((p) => `'${p}'`).join(', '), proxy);
  const dataset = options.dataset ?? 'mnist';
  if (dataset !== 'mnist' && dataset !== 'fashion-mnist' && !isDataset(dataset))
    bad('dataset', "'mnist', 'fashion-mnist' or an ImageDataset", dataset);
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 2) bad('batchSize', 'an integer >= 2', batchSize);
  const { seed } = resolveZeroCostProxyOptions({ seed: options.seed ?? 0 });
  const center = options.center ?? 0;
  if (typeof center !== 'number' || !Number.isFinite(center)) bad('center', 'a finite number', center);
  const scale = options.scale ?? 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) bad('scale', 'a finite number > 0', scale);
  return { proxy, dataset, batchSize, seed, center, scale };
}

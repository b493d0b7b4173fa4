/**
 * The zero-cost proxies by name: each entry says what it reads, how its score
 * is squashed into [0, 1], and scores an architecture. {@link ZeroCostEvaluator}
 * and {@link zeroCostScore} look proxies up here; the contract suite
 * (`test/evaluate/zero-cost-contract.ts`) runs over every entry.
 *
 * @module
 */

import { InvalidOptionsError } from '../../errors.js';
import { type ReadonlyRegistry, type RegistryEntry, readonlyRegistry } from '../../registry.js';
import { countMacs, countParams } from '../../space/cost.js';
import type { Architecture } from '../../space/types.js';
import { type Fail, RNG_SEED, check, checkKnownKeys, failWith, isRecord } from '../../validate.js';
import type { ImageDataset } from '../image-dataset.js';
import { gradNormScore } from './grad-norm.js';
import { naswotScore } from './naswot.js';
import { snipScore } from './snip.js';
import { synflowScore } from './synflow.js';
import { withScoringBatch, withUntrainedModel } from './untrained-network.js';

/** Options of one zero-cost proxy. Every field is optional. */
export interface ZeroCostProxyOptions {
  /** Seed of the initial weights. @defaultValue 0 */
  readonly seed?: number | string;
}

/** {@link ZeroCostProxyOptions} with the default filled in. */
export interface ResolvedZeroCostProxyOptions {
  readonly seed: number | string;
}

/**
 * A zero-cost proxy ready to score: the raw score of an architecture (higher
 * is better) on the scoring batch (images at the architecture's input shape;
 * ignored unless the proxy `reads` `'batch'`). Synchronous: it reads results
 * with `dataSync`, so it suits the CPU and WASM backends.
 */
export type ZeroCostScorer = (arch: Architecture, batch: ImageDataset) => number;

/** One zero-cost proxy, as the registry holds it. */
export interface ZeroCostProxyEntry extends RegistryEntry<ResolvedZeroCostProxyOptions, ZeroCostScorer> {
  /**
   * What the score reads: `'architecture'` (an analytic count, nothing is
   * built), `'weights'` (the untrained network only) or `'batch'` (the
   * network and a batch of labelled images).
   */
  readonly reads: 'architecture' | 'weights' | 'batch';
  /**
   * How {@link squashScore} maps the score into [0, 1]: `'log'` takes its
   * natural log first (positive scores spread over orders of magnitude),
   * `'linear'` squashes the score as it is (already a logarithm).
   */
  readonly squash: 'log' | 'linear';
}

/** Throws the typed error about a zero-cost option. */
export const zeroCostFail: Fail = failWith(InvalidOptionsError, 'zero-cost option');

/**
 * Completes and validates the options of a zero-cost proxy (every proxy takes the same).
 *
 * @throws InvalidOptionsError naming the bad field (unknown keys included).
 * @example
 * resolveZeroCostProxyOptions({}); // { seed: 0 }
 */
export function resolveZeroCostProxyOptions(options: unknown = {}): ResolvedZeroCostProxyOptions {
  if (!isRecord(options)) zeroCostFail([], 'an object', options);
  checkKnownKeys(options, ['seed'], [], zeroCostFail);
  return { seed: check(RNG_SEED, options.seed === undefined ? 0 : options.seed, ['seed'], zeroCostFail) };
}

/** A proxy's name, description, what it reads and how it squashes, and its score of `arch` with the initial weights of `seed`. */
interface ProxySpec<N extends string> extends Pick<ZeroCostProxyEntry, 'description' | 'reads' | 'squash'> {
  readonly name: N;
  readonly score: (arch: Architecture, batch: ImageDataset, seed: number | string) => number;
}

function proxy<const N extends string>({ score, ...spec }: ProxySpec<N>): ZeroCostProxyEntry & { readonly name: N } {
  return {
    ...spec,
    resolveOptions: resolveZeroCostProxyOptions,
    create:
      ({ seed }) =>
      (arch, batch) =>
        score(arch, batch, seed),
  };
}

const BUILT_IN = [
  proxy({
    name: 'synflow',
    description: 'synaptic flow of the untrained network on an all-ones input (Tanaka et al. 2020); built with plain ReLU',
    reads: 'weights',
    squash: 'log',
    score: (arch, _batch, seed) => withUntrainedModel({ ...arch, activation: 'relu' }, seed, synflowScore),
  }),
  proxy({
    name: 'naswot',
    description: 'how differently the ReLU units switch on the images of one batch (Mellor et al. 2021)',
    reads: 'batch',
    squash: 'linear',
    score: (arch, batch, seed) => withScoringBatch(arch, batch, seed, (model, x) => naswotScore(model, x)),
  }),
  proxy({
    name: 'grad_norm',
    description: 'summed norms of the loss gradient of each kernel on one batch (Abdelfattah et al. 2021)',
    reads: 'batch',
    squash: 'log',
    score: (arch, batch, seed) => withScoringBatch(arch, batch, seed, gradNormScore),
  }),
  proxy({
    name: 'snip',
    description: 'connection sensitivity |weight x gradient| summed over the kernels on one batch (Lee et al. 2019)',
    reads: 'batch',
    squash: 'log',
    score: (arch, batch, seed) => withScoringBatch(arch, batch, seed, snipScore),
  }),
  proxy({
    name: 'params',
    description: 'trainable parameters, counted analytically: a baseline the proxies must beat',
    reads: 'architecture',
    squash: 'log',
    score: (arch) => countParams(arch),
  }),
  proxy({
    name: 'macs',
    description: 'multiply-accumulates of one forward pass, counted analytically: a baseline the proxies must beat',
    reads: 'architecture',
    squash: 'log',
    score: (arch) => countMacs(arch),
  }),
] as const;

/** The name of a built-in zero-cost proxy. */
export type ZeroCostProxy = (typeof BUILT_IN)[number]['name'];

/**
 * The built-in zero-cost proxies: synflow, naswot, grad_norm, snip, and the
 * analytic `params` and `macs` counts they must beat. A new proxy is a score
 * function and one `proxy({...})` line in this file (docs/concepts.md).
 *
 * @example
 * const snip = zeroCostProxies.get('snip');
 * const score = snip.create(snip.resolveOptions({ seed: 1 }), undefined)(arch, batch);
 */
export const zeroCostProxies: ReadonlyRegistry<ZeroCostProxyEntry> = readonlyRegistry<ZeroCostProxyEntry>('zero-cost proxy', BUILT_IN);

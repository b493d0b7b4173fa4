/**
 * `ZeroCostEvaluator`: an {@link AccuracyEvaluator} that scores an
 * architecture at initialisation with a zero-cost proxy instead of training it.
 *
 * @module
 */

import { EvaluationError, MnasError, throwIfAborted } from '../../errors.js';
import { Rng } from '../../rng.js';
import type { Architecture } from '../../space/types.js';
import { assertArchitecture } from '../../space/validate.js';
import { adaptImages } from '../adapt-images.js';
import { loadFashionMnist } from '../fashion-mnist.js';
import { type ImageDataset, subsetDataset } from '../image-dataset.js';
import { loadMnist } from '../mnist.js';
import type { AccuracyEvaluator, EvaluateOptions, EvaluationResult } from '../types.js';
import { type ResolvedZeroCostOptions, type ZeroCostOptions, resolveZeroCostOptions } from './zero-cost-options.js';
import { zeroCostProxies } from './zero-cost-proxies.js';
import { zeroCostScore } from './zero-cost-score.js';

/**
 * Maps a raw score into [0, 1], preserving its order: `s` is the score for
 * a proxy whose `squash` is `'linear'` (naswot: a log-determinant) and its
 * natural log for the others (all positive and spread over orders of
 * magnitude), then `1 / (1 + exp(-(s -
 * center) / scale))`. The result is not a probability of being right: it is a
 * monotone stand-in that lets the score enter the reward `ACC * (LAT/T)^w`.
 */
export function squashScore(score: number, o: Pick<ResolvedZeroCostOptions, 'proxy' | 'center' | 'scale'>): number {
  const s = zeroCostProxies.get(o.proxy).squash === 'linear' ? score : Math.log(score);
  return 1 / (1 + Math.exp(-(s - o.center) / o.scale));
}

/**
 * Scores architectures with a zero-cost proxy: synflow (Tanaka et al. 2020),
 * NASWOT (Mellor et al. 2021), grad_norm and snip (Abdelfattah et al. 2021;
 * Lee et al. 2019), or the analytic `params` and `macs` baselines. Each
 * evaluation builds the network with the seed's initial weights, scores it on
 * one seeded batch of `batchSize` images (picked once, adapted once per input
 * shape) and disposes it: a fraction of a second instead of a training run.
 *
 * The contract asks for an accuracy in [0, 1]; a score is not one. The
 * result's `accuracy` is `squashScore` of the score (order-preserving,
 * so rankings and the reward's preference between two equally fast models are
 * kept; its level depends on `center` and `scale`); the raw score is in
 * `extra.score` and the proxy's name in `extra.proxy`. Use it to rank or to
 * pre-filter (`PrefilterController` (src/controller)); docs/accuracy.md says how well
 * each proxy ranks against trained accuracy.
 *
 * @example
 * const evaluator = new ZeroCostEvaluator({ proxy: 'naswot', dataset: 'fashion-mnist', batchSize: 64, seed: 1 });
 * const { accuracy, extra } = await evaluator.evaluate(arch);
 * console.log(extra?.score);
 */
export class ZeroCostEvaluator implements AccuracyEvaluator<Architecture> {
  /** The resolved options. */
  readonly options: ResolvedZeroCostOptions;
  private source: ImageDataset | undefined;
  private readonly batches = new Map<string, ImageDataset>();

  /** @throws InvalidOptionsError on bad options. */
  constructor(options: ZeroCostOptions = {}) {
    this.options = resolveZeroCostOptions(options);
  }

  /**
   * The raw score of an architecture (higher is better), synchronously.
   *
   * @throws InvalidArchitectureError when `arch` is not a valid architecture; EvaluationError when the data cannot be loaded or the score is not a number.
   */
  score(arch: Architecture): number {
    assertArchitecture(arch);
    try {
      const score = zeroCostScore(arch, this.options.proxy, this.batch(arch), this.options.seed);
      if (Number.isNaN(score)) throw new EvaluationError(`Zero-cost proxy ${this.options.proxy} gave NaN`);
      return score;
    } catch (error) {
      if (error instanceof MnasError) throw error;
      throw new EvaluationError(
        `Zero-cost scoring (${this.options.proxy}) failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  /**
   * Scores one architecture; `accuracy` is the squashed score (see the class comment).
   *
   * @throws AbortError when `signal` is already aborted; EvaluationError as {@link ZeroCostEvaluator.score}.
   */
  async evaluate(arch: Architecture, options: EvaluateOptions = {}): Promise<EvaluationResult> {
    throwIfAborted(options.signal);
    const start = performance.now();
    const score = this.score(arch);
    options.onProgress?.({ fraction: 1 });
    const o = this.options;
    return { accuracy: squashScore(score, o), wallMs: performance.now() - start, extra: { proxy: o.proxy, score, batchSize: o.batchSize } };
  }

  /** The seeded scoring batch at the architecture's input shape. */
  private batch(arch: Architecture): ImageDataset {
    const key = arch.inputShape.join('x');
    const hit = this.batches.get(key);
    if (hit !== undefined) return hit;
    const o = this.options;
    if (zeroCostProxies.get(o.proxy).reads !== 'batch') {
      return {
        name: 'none',
        images: new Float32Array(0),
        labels: new Int32Array(0),
        imageShape: arch.inputShape,
        numClasses: arch.numClasses,
        count: 0,
      };
    }
    this.source ??= o.dataset === 'mnist' ? loadMnist() : o.dataset === 'fashion-mnist' ? loadFashionMnist() : o.dataset;
    const ds = this.source;
    if (ds.count < o.batchSize)
      throw new EvaluationError(`Zero-cost batch of ${o.batchSize} images: dataset ${ds.name} has only ${ds.count}`, {
        path: ['batchSize'],
      });
    const order = new Rng(`${String(o.seed)}:zero-cost-batch`).shuffle(Array.from({ length: ds.count }, (_, i) => i));
    const batch = adaptImages(subsetDataset(ds, order.slice(0, o.batchSize), `${ds.name}:zero-cost`), arch.inputShape);
    this.batches.set(key, batch);
    return batch;
  }
}

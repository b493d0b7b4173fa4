/**
 * Options of the surrogate controller, completed and validated in one place.
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../../errors.js';
import { numberOption } from '../validate.js';

/** The surrogate's own options (beside the {@link BaseControllerOptions}). */
export interface SurrogateOptions {
  /**
   * Free features of a candidate, computed before it is trained: a function
   * of the tokens returning the same number of finite numbers for every
   * candidate (for example log MACs and log params from the space's analytic
   * cost, or a latency read from a table). The model reads them beside the
   * one-hot tokens. It is called on every candidate the acquisition scores,
   * so it must be cheap; results are cached per token list. A restored
   * controller needs the same function to continue exactly.
   * `search()` does not add it: pass it here (see docs/controllers.md).
   * @defaultValue none (the tokens only)
   */
  readonly features?: (tokens: readonly number[]) => readonly number[];
  /** Uniform proposals before the first fit (told trials). @defaultValue `10` */
  readonly initialTrials?: number;
  /**
   * `thompson`: the prediction of one tree drawn at random for each proposal
   * (Thompson sampling over the ensemble); `ei`: expected improvement over
   * the best told reward, from the forest's mean and spread. Thompson
   * sampling won on the tabular grid (docs/controllers.md).
   * @defaultValue `'thompson'`
   */
  readonly acquisition?: 'ei' | 'thompson';
  /** Trees of the forest. @defaultValue `32` */
  readonly trees?: number;
  /** Smallest number of told trials in a leaf. @defaultValue `1` */
  readonly minLeaf?: number;
  /** Share of the encoding's columns tried at each split (each with one random cut). @defaultValue `0.5` */
  readonly splitShare?: number;
  /**
   * Above this many told trials, each tree is refitted every
   * `floor(told / refitSpan)` tells (the trees in turn) instead of at every
   * tell, which bounds the cost of a tell at about `trees * refitSpan / told` tree fits.
   * @defaultValue `250`
   */
  readonly refitSpan?: number;
  /** Candidates scored per proposal. @defaultValue `500` */
  readonly candidates?: number;
  /** Share of the candidates drawn uniformly; the rest mutate the best told trials. @defaultValue `0.3` */
  readonly uniformShare?: number;
  /** Best told trials whose mutations are candidates. @defaultValue `10` */
  readonly elites?: number;
  /**
   * Candidates whose predicted probability of meeting the constraint (from
   * the told `violation`s) is below this are proposed only when no other is left.
   * @defaultValue `0.5`
   */
  readonly minFeasibility?: number;
}

/** {@link SurrogateOptions} completed. */
export interface ResolvedSurrogateOptions {
  readonly features: ((tokens: readonly number[]) => readonly number[]) | undefined;
  readonly initialTrials: number;
  readonly acquisition: 'ei' | 'thompson';
  readonly trees: number;
  readonly minLeaf: number;
  readonly splitShare: number;
  readonly refitSpan: number;
  readonly candidates: number;
  readonly uniformShare: number;
  readonly elites: number;
  readonly minFeasibility: number;
}

/** Completes and validates {@link SurrogateOptions}. @throws InvalidOptionsError naming the bad option. */
export function resolveSurrogateOptions(options: SurrogateOptions): ResolvedSurrogateOptions {
  const { features, acquisition = 'thompson' } = options;
  if (features !== undefined && typeof features !== 'function') {
    const expected = 'a function (tokens) => number[]';
    throw new InvalidOptionsError(`Invalid option features: expected ${expected}, received ${describeValue(features)}`, {
      path: ['features'],
      expected,
      received: features,
    });
  }
  if (acquisition !== 'ei' && acquisition !== 'thompson') {
    const expected = "'ei' | 'thompson'";
    throw new InvalidOptionsError(`Invalid option acquisition: expected ${expected}, received ${describeValue(acquisition)}`, {
      path: ['acquisition'],
      expected,
      received: acquisition,
    });
  }
  return {
    features,
    acquisition,
    initialTrials: numberOption(options.initialTrials, 10, 'initialTrials', { integer: true, min: 1 }),
    trees: numberOption(options.trees, 32, 'trees', { integer: true, min: 1 }),
    minLeaf: numberOption(options.minLeaf, 1, 'minLeaf', { integer: true, min: 1 }),
    splitShare: numberOption(options.splitShare, 0.5, 'splitShare', { min: 0, max: 1, exclusiveMin: true }),
    refitSpan: numberOption(options.refitSpan, 250, 'refitSpan', { integer: true, min: 1 }),
    candidates: numberOption(options.candidates, 500, 'candidates', { integer: true, min: 1 }),
    uniformShare: numberOption(options.uniformShare, 0.3, 'uniformShare', { min: 0, max: 1 }),
    elites: numberOption(options.elites, 10, 'elites', { integer: true, min: 1 }),
    minFeasibility: numberOption(options.minFeasibility, 0.5, 'minFeasibility', { min: 0, max: 1 }),
  };
}

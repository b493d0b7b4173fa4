/**
 * Options of the surrogate controller, completed and validated in one place.
 *
 * @module
 */

import { BOOLEAN, type Rule, check, finiteNumber, integer, oneOf } from '../../validate.js';
import { BASE_CONTROLLER_KEYS, type BaseControllerOptions } from '../base-controller.js';
import { checkControllerKeys, numberOption, optionFail } from '../validate.js';

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
  /**
   * Besides the one-hot columns, give the model each decision's token as a
   * number (for decisions with more than two options), so that a split can
   * group neighbouring options (kernel 3-5 against 7, fewer against more layers).
   * @defaultValue `false`
   */
  readonly ordinal?: boolean;
  /**
   * How the trees cut numeric columns (the features, the ordinal tokens):
   * `random`, one random cut per try as for the one-hot columns (extremely
   * randomized trees); `best`, the cut that reduces the squared error most
   * (as a random forest does). `best` ranks the Fashion-MNIST ground truth
   * better from few trials; the grid figures were measured with `random`
   * (docs/controllers.md).
   * @defaultValue `'random'`
   */
  readonly numericCuts?: 'random' | 'best';
  /**
   * `linear`: each tree first fits a ridge regression of the reward on the
   * free features (and the fidelity, once the model has it) over its sample,
   * and its splits model what that trend leaves, so that a few trials
   * already rank candidates as the features do (the trend is flat beyond the
   * told range); `none`: the splits alone. The trend improves `predict()`
   * from few trials but made the search worse on the tabular grid
   * (docs/controllers.md), hence the default.
   * @defaultValue `'none'`
   */
  readonly trend?: 'none' | 'linear';
  /** Ridge penalty of the `linear` trend (on standardized features, per told trial). @defaultValue `1` */
  readonly ridge?: number;
  /**
   * With the `linear` trend, each leaf's value (the mean of what the trend
   * leaves of its trials) is shrunk toward the trend as if the leaf held
   * this many more trials on it, so that few trials stay near the trend.
   * @defaultValue `0`
   */
  readonly trendWeight?: number;
  /** Trees of the forest. @defaultValue `32` */
  readonly trees?: number;
  /** Smallest number of told trials in a leaf. @defaultValue `1` */
  readonly minLeaf?: number;
  /** Share of the encoding's columns tried at each split (each with one random cut). @defaultValue `0.5` */
  readonly splitShare?: number;
  /**
   * From twice this many told trials on, each tree is refitted every
   * `floor(told / refitSpan)` tells (the trees in turn) instead of at every
   * tell, which bounds the cost of a tell at about `trees * refitSpan / told` tree fits.
   * @defaultValue `100`
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
  /**
   * Learn the `fidelity` told with a reward (the share of the full training
   * budget a pruned trial reached): once some trial was told a fidelity
   * below 1, the model reads the fidelity as one more column, candidates are
   * scored at full fidelity, and `predict(tokens, fidelity)` answers at any.
   * `false` learns every reward as if obtained at full fidelity.
   * @defaultValue `true`
   */
  readonly multiFidelity?: boolean;
}

/** {@link SurrogateOptions} completed. */
export interface ResolvedSurrogateOptions {
  readonly features: ((tokens: readonly number[]) => readonly number[]) | undefined;
  readonly initialTrials: number;
  readonly acquisition: 'ei' | 'thompson';
  readonly ordinal: boolean;
  readonly numericCuts: 'random' | 'best';
  readonly trend: 'none' | 'linear';
  readonly ridge: number;
  readonly trendWeight: number;
  readonly trees: number;
  readonly minLeaf: number;
  readonly splitShare: number;
  readonly refitSpan: number;
  readonly candidates: number;
  readonly uniformShare: number;
  readonly elites: number;
  readonly minFeasibility: number;
  readonly multiFidelity: boolean;
}

/** The keys of a surrogate controller's options: the {@link BaseControllerOptions} and {@link SurrogateOptions}. */
export const SURROGATE_CONTROLLER_KEYS: readonly string[] = [
  ...BASE_CONTROLLER_KEYS,
  'features',
  'initialTrials',
  'acquisition',
  'ordinal',
  'numericCuts',
  'trees',
  'minLeaf',
  'splitShare',
  'refitSpan',
  'candidates',
  'uniformShare',
  'elites',
  'minFeasibility',
  'multiFidelity',
  'trend',
  'ridge',
  'trendWeight',
];

const FEATURES: Rule<((tokens: readonly number[]) => readonly number[]) | undefined> = {
  expected: 'a function (tokens) => number[]',
  test: (v): v is ((tokens: readonly number[]) => readonly number[]) | undefined => v === undefined || typeof v === 'function',
};

/**
 * Completes and validates a surrogate controller's options (the
 * {@link BaseControllerOptions} among them, whose keys it knows).
 * @throws InvalidOptionsError naming the bad or unknown option.
 */
export function resolveSurrogateOptions(options: SurrogateOptions & BaseControllerOptions): ResolvedSurrogateOptions {
  checkControllerKeys(options, SURROGATE_CONTROLLER_KEYS);
  const features = check(FEATURES, options.features, ['features'], optionFail);
  const acquisition = check(
    oneOf<'ei' | 'thompson'>(['ei', 'thompson'], "'ei' | 'thompson'"),
    options.acquisition === undefined ? 'thompson' : options.acquisition,
    ['acquisition'],
    optionFail,
  );
  const numericCuts = check(
    oneOf<'random' | 'best'>(['random', 'best'], "'random' | 'best'"),
    options.numericCuts === undefined ? 'random' : options.numericCuts,
    ['numericCuts'],
    optionFail,
  );
  const trend = check(
    oneOf<'none' | 'linear'>(['none', 'linear']),
    options.trend === undefined ? 'none' : options.trend,
    ['trend'],
    optionFail,
  );
  const flag = (value: boolean | undefined, fallback: boolean, name: string): boolean =>
    check(BOOLEAN, value === undefined ? fallback : value, [name], optionFail);
  return {
    features,
    acquisition,
    numericCuts,
    trend,
    ridge: numberOption(options.ridge, 1, 'ridge', finiteNumber({ min: 0 })),
    trendWeight: numberOption(options.trendWeight, 0, 'trendWeight', finiteNumber({ min: 0 })),
    initialTrials: numberOption(options.initialTrials, 10, 'initialTrials', integer(1)),
    ordinal: flag(options.ordinal, false, 'ordinal'),
    trees: numberOption(options.trees, 32, 'trees', integer(1)),
    minLeaf: numberOption(options.minLeaf, 1, 'minLeaf', integer(1)),
    splitShare: numberOption(options.splitShare, 0.5, 'splitShare', finiteNumber({ min: 0, max: 1, exclusiveMin: true })),
    refitSpan: numberOption(options.refitSpan, 100, 'refitSpan', integer(1)),
    candidates: numberOption(options.candidates, 500, 'candidates', integer(1)),
    uniformShare: numberOption(options.uniformShare, 0.3, 'uniformShare', finiteNumber({ min: 0, max: 1 })),
    elites: numberOption(options.elites, 10, 'elites', integer(1)),
    minFeasibility: numberOption(options.minFeasibility, 0.5, 'minFeasibility', finiteNumber({ min: 0, max: 1 })),
    multiFidelity: flag(options.multiFidelity, true, 'multiFidelity'),
  };
}

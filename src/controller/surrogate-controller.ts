/**
 * Model-based search: a forest surrogate of the reward, refitted on every
 * told trial, proposes the candidate of highest acquisition among mutations
 * of the best trials and uniform samples (sequential model-based
 * optimization as in SMAC, Hutter, Hoos and Leyton-Brown, LION 2011).
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';
import { BaseController, type BaseControllerOptions } from './base-controller.js';
import type { OutcomeVector } from './outcome-vector.js';
import { tokenKey } from './token-lists.js';
import { logExpectedImprovement } from './surrogate/acquisition.js';
import { Encoding, SurrogateModel } from './surrogate/model.js';
import { resolveSurrogateOptions, type ResolvedSurrogateOptions, type SurrogateOptions } from './surrogate/options.js';
import { candidatePool } from './surrogate/pool.js';
import { type Observed, type Told, loadTold, observationsOf, saveTold } from './surrogate/told.js';
import type { HasDecisions } from './types.js';
import { snapArray, snapNumber, snapObject } from './validate.js';

/** Options of {@link SurrogateController}. */
export type SurrogateControllerOptions = BaseControllerOptions & SurrogateOptions;

/**
 * Proposes, after `initialTrials` uniform ones, the candidate that maximizes
 * the acquisition (expected improvement, or Thompson sampling of one tree)
 * of a forest of extremely randomized trees fitted on every told trial. The
 * forest reads the one-hot encoding of the tokens plus, when `features` is
 * given, free features of the candidate (log MACs, log params, a latency
 * from a table). When any told trial had a `violation`, a second forest
 * predicts which candidates break the constraint, and candidates below
 * `minFeasibility` are proposed only when no other is left. Pending and told
 * candidates are never proposed again. Failed trials are learned with
 * `rewardForInvalid`. A reward told with a `fidelity` below 1 (a trial a
 * pruner stopped) is learned at that fidelity, a column of its own, and so
 * are the `partialRewards` told with it (the rewards at the rungs a pruner
 * promoted the trial through); candidates are scored at full fidelity
 * (`multiFidelity`); {@link predict}
 * answers at any fidelity, which is what `search()`'s `promotion: 'model'`
 * asks before promoting a trial. Snapshots hold the told trials and the RNG, not the
 * forests: `restore` refits them, so it continues exactly (with the same
 * `features` function).
 *
 * @example
 * const c = new SurrogateController(space, { seed: 1, features: (t) => [Math.log(macsOf(t))] });
 * const { id, tokens } = c.ask();
 * c.tell(id, { reward: 0.7 });
 */
export class SurrogateController extends BaseController<null> {
  protected readonly kind = 'surrogate';
  private readonly o: ResolvedSurrogateOptions;
  private told: Told[] = [];
  /** What the model learns: each told trial's partial rewards, then its final one. */
  private observed: Observed[] = [];
  /** Seed of every fit (with the number of told trials): the forests are a function of the told trials. */
  private modelSeed: number;
  private model: SurrogateModel | null = null;
  /** Some told trial had a fidelity below 1 (and `multiFidelity`): the model has a fidelity column. */
  private partial = false;
  private readonly featureCache = new Map<string, readonly number[]>();
  private featureCount: number | undefined;

  /** @throws InvalidOptionsError for a bad option, naming it. */
  constructor(space: HasDecisions, options: SurrogateControllerOptions = {}) {
    super(space, options);
    this.o = resolveSurrogateOptions(options);
    this.modelSeed = this.rng.nextUint32();
  }

  protected propose(): { tokens: number[]; data: null } {
    if (this.told.length < this.o.initialTrials) return { tokens: this.uniform(), data: null };
    const model = this.fitted();
    const pool = candidatePool(this.decisions, this.told, this.o, this.rng, (t) => !this.wasProposed(t));
    if (pool.length === 0) return { tokens: this.uniform(), data: null };
    const forest = model.reward;
    const breaks = model.breaks;
    const sample = this.o.acquisition === 'thompson' ? this.rng.int(forest.size) : -1;
    const row = new Float64Array(model.encoding.width);
    const each = new Float64Array(forest.size);
    let best = pool[0] as number[];
    let bestScore = -Infinity;
    let bestFeasible = false;
    for (const tokens of pool) {
      model.encoding.encode(tokens, this.featuresOf(tokens), row);
      const pf = model.feasibility(row, breaks);
      const feasible = pf >= this.o.minFeasibility;
      let score: number;
      if (sample >= 0) score = forest.predictTree(row, sample);
      else {
        const { mean, sd } = forest.predict(row, each);
        score = logExpectedImprovement(mean, sd, model.incumbent) + Math.log(pf);
      }
      if ((feasible && !bestFeasible) || (feasible === bestFeasible && score > bestScore)) {
        best = tokens;
        bestScore = score;
        bestFeasible = feasible;
      }
    }
    return { tokens: best, data: null };
  }

  /**
   * The model's predicted reward of `tokens` trained to `fidelity` of the
   * full budget (mean and spread of the trees), fitted on every told trial;
   * `{ mean: 0, sd: 0 }` before the first tell. While no trial was told a
   * fidelity below 1, the model has no fidelity column and the answer is the
   * same at every fidelity. Does not change the proposals.
   * @throws InvalidOptionsError when `tokens` do not fit the space, `fidelity`
   * is not in (0, 1], or `features` returns a bad value.
   */
  predict(tokens: readonly number[], fidelity = 1): { mean: number; sd: number } {
    if (!(typeof fidelity === 'number' && fidelity > 0 && fidelity <= 1)) {
      throw new InvalidOptionsError(`Invalid fidelity: expected a number in (0, 1], received ${describeValue(fidelity)}`, {
        path: ['fidelity'],
        expected: 'a number in (0, 1]',
        received: fidelity,
      });
    }
    const ok =
      tokens?.length === this.decisions.length &&
      tokens.every((t, i) => Number.isInteger(t) && t >= 0 && t < (this.decisions[i] as { size: number }).size);
    if (!ok) {
      const expected = `${this.decisions.length} integer tokens within the decisions' sizes`;
      throw new InvalidOptionsError(`Invalid tokens: expected ${expected}, received ${describeValue(tokens)}`, {
        path: ['tokens'],
        expected,
        received: tokens,
      });
    }
    if (this.told.length === 0) return { mean: 0, sd: 0 };
    const model = this.fitted();
    const row = model.encoding.encode(tokens, this.featuresOf(tokens), new Float64Array(model.encoding.width), fidelity);
    return model.reward.predict(row);
  }

  private uniform(): number[] {
    return this.decisions.map((d) => this.rng.int(d.size));
  }

  /** The model of the told trials, brought up to date. */
  private fitted(): SurrogateModel {
    if (this.model === null) {
      if (this.told[0] !== undefined) this.featuresOf(this.told[0].tokens);
      const encoding = new Encoding(this.decisions, this.featureCount ?? 0, this.o.ordinal, this.partial);
      const tries = Math.max(1, Math.ceil(encoding.width * this.o.splitShare));
      const shape = {
        trees: this.o.trees,
        minLeaf: this.o.minLeaf,
        tries,
        binaryBelow: encoding.binaryWidth,
        ...(this.o.numericCuts === 'best' ? { bestCutFrom: encoding.binaryWidth } : {}),
        ...(this.o.trend === 'linear'
          ? { trendColumns: encoding.numericColumns(), ridge: this.o.ridge, trendWeight: this.o.trendWeight }
          : {}),
      };
      this.model = new SurrogateModel(encoding, shape, this.o.refitSpan, String(this.modelSeed));
    }
    const model = this.model;
    if (model.size < this.observed.length) {
      model.sync(
        this.observed
          .slice(model.size)
          .map((t) => ({ ...t, fidelity: this.partial ? t.fidelity : 1, features: this.featuresOf(t.tokens) })),
      );
    }
    return model;
  }

  /** The free features of `tokens` (cached), checked. @throws InvalidOptionsError when `features` returns a bad value. */
  private featuresOf(tokens: readonly number[]): readonly number[] {
    const f = this.o.features;
    if (f === undefined) return [];
    const key = tokenKey(tokens);
    const cached = this.featureCache.get(key);
    if (cached !== undefined) return cached;
    const value = f(tokens);
    const n = this.featureCount ?? (Array.isArray(value) ? value.length : -1);
    if (!Array.isArray(value) || value.length !== n || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      const expected = `an array of ${n >= 0 ? n : 'some'} finite numbers (the same length for every candidate)`;
      throw new InvalidOptionsError(`Invalid features(${key}): expected ${expected}, received ${describeValue(value)}`, {
        path: ['features'],
        expected,
        received: value,
      });
    }
    this.featureCount = n;
    const copy = Object.freeze([...value]);
    this.featureCache.set(key, copy);
    return copy;
  }

  protected override dataFor(): null {
    return null;
  }

  protected learn(tokens: readonly number[], reward: number, _data: null, failed: boolean, vector: OutcomeVector): void {
    const fidelity = failed ? 1 : (vector.fidelity ?? 1);
    const partials = failed ? [] : (vector.partialRewards ?? []);
    const told = { tokens: tokens.slice(), reward, violation: failed ? 0 : (vector.violation ?? 0), fidelity, partials };
    this.told.push(told);
    this.observe(told);
  }

  /** Adds the observations of a told trial (its final result only without `multiFidelity`). */
  private observe(told: Told): void {
    for (const o of observationsOf(this.o.multiFidelity ? told : { ...told, partials: [] })) {
      this.observed.push(o);
      this.notePartial(o.fidelity);
    }
  }

  /** The first fidelity below 1 (with `multiFidelity`) adds the fidelity column: the model is rebuilt from the told trials. */
  private notePartial(fidelity: number): void {
    if (this.partial || fidelity >= 1 || !this.o.multiFidelity) return;
    this.partial = true;
    this.model = null;
  }

  protected saveState(): unknown {
    return { modelSeed: this.modelSeed, told: this.told.map(saveTold) };
  }

  protected loadState(state: unknown): () => void {
    const s = snapObject(state, ['state']);
    const modelSeed = snapNumber(s.modelSeed, ['state', 'modelSeed'], true);
    const told = snapArray(s.told, ['state', 'told']).map((raw, i) => loadTold(raw, ['state', 'told', i], this.decisions));
    return () => {
      this.modelSeed = modelSeed;
      this.told = told;
      this.observed = [];
      this.model = null;
      this.partial = false;
      for (const t of told) this.observe(t);
    };
  }
}

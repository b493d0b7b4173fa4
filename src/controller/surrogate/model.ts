/**
 * The surrogate's model of the told trials: a forest over the one-hot
 * encoding of the tokens plus the free features, predicting the reward, and
 * a second forest predicting whether a candidate breaks the constraint.
 *
 * @module
 */

import { Rng } from '../../rng.js';
import type { Decision } from '../../space/types.js';
import { Forest, type ForestShape, type Tree, fitTree } from './forest.js';

/** One told trial as the model sees it. */
export interface Observation {
  readonly tokens: readonly number[];
  /** The reward (`rewardForInvalid` for a failed trial). */
  readonly reward: number;
  /** The constraint violation told (0: none or met). */
  readonly violation: number;
  /** The free features of the tokens (empty without a `features` function). */
  readonly features: readonly number[];
  /** The share of the full training budget the reward was obtained at, in (0, 1]. */
  readonly fidelity: number;
}

/**
 * Maps token lists (and their features) to rows of numbers: one column per
 * option of every decision with more than one; with `ordinal`, one more
 * column per decision with more than two options holding the token itself
 * (a split on it groups neighbouring options); then the features; with
 * `fidelity`, last, the base-2 log of the fidelity (rungs of successive
 * halving are equally spaced on it).
 */
export class Encoding {
  private readonly offsets: readonly number[];
  private readonly ordinalAt: readonly number[];
  readonly width: number;
  /** Number of one-hot columns (the first ones). */
  readonly binaryWidth: number;

  constructor(
    private readonly decisions: readonly Decision[],
    readonly featureCount: number,
    ordinal = false,
    /** Whether the last column holds the fidelity. */
    readonly fidelity = false,
  ) {
    let at = 0;
    this.offsets = decisions.map((d) => {
      const o = at;
      if (d.size > 1) at += d.size;
      return o;
    });
    this.binaryWidth = at;
    this.ordinalAt = decisions.map((d) => (ordinal && d.size > 2 ? at++ : -1));
    this.width = at + featureCount + (fidelity ? 1 : 0);
  }

  /** The columns of the features and of the fidelity (the numeric columns that are not tokens). */
  numericColumns(): number[] {
    const from = this.width - this.featureCount - (this.fidelity ? 1 : 0);
    return Array.from({ length: this.width - from }, (_, i) => from + i);
  }

  /** Writes the row of `tokens` and `features` at `fidelity` (read only with a fidelity column) into `out` (length `width`). */
  encode(tokens: readonly number[], features: readonly number[], out: Float64Array, fidelity = 1): Float64Array {
    out.fill(0);
    this.decisions.forEach((d, i) => {
      if (d.size > 1) out[(this.offsets[i] as number) + (tokens[i] as number)] = 1;
      const o = this.ordinalAt[i] as number;
      if (o >= 0) out[o] = tokens[i] as number;
    });
    const base = this.width - this.featureCount - (this.fidelity ? 1 : 0);
    features.forEach((f, k) => {
      out[base + k] = f;
    });
    if (this.fidelity) out[this.width - 1] = Math.log2(fidelity);
    return out;
  }
}

/**
 * The tell count whose prefix of observations tree `j` is fitted on, at `n`
 * told: all of them while `n < span`; beyond, each tree is refitted every
 * `floor(n / span)` tells, the trees in turn, so a tell costs about
 * `trees * span / n` tree fits. A function of `(j, n)` only, so a restored
 * model refits exactly the same trees.
 */
export function fitCount(j: number, n: number, span: number): number {
  const stride = Math.max(1, Math.floor(n / span));
  return n - ((((n - j) % stride) + stride) % stride);
}

/** Growable column-major rows of the encoded observations. */
class Rows {
  x: Float64Array[] = [];
  reward: Float64Array = new Float64Array(0);
  broke: Float64Array = new Float64Array(0);
  n = 0;

  constructor(private readonly width: number) {}

  push(row: Float64Array, reward: number, broke: number): void {
    if (this.n === this.reward.length) this.grow(Math.max(64, this.n * 2));
    for (let c = 0; c < this.width; c++) (this.x[c] as Float64Array)[this.n] = row[c] as number;
    this.reward[this.n] = reward;
    this.broke[this.n] = broke;
    this.n++;
  }

  private grow(capacity: number): void {
    const more = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    this.x = Array.from({ length: this.width }, (_, c) => more(this.x[c] ?? new Float64Array(0)));
    this.reward = more(this.reward);
    this.broke = more(this.broke);
  }
}

/**
 * Forests over the observations told so far, brought up to date by
 * {@link SurrogateModel.sync}: one predicts the reward, one whether a
 * candidate breaks the constraint (grown once some observation broke it).
 * The incumbent (for expected improvement) is read from the observations at
 * full fidelity when there are any.
 * Tree `j` fitted on the first `m` observations always uses the seed
 * `${seed}/${j}/${m}`: the forests are a function of the observations.
 */
export class SurrogateModel {
  /** Best reward among the observations that met the constraint (all of them when none did). */
  incumbent = -Infinity;
  private bestMet = -Infinity;
  private bestFull = -Infinity;
  private bestAny = -Infinity;
  private readonly rows: Rows;
  private readonly rewardTrees: (Tree | undefined)[];
  private readonly breakTrees: (Tree | undefined)[];
  private readonly rewardAt: number[];
  private readonly breakAt: number[];
  private anyBroke = false;
  private readonly scratch: Float64Array;

  constructor(
    readonly encoding: Encoding,
    private readonly shape: ForestShape,
    private readonly span: number,
    private readonly seed: string,
  ) {
    this.rows = new Rows(encoding.width);
    this.rewardTrees = new Array<Tree | undefined>(shape.trees);
    this.breakTrees = new Array<Tree | undefined>(shape.trees);
    this.rewardAt = new Array<number>(shape.trees).fill(-1);
    this.breakAt = new Array<number>(shape.trees).fill(-1);
    this.scratch = new Float64Array(shape.trees);
  }

  /** Number of observations the model holds. */
  get size(): number {
    return this.rows.n;
  }

  /** Appends `added` to the observations and refits the trees {@link fitCount} says are stale. */
  sync(added: readonly Observation[]): void {
    const row = new Float64Array(this.encoding.width);
    for (const o of added) {
      this.rows.push(this.encoding.encode(o.tokens, o.features, row, o.fidelity), o.reward, o.violation > 0 ? 1 : 0);
      this.anyBroke ||= o.violation > 0;
      this.bestAny = Math.max(this.bestAny, o.reward);
      if (o.fidelity < 1) continue;
      this.bestFull = Math.max(this.bestFull, o.reward);
      if (o.violation === 0) this.bestMet = Math.max(this.bestMet, o.reward);
    }
    this.incumbent = this.bestMet > -Infinity ? this.bestMet : this.bestFull > -Infinity ? this.bestFull : this.bestAny;
    const n = this.rows.n;
    if (n === 0) return;
    for (let j = 0; j < this.shape.trees; j++) {
      const m = fitCount(j, n, this.span);
      if (this.rewardAt[j] !== m) {
        this.rewardTrees[j] = fitTree(this.rows.x, this.rows.reward, m, this.shape, new Rng(`${this.seed}/${j}/${m}`));
        this.rewardAt[j] = m;
      }
      if (this.anyBroke && this.breakAt[j] !== m) {
        this.breakTrees[j] = fitTree(this.rows.x, this.rows.broke, m, this.shape, new Rng(`${this.seed}/broke/${j}/${m}`));
        this.breakAt[j] = m;
      }
    }
  }

  /** The reward forest (after {@link sync}). */
  get reward(): Forest {
    return new Forest(this.rewardTrees as Tree[], this.encoding.width);
  }

  /** Predicted probability that an encoded row meets the constraint (1 while no observation broke it). */
  feasibility(row: Float64Array, breaks: Forest | null): number {
    return breaks === null ? 1 : 1 - breaks.predict(row, this.scratch).mean;
  }

  /** The constraint forest (after {@link sync}), or null while no observation broke the constraint. */
  get breaks(): Forest | null {
    return this.anyBroke ? new Forest(this.breakTrees as Tree[], this.encoding.width) : null;
  }
}

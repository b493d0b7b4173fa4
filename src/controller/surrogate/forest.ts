/**
 * A regression forest of extremely randomized trees (Geurts, Ernst and
 * Wehenkel, "Extremely randomized trees", Machine Learning 2006) grown on
 * bootstrap samples, giving a mean and a spread (the trees' disagreement)
 * at every point.
 *
 * @module
 */

import type { Rng } from '../../rng.js';
import { type Trend, fitTrend, residuals, trendAt } from './trend.js';

/** How a forest is grown. */
export interface ForestShape {
  /** Number of trees. */
  readonly trees: number;
  /** Columns tried at each split (each with one random cut point). */
  readonly tries: number;
  /** Smallest number of rows a leaf may hold. */
  readonly minLeaf: number;
  /**
   * Columns from this index on (numeric features) are split at their best cut
   * (the midpoint between two sorted values that reduces the squared error
   * most); the columns before it at one random cut. Omitted: all at random cuts.
   */
  readonly bestCutFrom?: number;
  /** Columns below this index hold only 0 and 1 (one-hot). @defaultValue `0` */
  readonly binaryBelow?: number;
  /**
   * Columns of each tree's linear trend: a ridge regression of the target on
   * them, fitted on the tree's sample, under the splits (which then model
   * what the trend leaves). Omitted or empty: no trend.
   */
  readonly trendColumns?: readonly number[];
  /** Ridge penalty of the trend, on standardized columns (per row). @defaultValue `1` */
  readonly ridge?: number;
  /**
   * With a trend, each leaf's value (the mean of what the trend leaves of
   * its rows) is shrunk toward the trend as if the leaf held this many more
   * rows on it. @defaultValue `0`
   */
  readonly trendWeight?: number;
}

/** One tree as flat arrays: node k splits on `column[k]` at `cut[k]` (-1: a leaf of value `value[k]`). */
export interface Tree {
  readonly column: Int32Array;
  readonly cut: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** The linear trend the leaves' values add to (none: 0). */
  readonly trend?: Trend;
}

/** Grows nodes of one tree into growable arrays. */
class TreeBuilder {
  column: number[] = [];
  cut: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];

  constructor(
    private readonly x: readonly Float64Array[],
    private readonly y: Float64Array,
    private readonly shape: ForestShape,
    private readonly rng: Rng,
    /** Rows of value 0 each leaf is taken to hold besides its own (its value shrunk toward 0: the trend). */
    private readonly prior = 0,
  ) {}

  /** Appends the subtree over `rows[lo, hi)` (reordered in place) and returns its node index. */
  grow(rows: Int32Array, lo: number, hi: number): number {
    const node = this.column.length;
    let sum = 0;
    for (let i = lo; i < hi; i++) sum += this.y[rows[i] as number] as number;
    this.column.push(-1);
    this.cut.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(sum / (hi - lo + this.prior));
    const split = hi - lo >= 2 * this.shape.minLeaf ? this.bestSplit(rows, lo, hi) : null;
    if (split === null) return node;
    const mid = partition(rows, lo, hi, this.x[split.column] as Float64Array, split.cut);
    this.column[node] = split.column;
    this.cut[node] = split.cut;
    this.left[node] = this.grow(rows, lo, mid);
    this.right[node] = this.grow(rows, mid, hi);
    return node;
  }

  /** The best of `tries` random (column, cut) pairs by squared-error reduction; null when none separates the rows. */
  private bestSplit(rows: Int32Array, lo: number, hi: number): { column: number; cut: number } | null {
    const columns = this.x.length;
    let best: { column: number; cut: number } | null = null;
    let bestScore = 0;
    let st = 0;
    for (let i = lo; i < hi; i++) st += this.y[rows[i] as number] as number;
    for (let t = 0; t < this.shape.tries; t++) {
      const c = this.rng.int(columns);
      const xc = this.x[c] as Float64Array;
      let found: { cut: number; score: number } | null;
      if (c >= (this.shape.bestCutFrom ?? columns)) found = this.bestCut(xc, rows, lo, hi);
      else if (c < (this.shape.binaryBelow ?? 0)) found = this.randomBinaryCut(xc, rows, lo, hi, st);
      else found = this.randomCut(xc, rows, lo, hi, st);
      if (found !== null && found.score > bestScore + 1e-12) {
        bestScore = found.score;
        best = { column: c, cut: found.cut };
      }
    }
    return best;
  }

  /** The reduction of the squared error by a split into `nl` rows summing `sl` and the rest (null below minLeaf). */
  private score(nl: number, sl: number, n: number, st: number): number | null {
    const nr = n - nl;
    if (nl < this.shape.minLeaf || nr < this.shape.minLeaf) return null;
    // Between-groups sum of squares.
    return (sl * sl) / nl + ((st - sl) * (st - sl)) / nr - (st * st) / n;
  }

  /** One cut drawn uniformly between the column's smallest and largest value over the rows (null when they are equal). */
  private randomCut(xc: Float64Array, rows: Int32Array, lo: number, hi: number, st: number): { cut: number; score: number } | null {
    let min = Infinity;
    let max = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = xc[rows[i] as number] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(max > min)) return null;
    const cut = min + (max - min) * (0.001 + 0.998 * this.rng.next());
    let nl = 0;
    let sl = 0;
    for (let i = lo; i < hi; i++) {
      const r = rows[i] as number;
      if ((xc[r] as number) <= cut) {
        nl++;
        sl += this.y[r] as number;
      }
    }
    const score = this.score(nl, sl, hi - lo, st);
    return score === null ? null : { cut, score };
  }

  /** {@link randomCut} of a 0/1 column in one pass: every cut in (0, 1) splits the zeros from the ones. */
  private randomBinaryCut(xc: Float64Array, rows: Int32Array, lo: number, hi: number, st: number): { cut: number; score: number } | null {
    let nl = 0;
    let sl = 0;
    for (let i = lo; i < hi; i++) {
      const r = rows[i] as number;
      if ((xc[r] as number) === 0) {
        nl++;
        sl += this.y[r] as number;
      }
    }
    if (nl === 0 || nl === hi - lo) return null;
    const cut = 0.001 + 0.998 * this.rng.next();
    const score = this.score(nl, sl, hi - lo, st);
    return score === null ? null : { cut, score };
  }

  /** The cut of column `xc` over `rows[lo, hi)` that reduces the squared error most (leaves of at least minLeaf rows), and that reduction. */
  private bestCut(xc: Float64Array, rows: Int32Array, lo: number, hi: number): { cut: number; score: number } | null {
    const n = hi - lo;
    const order = Array.from(rows.subarray(lo, hi)).sort((a, b) => (xc[a] as number) - (xc[b] as number));
    let st = 0;
    for (const r of order) st += this.y[r] as number;
    let sl = 0;
    let best: { cut: number; score: number } | null = null;
    const min = this.shape.minLeaf;
    for (let i = 0; i < n - 1; i++) {
      const r = order[i] as number;
      sl += this.y[r] as number;
      const nl = i + 1;
      const a = xc[r] as number;
      const b = xc[order[i + 1] as number] as number;
      if (nl < min || n - nl < min || !(b > a)) continue;
      const score = (sl * sl) / nl + ((st - sl) * (st - sl)) / (n - nl) - (st * st) / n;
      if (best === null || score > best.score) best = { cut: (a + b) / 2, score };
    }
    return best;
  }

  done(): Tree {
    return {
      column: Int32Array.from(this.column),
      cut: Float64Array.from(this.cut),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
    };
  }
}

/** Moves the rows with `x <= cut` before the others; returns the first index of the others. */
function partition(rows: Int32Array, lo: number, hi: number, x: Float64Array, cut: number): number {
  let i = lo;
  let j = hi - 1;
  while (i <= j) {
    if ((x[rows[i] as number] as number) <= cut) i++;
    else {
      const t = rows[i] as number;
      rows[i] = rows[j] as number;
      rows[j] = t;
      j--;
    }
  }
  return i;
}

/**
 * Grows one tree on a bootstrap sample of the first `n` rows of `x`
 * (column-major: `x[c][r]` is column c of row r) and `y`.
 */
export function fitTree(x: readonly Float64Array[], y: Float64Array, n: number, shape: ForestShape, rng: Rng): Tree {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = rng.int(n);
  const columns = shape.trendColumns ?? [];
  const trend = columns.length === 0 ? undefined : fitTrend(x, y, rows, columns, shape.ridge ?? 1);
  const target = trend === undefined ? y : residuals(x, y, n, trend);
  const b = new TreeBuilder(x, target, shape, rng, trend === undefined ? 0 : (shape.trendWeight ?? 0));
  b.grow(rows, 0, n);
  return trend === undefined ? b.done() : { ...b.done(), trend };
}

/**
 * A forest: trees (from {@link fitTree}) that read rows of `width` columns.
 *
 * @example
 * const x = [Float64Array.of(0, 1, 1)];
 * const f = new Forest([fitTree(x, Float64Array.of(0, 1, 1), 3, { trees: 1, tries: 1, minLeaf: 1 }, new Rng(1))], 1);
 * f.predict([1]).mean; // about 1
 */
export class Forest {
  constructor(
    private readonly trees: readonly Tree[],
    private readonly width: number,
  ) {}

  /** Number of trees. */
  get size(): number {
    return this.trees.length;
  }

  /** Each tree's prediction at the row `point` (one value per column), into `out`. */
  predictEach(point: ArrayLike<number>, out: Float64Array): Float64Array {
    for (let t = 0; t < this.trees.length; t++) out[t] = this.predictTree(point, t);
    return out;
  }

  /** Tree `t`'s prediction at the row `point`. */
  predictTree(point: ArrayLike<number>, t: number): number {
    if (point.length !== this.width) throw new RangeError(`expected ${this.width} columns, received ${point.length}`);
    const tree = this.trees[t] as Tree;
    let k = 0;
    while ((tree.column[k] as number) >= 0) {
      k = (point[tree.column[k] as number] as number) <= (tree.cut[k] as number) ? (tree.left[k] as number) : (tree.right[k] as number);
    }
    const value = tree.value[k] as number;
    return tree.trend === undefined ? value : value + trendAt(tree.trend, point);
  }

  /** Mean and standard deviation of the trees' predictions at `point` (0 and 0 for an empty forest). */
  predict(point: ArrayLike<number>, scratch: Float64Array = new Float64Array(this.trees.length)): { mean: number; sd: number } {
    if (this.trees.length === 0) return { mean: 0, sd: 0 };
    const each = this.predictEach(point, scratch);
    let m = 0;
    for (const v of each) m += v;
    m /= each.length;
    let s = 0;
    for (const v of each) s += (v - m) ** 2;
    return { mean: m, sd: Math.sqrt(s / each.length) };
  }
}

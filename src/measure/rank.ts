/**
 * Agreement between predicted and measured latencies: rank correlations and
 * the share of predictions within a relative error (nn-Meter's +-10%
 * accuracy, Zhang et al., MobiSys 2021).
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../errors.js';

function checkPair(xs: readonly number[], ys: readonly number[], what: string): void {
  if (xs.length !== ys.length) {
    throw new InvalidOptionsError(`Invalid ${what} input: expected two arrays of equal length, received ${xs.length} and ${ys.length}`, {
      path: ['ys'],
    });
  }
  if (xs.length < 2) {
    throw new InvalidOptionsError(`Invalid ${what} input: expected at least 2 pairs, received ${xs.length}`, { path: ['xs'] });
  }
  for (const [name, arr] of [
    ['xs', xs],
    ['ys', ys],
  ] as const) {
    arr.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        throw new InvalidOptionsError(`Invalid ${what} input at ${name}[${i}]: expected a finite number, received ${describeValue(v)}`, {
          path: [name, i],
        });
      }
    });
  }
}

/**
 * Kendall's tau-b rank correlation (ties handled as in SciPy's `kendalltau`).
 * O(n^2), fine for the few hundred points of a benchmark.
 *
 * @returns a value in [-1, 1]; 0 when either input is constant.
 * @throws InvalidOptionsError on arrays of different lengths, fewer than 2 pairs or non-finite values.
 * @example kendallTau([1, 2, 3], [10, 20, 30]) // 1
 */
export function kendallTau(xs: readonly number[], ys: readonly number[]): number {
  checkPair(xs, ys, 'Kendall tau');
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = Math.sign((xs[i] as number) - (xs[j] as number));
      const dy = Math.sign((ys[i] as number) - (ys[j] as number));
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
  return denom === 0 ? 0 : (concordant - discordant) / denom;
}

/** Ranks of `xs` (1-based), ties get the mean of their ranks. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length).fill(0);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && (order[j + 1] as readonly [number, number])[0] === (order[i] as readonly [number, number])[0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[(order[k] as readonly [number, number])[1]] = rank;
    i = j + 1;
  }
  return out;
}

/**
 * Spearman's rank correlation rho: the Pearson correlation of the ranks.
 *
 * @returns a value in [-1, 1]; 0 when either input is constant.
 * @throws InvalidOptionsError as {@link kendallTau}.
 */
export function spearmanRho(xs: readonly number[], ys: readonly number[]): number {
  checkPair(xs, ys, 'Spearman rho');
  return pearson(ranks(xs), ranks(ys));
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/**
 * Share of predictions whose relative error `|predicted - measured| / measured`
 * is at most `tolerance` (nn-Meter reports this at 10%).
 *
 * @param tolerance - relative tolerance. @defaultValue 0.1
 * @throws InvalidOptionsError on mismatched arrays, non-finite values or a non-positive measurement.
 */
export function shareWithin(predicted: readonly number[], measured: readonly number[], tolerance = 0.1): number {
  checkPair(predicted, measured, 'shareWithin');
  let hits = 0;
  measured.forEach((m, i) => {
    if (m <= 0)
      throw new InvalidOptionsError(`Invalid shareWithin input at measured[${i}]: expected a positive number, received ${m}`, {
        path: ['measured', i],
      });
    if (Math.abs((predicted[i] as number) - m) / m <= tolerance + 1e-12) hits++;
  });
  return hits / measured.length;
}

/**
 * The fitted overhead of a lookup table, and estimates for missing entries.
 *
 * @module
 */

import { median } from '../stats.js';

/** `predicted = scale * sum + offsetMs`, fitted on architectures measured end to end. */
export interface LutFit {
  readonly scale: number;
  readonly offsetMs: number;
  /** Number of architectures it was fitted on. */
  readonly archs: number;
}

/** The identity fit: the prediction is the plain sum. */
export const IDENTITY_FIT: LutFit = Object.freeze({ scale: 1, offsetMs: 0, archs: 0 });

/**
 * What `fitOverhead` fits:
 * - `offset`: `sum + offset` (the fixed overhead only; robust with few calibration points);
 * - `scale`: `scale * sum`;
 * - `affine`: `scale * sum + offset` (needs more points; noisy with few).
 */
export type LutFitMode = 'offset' | 'scale' | 'affine';

/**
 * Least-squares fit of `measured ~ scale * sum + offset` (see
 * {@link LutFitMode}), minimizing the squared *relative* error
 * `((prediction - m) / m)^2`, since the figure of merit (share within
 * +-10%) is relative. An `affine` fit with fewer than 3 points, or giving a
 * non-positive scale, falls back to `offset`.
 *
 * @param sums - lookup-table sums, ms. @param measured - end-to-end measurements, ms (> 0).
 * @param mode - @defaultValue `'offset'`
 */
export function fitOverhead(sums: readonly number[], measured: readonly number[], mode: LutFitMode = 'offset'): LutFit {
  const n = Math.min(sums.length, measured.length);
  if (n === 0) return IDENTITY_FIT;
  // Weighted least squares with weights 1 / m^2.
  let sww = 0;
  let swx = 0;
  let swy = 0;
  let swxx = 0;
  let swxy = 0;
  for (let i = 0; i < n; i++) {
    const x = sums[i] as number;
    const y = measured[i] as number;
    const w = 1 / (y * y);
    sww += w;
    swx += w * x;
    swy += w * y;
    swxx += w * x * x;
    swxy += w * x * y;
  }
  if (mode === 'scale') return { scale: swxx > 0 ? swxy / swxx : 1, offsetMs: 0, archs: n };
  if (mode === 'affine' && n >= 3) {
    const det = sww * swxx - swx * swx;
    if (det > 1e-12 * sww * swxx) {
      const scale = (sww * swxy - swx * swy) / det;
      if (scale > 0) return { scale, offsetMs: (swy - scale * swx) / sww, archs: n };
    }
  }
  return { scale: 1, offsetMs: (swy - swx) / sww, archs: n };
}

/** A measured entry with its analytic cost, for {@link estimateFromMacs}. */
export interface MeasuredCost {
  readonly group: string;
  readonly macs: number;
  readonly ms: number;
}

/**
 * Estimates a missing entry's latency from its MACs and the median ms per
 * MAC of measured entries of the same group (op, kernel, stride, SE), else
 * of all layer entries; `undefined` when nothing comparable was measured.
 */
export function estimateFromMacs(group: string, macs: number, measured: readonly MeasuredCost[]): number | undefined {
  const ratio = (xs: readonly MeasuredCost[]): number | undefined => {
    const r = xs.filter((e) => e.macs > 0).map((e) => Math.max(0, e.ms) / e.macs);
    return r.length === 0 ? undefined : median(r);
  };
  const same = ratio(measured.filter((e) => e.group === group));
  const any = same ?? ratio(measured.filter((e) => e.group !== 'stem' && e.group !== 'head'));
  return any === undefined ? undefined : any * macs;
}

/**
 * Summing a lookup table over an architecture's pieces.
 *
 * @module
 */

import { MeasurementError } from '../../errors.js';
import type { Architecture } from '../../space/types.js';
import { estimateFromMacs, type MeasuredCost } from './fit.js';
import { lutPieces, type LutPiece } from './keys.js';
import type { LutEntry } from './table.js';
import { toMeasurementError } from '../report.js';

/** One piece of a prediction. */
export interface LutPredictionPart {
  readonly key: string;
  readonly kind: LutPiece['kind'];
  /** Latency used for the piece, ms (negative measured differences count as 0). */
  readonly ms: number;
  /** True when the table had no entry and the latency was estimated from MACs. */
  readonly estimated: boolean;
}

/**
 * The pieces of `arch` with their latencies from `entries` (estimated from
 * MACs where missing) and their sum.
 *
 * @throws MeasurementError on an invalid architecture, or a missing entry with nothing measured to estimate it from.
 */
export function sumPieces(entries: ReadonlyMap<string, LutEntry>, arch: Architecture): { sumMs: number; parts: LutPredictionPart[] } {
  let pieces: LutPiece[];
  try {
    pieces = lutPieces(arch);
  } catch (err) {
    throw toMeasurementError(err, 'Cannot predict the latency of an invalid architecture');
  }
  let known: MeasuredCost[] | undefined;
  const knownCosts = (): MeasuredCost[] => {
    known ??= [...entries.values()].flatMap((e) =>
      e.kind !== 'base' && e.macs !== undefined && e.group !== undefined ? [{ group: e.group, macs: e.macs, ms: e.ms }] : [],
    );
    return known;
  };
  let sumMs = 0;
  const parts = pieces.map((p): LutPredictionPart => {
    const e = entries.get(p.key);
    const ms = e?.ms ?? estimateFromMacs(p.group, p.macs, knownCosts());
    if (ms === undefined) {
      throw new MeasurementError(`The lookup table has no entry for ${p.key} and nothing to estimate it from; build it first`, {
        cause: new RangeError(`missing key ${p.key}`),
      });
    }
    const used = Math.max(0, ms);
    sumMs += used;
    return { key: p.key, kind: p.kind, ms: used, estimated: e === undefined };
  });
  return { sumMs, parts };
}

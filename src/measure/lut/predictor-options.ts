/**
 * The options of {@link LookupTablePredictor}, and what its build and its
 * predictions report.
 *
 * @module
 */

import type { LatencyMeasurer } from '../types.js';
import type { LutPredictionPart } from './sum.js';
import type { LookupTableData } from './table.js';

/** Options of {@link LookupTablePredictor}. */
export interface LookupTablePredictorOptions {
  /** Measures the probe networks while building (any measurer: WASM, browser, Android...). Not needed to predict. */
  readonly measurer?: LatencyMeasurer;
  /**
   * JSON file of the table. When it exists it is loaded (a build resumes from
   * it); every new entry is written to it at once (atomically), so a killed
   * build loses at most the entry in progress.
   */
  readonly file?: string;
  /** A table to start from (from {@link LookupTablePredictor.toJSON}); takes precedence over `file`'s content. */
  readonly table?: LookupTableData;
}

/** A predicted latency and how it was made. */
export interface LutPrediction {
  /** `fit.scale * sumMs + fit.offsetMs`. */
  readonly ms: number;
  /** Sum of the parts. */
  readonly sumMs: number;
  readonly parts: readonly LutPredictionPart[];
  /** Keys of the parts that were estimated (distinct). */
  readonly estimatedKeys: readonly string[];
}

/** Progress of {@link LookupTablePredictor.build}. */
export interface LutBuildProgress {
  /** Entries done (measured or found) out of `total`. */
  readonly done: number;
  readonly total: number;
  /** The key just measured. */
  readonly key: string;
}

/** What {@link LookupTablePredictor.build} did. */
export interface LutBuildResult {
  /** Entries measured now (bases included). */
  readonly measured: number;
  /** Pieces already in the table. */
  readonly reused: number;
}

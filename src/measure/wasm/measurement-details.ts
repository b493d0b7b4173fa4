/**
 * What {@link WasmLatencyMeasurer.details} tells of a measurement beyond its report.
 *
 * @module
 */

/** Details of the last measurement, beyond the {@link LatencyReport}. */
export interface WasmMeasurementDetails {
  /** Time to build the model in the child, ms. */
  readonly buildMs: number;
  /** Median of each warm-up window, ms. */
  readonly warmupWindowMediansMs: readonly number[];
  /** Why warm-up stopped: `stable`, `max-runs` or `max-time`. */
  readonly warmupStop: string;
  /** Tensors left in the child after disposing the model and input (0 unless tfjs leaks). */
  readonly leakedTensors: number;
  /**
   * With duet timing (`duet`): the raw medians of the model's and the
   * reference's timed runs, ms, and the `referenceMs` the ratios were scaled by.
   */
  readonly duet?: {
    readonly modelMedianMs: number;
    readonly referenceMedianMs: number;
    readonly referenceMs: number;
    /** Timed pairs discarded because the reference ran slower than `referenceMs * (1 + duet.tolerance)` before or after the model's run. */
    readonly rejectedRuns: number;
    /** True when `duet.maxWaitMs` ran out, so later pairs counted whatever the machine's state. */
    readonly waitedOut: boolean;
    /** `hashArchitecture` of the reference network the child ran beside the model. */
    readonly referenceHash: string;
  };
}

/**
 * {@link pinDuet}: duet timing's scale, calibrated once and kept as JSON.
 *
 * @module
 */

import { pinnedDuetOptions, type PinnedDuetOptions } from './duet-options.js';
import { WasmLatencyMeasurer } from './measurer.js';
import { resolveWasmLatencyMeasurerOptions, type WasmLatencyMeasurerOptions } from './options.js';

/**
 * The duet option of a WASM measurer with `referenceMs` a number, as JSON,
 * for reuse across measurers, processes and resumed searches: give it as the
 * `duet` option of every measurer of a study (and journal it), and their
 * latencies stay on one scale.
 *
 * - Given a measurer: its own `referenceMs` (calibrated now if it is still
 *   `'calibrate'`; the measurer keeps it for its life).
 * - Given options: a `referenceMs` number is taken as it is, without
 *   starting anything; `'calibrate'` is calibrated now, by a measurer of
 *   these options that is closed afterwards.
 *
 * @returns the pinned duet option, or `undefined` when the options have duet timing off.
 * @throws InvalidOptionsError on bad options; MeasurementError when the calibration fails.
 * @example
 * const duet = await pinDuet({ clock: 'wall', duet: { network: referenceArchitecture(96) } });
 * // journal `duet`; later, in any process:
 * const measurer = new WasmLatencyMeasurer({ clock: 'wall', duet });
 */
export async function pinDuet(source: WasmLatencyMeasurer | WasmLatencyMeasurerOptions): Promise<PinnedDuetOptions | undefined> {
  if (source instanceof WasmLatencyMeasurer) return source.pinnedDuet();
  const duet = resolveWasmLatencyMeasurerOptions(source).duet;
  if (duet === undefined) return undefined;
  if (duet.referenceMs !== 'calibrate') return pinnedDuetOptions(duet, duet.referenceMs);
  const measurer = new WasmLatencyMeasurer(source);
  try {
    return await measurer.pinnedDuet();
  } finally {
    await measurer.close();
  }
}

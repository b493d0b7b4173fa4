/**
 * Duet timing of a CLI run: the `wasm` section it measures with, pinned once.
 *
 * @module
 */

import { WasmLatencyMeasurer, pinDuet, referenceArchitecture, throwIfAborted } from '../index.js';
import { type WasmConfig, wasmMeasurerOptions } from './measurer-config.js';

/** What a run's `wasm` section is pinned for. */
export interface WasmRun {
  /** The side of the models' square input: duet timing runs beside the reference network of that size. */
  readonly inputSize: number;
  /** The run's seed (weights and input of the calibration). */
  readonly seed: number;
  /**
   * The `meta` of the header of the journal being resumed, as `mnas-ts
   * search` writes it (`{ config }`); absent for a fresh run.
   */
  readonly journalMeta?: unknown;
}

/**
 * The `wasm` section a run measures with, the one place where the CLI turns
 * its duet timing into numbers. With duet timing on (`reference`), the
 * section gets:
 *
 * - the reference network of the models' input size
 *   (`referenceArchitecture(inputSize)`) unless it names one, so that a
 *   search and a measurement of the same size share a scale;
 * - `reference` a number when it is `true`: when resuming, the number the
 *   journal recorded (so that the resumed trials are on the journal's scale;
 *   a journal without one is left to the resume check to refuse); otherwise
 *   calibrated now with {@link pinDuet}, once, so that every measurer of the
 *   run (the fresh ones of `repeats` too) shares it.
 *
 * The section returned is what the journal records. Without duet timing, or
 * without a section, it is returned as it is.
 *
 * @param signal - stops a calibration: its measurer's child process is
 *   ended, and the promise rejects with AbortError.
 * @throws MeasurementError when the calibration fails; AbortError when `signal` aborts.
 * @example
 * await pinWasmSection({ reference: true }, { inputSize: 96, seed: 0 }); // { reference: 4.183, referenceNetwork: referenceArchitecture(96) }
 */
export async function pinWasmSection(section: WasmConfig | undefined, run: WasmRun, signal?: AbortSignal): Promise<WasmConfig | undefined> {
  if (section === undefined || section.reference === undefined || section.reference === false) return section;
  const sized: WasmConfig =
    section.referenceNetwork === undefined ? { ...section, referenceNetwork: referenceArchitecture(run.inputSize) } : section;
  if (sized.reference !== true) return sized;
  if (run.journalMeta !== undefined) {
    const recorded = recordedReferenceMs(run.journalMeta);
    return recorded === undefined ? sized : { ...sized, reference: recorded };
  }
  const measurer = new WasmLatencyMeasurer(wasmMeasurerOptions(sized, run.seed));
  const stop = (): void => void measurer.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const pinned = await pinDuet(measurer);
    return pinned === undefined ? sized : { ...sized, reference: pinned.referenceMs };
  } catch (error) {
    throwIfAborted(signal);
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
    await measurer.close();
  }
}

/** The `referenceMs` a journal's `meta` records (`config.wasm.reference`, a number), if any. */
function recordedReferenceMs(meta: unknown): number | undefined {
  const config = field(meta, 'config');
  const recorded = field(field(config, 'wasm'), 'reference');
  return typeof recorded === 'number' ? recorded : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (Reflect.get(value, key) as unknown) : undefined;
}

/**
 * Duet timing across a resumed search. A search started with `--duet` (the
 * `wasm` section's `reference: true`) calibrates `referenceMs` once and
 * records the number in its journal's config; resuming it with `--duet`
 * takes that number again, so the resumed trials' latencies are on the scale
 * of the journal's (a fresh calibration would differ by the machine's drift).
 *
 * @module
 */

import { WasmLatencyMeasurer, referenceArchitecture } from '../index.js';
import type { LatencyMeasurer } from '../index.js';
import type { ResolvedSearchConfig } from './config.js';
import { type WasmConfig, wasmMeasurerOptions } from './measurer-config.js';

/**
 * `config` with the `referenceMs` that the journal being resumed recorded,
 * when `config` asks for a calibrated one (`wasm.reference: true`) and the
 * journal has one; otherwise `config` as it is (a journal without duet
 * timing, or with another number given, is refused by the resume check).
 *
 * @param meta - the `meta` of the journal's header, as `mnas-ts search` writes it (`{ config }`).
 * @example
 * resumeDuetReference(config, previous.header.meta).wasm; // { reference: 4.183 }
 */
export function resumeDuetReference(config: ResolvedSearchConfig, meta: unknown): ResolvedSearchConfig {
  if (config.wasm?.reference !== true) return config;
  const recorded = (meta as { config?: { wasm?: { reference?: unknown } } } | undefined)?.config?.wasm?.reference;
  return typeof recorded === 'number' ? { ...config, wasm: { ...config.wasm, reference: recorded } } : config;
}

/**
 * Calibrates duet timing's `referenceMs` now, when `config` asks for it
 * (`wasm.reference: true`), and returns `config` with the number, to be
 * recorded in the journal. `measurer` keeps the same number for its life.
 *
 * @throws MeasurementError when the calibration fails.
 * @example
 * const pinned = await pinDuetReference(config, roles.measurer); // pinned.wasm.reference === 4.183
 */
export async function pinDuetReference(config: ResolvedSearchConfig, measurer: LatencyMeasurer<unknown>): Promise<ResolvedSearchConfig> {
  if (config.wasm?.reference !== true || !(measurer instanceof WasmLatencyMeasurer)) return config;
  const referenceMs = await measurer.referenceMs();
  return referenceMs === undefined ? config : { ...config, wasm: { ...config.wasm, reference: referenceMs } };
}

/**
 * The `wasm` section with its duet reference calibrated now, when it asks
 * for a calibrated one (`reference: true`) and for `repeats` above 1: the
 * fresh measurers of each measurement must share one `referenceMs`, so it is
 * calibrated once, by a measurer of its own, before they exist. Any other
 * section is returned as it is (one measurer calibrates its own, see
 * {@link pinDuetReference}).
 *
 * @throws MeasurementError when the calibration fails.
 * @example
 * await pinDuetReferenceAhead({ reference: true, repeats: 3 }, 0); // { reference: 4.183, repeats: 3 }
 */
export async function pinDuetReferenceAhead(section: WasmConfig | undefined, seed: number): Promise<WasmConfig | undefined> {
  if (section?.reference !== true || (section.repeats ?? 1) <= 1) return section;
  const measurer = new WasmLatencyMeasurer(wasmMeasurerOptions(section, seed));
  try {
    const referenceMs = await measurer.referenceMs();
    return referenceMs === undefined ? section : { ...section, reference: referenceMs };
  } finally {
    await measurer.close();
  }
}

/**
 * The `wasm` section with duet timing's reference network for models of
 * input size `inputSize` (`referenceArchitecture(inputSize)`), when it asks
 * for duet timing and names no network of its own; otherwise as it is. The
 * CLI measures a search's models against the reference of their size, and
 * `mnas-ts measure` a target against that of its size, so that a search and
 * a measurement of the same size share a scale.
 *
 * @example
 * withSizedReference({ reference: true }, 96).referenceNetwork.inputShape; // [64, 64, 3]
 */
export function withSizedReference(section: WasmConfig | undefined, inputSize: number): WasmConfig | undefined {
  if (section === undefined || section.reference === undefined || section.reference === false || section.referenceNetwork !== undefined) return section;
  return { ...section, referenceNetwork: referenceArchitecture(inputSize) as unknown as Record<string, unknown> };
}

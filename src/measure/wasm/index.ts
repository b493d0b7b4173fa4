// The WASM wing of src/measure/: latency on tfjs WASM in a Node child process, with duet timing. Re-export by name.
export { WasmLatencyMeasurer } from './measurer.js';
export type { WasmMeasurementDetails } from './measurement-details.js';
export { resolveWasmLatencyMeasurerOptions, type ResolvedWasmLatencyMeasurerOptions, type WasmLatencyMeasurerOptions } from './options.js';
export type { DuetOptions, PinnedDuetOptions, ResolvedDuetOptions } from './duet-options.js';
export { pinDuet } from './pin-duet.js';
export { referenceArchitecture } from './reference-network.js';

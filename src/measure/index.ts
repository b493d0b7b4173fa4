// Public surface of src/measure/. Re-export by name.
export type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from './types.js';
export { MAD_SCALE, coefficientOfVariation, mean, median, quantile, scaledMad, summarizeSamples, type SampleSummary } from './stats.js';
export { kendallTau, ranks, shareWithin, spearmanRho } from './rank.js';
export {
  DEFAULT_TIMING_PROTOCOL,
  resolveTimingProtocolOptions,
  runTimingProtocol,
  type ResolvedTimingProtocolOptions,
  type TimingProtocolOptions,
  type TimingProtocolResult,
} from './protocol.js';
export { makeLatencyReport, toMeasurementError } from './report.js';
export { WasmLatencyMeasurer, type WasmMeasurementDetails } from './wasm.js';
export {
  resolveWasmLatencyMeasurerOptions,
  type ResolvedWasmLatencyMeasurerOptions,
  type WasmLatencyMeasurerOptions,
} from './wasm-options.js';
export { macsProxy, paramsProxy, type ProxyOptions } from './proxies.js';
export { benchmarkLatency, tableLatency, type DeviceLatencyBenchmark, type TableLatencyOptions } from './table.js';
export { repeatedMeasurer, type RepeatedMeasurerOptions } from './repeated.js';
export { cachedMeasurer, canonicalHash, canonicalJson, type CachedLatencyMeasurer, type CachedMeasurerOptions } from './cache.js';
export { JsonFileLatencyStore, MemoryLatencyStore, type LatencyStore } from './stores.js';
export {
  LookupTablePredictor,
  type LookupTablePredictorOptions,
  type LutBuildProgress,
  type LutBuildResult,
  type LutPrediction,
} from './lut.js';
export { sumPieces, type LutPredictionPart } from './lut-sum.js';
export { IDENTITY_FIT, estimateFromMacs, fitOverhead, type LutFit, type LutFitMode, type MeasuredCost } from './lut-fit.js';
export { layerKey, lutPieces, type LutEntryKind, type LutPiece } from './lut-keys.js';
export { LUT_FORMAT, checkTable, emptyTable, type LookupTableData, type LutEntry } from './lut-table.js';
export { BrowserLatencyMeasurer } from './browser.js';
export {
  resolveBrowserLatencyMeasurerOptions,
  type BrowserBackend,
  type BrowserLatencyMeasurerOptions,
  type ResolvedBrowserLatencyMeasurerOptions,
} from './browser-options.js';
export { CHROMIUM_FLAGS, DEFAULT_CHROMIUM_PATH } from './browser-launch.js';
export { AndroidLatencyMeasurer } from './android.js';
export {
  resolveAndroidLatencyMeasurerOptions,
  type AndroidLatencyMeasurerOptions,
  type ResolvedAndroidLatencyMeasurerOptions,
} from './android-options.js';
export { parseAdbDevices, parseBenchmarkOutput, type AdbDevice, type BenchmarkOutput } from './android-parse.js';
export { shellQuote } from './android-adb.js';
export { referenceArchitecture } from './reference.js';

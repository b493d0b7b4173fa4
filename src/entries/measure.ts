/**
 * `mnas-ts/measure`: Latency measurers (Node; tfjs and child processes).
 *
 * @module mnas-ts/measure
 */

// Latency: the measurer contract, the platforms (WASM in Node, Chromium, Android), the timing protocol.
export {
  AndroidLatencyMeasurer,
  BrowserLatencyMeasurer,
  DEFAULT_TIMING_PROTOCOL,
  WasmLatencyMeasurer,
  busyCores,
  judgeLoad,
  makeLatencyReport,
  medianInterval,
  pinDuet,
  procStatProbe,
  reportMedianInterval,
  referenceArchitecture,
  resolveAndroidLatencyMeasurerOptions,
  resolveBrowserLatencyMeasurerOptions,
  resolveTimingProtocolOptions,
  resolveWasmLatencyMeasurerOptions,
  runTimingProtocol,
  type AndroidLatencyMeasurerOptions,
  type BrowserBackend,
  type BrowserLatencyMeasurerOptions,
  type CpuTimes,
  type DuetOptions,
  type DuetPlatformInfo,
  type LatencyMeasurer,
  type LatencyReport,
  type LoadOptions,
  type LoadProbe,
  type LoadReport,
  type MeasureOptions,
  type MedianInterval,
  type PinnedDuetOptions,
  type PlatformInfo,
  type ResolvedAndroidLatencyMeasurerOptions,
  type ResolvedBrowserLatencyMeasurerOptions,
  type ResolvedDuetOptions,
  type ResolvedTimingProtocolOptions,
  type ResolvedWasmLatencyMeasurerOptions,
  type TimingProtocolOptions,
  type TimingProtocolResult,
  type WasmLatencyMeasurerOptions,
  type WasmMeasurementDetails,
} from '../measure/index.js';

// Latency without a device: analytic proxies, recorded tables, the lookup-table predictor.
export {
  LookupTablePredictor,
  benchmarkLatency,
  macsProxy,
  paramsProxy,
  tableLatency,
  type DeviceLatencyBenchmark,
  type LookupTableData,
  type LookupTablePredictorOptions,
  type LutBuildProgress,
  type LutBuildResult,
  type LutEntry,
  type LutEntryKind,
  type LutFit,
  type LutFitMode,
  type LutPrediction,
  type LutPredictionPart,
  type ProxyOptions,
  type TableLatencyOptions,
} from '../measure/index.js';

// Latency plumbing: caching, stores, repeats, and rank agreement between measurers.
export {
  JsonFileLatencyStore,
  MemoryLatencyStore,
  cachedMeasurer,
  canonicalJson,
  kendallTau,
  repeatedMeasurer,
  spearmanRho,
  type CachedLatencyMeasurer,
  type CachedMeasurerOptions,
  type LatencyStore,
  type RepeatedMeasurerOptions,
} from '../measure/index.js';

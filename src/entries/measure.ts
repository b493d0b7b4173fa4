/**
 * `mnas-ts/measure`: Latency measurers (Node; tfjs and child processes).
 *
 * @module mnas-ts/measure
 */

// Latency: the measurer contract, the platforms (WASM in Node, Chromium, onnxruntime, Android), the timing protocol.
export {
  AndroidLatencyMeasurer,
  BROWSER_BACKENDS,
  BrowserLatencyMeasurer,
  DEFAULT_TIMING_PROTOCOL,
  ORT_RUNTIMES,
  OrtLatencyMeasurer,
  WasmLatencyMeasurer,
  busyCores,
  judgeLoad,
  makeLatencyReport,
  medianInterval,
  pinDuet,
  procStatProbe,
  processCpuMs,
  processTreeCpuClock,
  reportMedianInterval,
  referenceArchitecture,
  runTimingProtocol,
  usageMeter,
  watchLoad,
  type AndroidLatencyMeasurerOptions,
  type BrowserBackend,
  type BrowserLatencyMeasurerOptions,
  type CpuClock,
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
  type OrtLatencyMeasurerOptions,
  type OrtRuntime,
  type PinnedDuetOptions,
  type PlatformInfo,
  type ProcReader,
  type ProcessUsage,
  type ResolvedAndroidLatencyMeasurerOptions,
  type ResolvedBrowserLatencyMeasurerOptions,
  type ResolvedOrtLatencyMeasurerOptions,
  type TimingProtocolOptions,
  type TimingProtocolResult,
  type UsageMeter,
  type WasmLatencyMeasurerOptions,
  type Watched,
  type WasmMeasurementDetails,
} from '../measure/index.js';

// The registry: every latency measurer by name (what the CLI offers and the contract suite runs).
export { latencyMeasurers, type LatencyMeasurerContext, type LatencyMeasurerEntry } from '../measure/index.js';

// Latency without a device: MACs and params counts, recorded tables, the lookup-table predictor, few-shot adaptation.
export {
  LookupTablePredictor,
  benchmarkLatency,
  fitFewShotLatency,
  fitLinearLatencyModel,
  predictFewShotLatency,
  predictLinearLatency,
  type FewShotLatencyModel,
  type FewShotLatencyOptions,
  type LinearLatencyModel,
  type LinearLatencyModelOptions,
  macsLatency,
  paramsLatency,
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
  type CountLatencyOptions,
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

// Statistics of timing samples, and how well predicted latency matches measured latency.
export { coefficientOfVariation, fitOverhead, mean, median, quantile, shareWithin } from '../measure/index.js';

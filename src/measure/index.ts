// Public surface of src/measure/: the shared core (the LatencyMeasurer contract, statistics, the timing
// protocol, reports, caches, repetition, latency from MACs or params counts, tabular device data, rank agreement) and one wing per
// platform (wasm/, browser/, ort/, android/) plus the lookup-table predictor (lut/). Re-export by name.
export type {
  DuetPlatformInfo,
  LatencyMeasurer,
  LatencyReport,
  LoadReport,
  MeasureOptions,
  MedianInterval,
  PlatformInfo,
} from './types.js';
export { DEFAULT_MEDIAN_CI_LEVEL, medianInterval, reportMedianInterval } from './median-ci.js';
export { busyCores, parseProcStat, procStatProbe, type CpuTimes, type LoadProbe, type SyncLoadProbe } from './load-probe.js';
export { processCpuMs, usageMeter, watchLoad, type CpuClock, type UsageMeter, type Watched } from './load-watch.js';
export {
  MS_PER_PROC_TICK,
  linuxProcReader,
  parsePidStat,
  pidsWithArg,
  processTreeCpuClock,
  processTreeCpuMs,
  type PidStat,
  type ProcReader,
} from './process-tree.js';
export {
  judgeLoad,
  mergeLoadReports,
  resolveLoadOptions,
  waitForQuiet,
  type LoadEvidence,
  type LoadOptions,
  type ProcessUsage,
  type QuietWait,
  type ResolvedLoadOptions,
  type WaitHooks,
} from './load.js';
export { MAD_SCALE, coefficientOfVariation, mean, median, quantile, scaledMad, summarizeSamples, type SampleSummary } from './stats.js';
export { kendallTau, ranks, shareWithin, spearmanRho } from './rank.js';
export {
  DEFAULT_TIMING_PROTOCOL,
  resolveTimingProtocolOptions,
  runTimingProtocol,
  type ResolvedTimingProtocolOptions,
  type TimingProtocolOptions,
  type TimingProtocolResult,
} from './timing-protocol.js';
export { makeLatencyReport, toMeasurementError, type LatencyReportExtras } from './report.js';
export { macsLatency, paramsLatency, type CountLatencyOptions } from './count-latency.js';
export { benchmarkLatency, tableLatency, type DeviceLatencyBenchmark, type TableLatencyOptions } from './device-table.js';
export { repeatedMeasurer, type RepeatedMeasurerOptions } from './repeated.js';
export { cachedMeasurer, canonicalHash, canonicalJson, type CachedLatencyMeasurer, type CachedMeasurerOptions } from './cache.js';
export { JsonFileLatencyStore, MemoryLatencyStore, type LatencyStore } from './stores.js';
export * from './wasm/index.js';
export * from './browser/index.js';
export * from './ort/index.js';
export * from './android/index.js';
export * from './lut/index.js';
export * from './few-shot/index.js';
export { latencyMeasurers, type LatencyMeasurerContext, type LatencyMeasurerEntry } from './registry.js';

// The Android wing of src/measure/: latency of TFLite benchmark_model on a device over adb. Re-export by name.
export { AndroidLatencyMeasurer } from './measurer.js';
export {
  resolveAndroidLatencyMeasurerOptions,
  type AndroidLatencyMeasurerOptions,
  type ResolvedAndroidLatencyMeasurerOptions,
} from './options.js';
export { parseAdbDevices, parseBenchmarkOutput, type AdbDevice, type BenchmarkOutput } from './parse.js';
export { shellQuote } from './adb.js';

// Public surface of src/measure/. Re-export by name.
export type { LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from './types.js';

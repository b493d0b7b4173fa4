// The onnxruntime wing of src/measure/: the toOnnx export timed in onnxruntime-node or onnxruntime-web. Re-export by name.
export { OrtLatencyMeasurer } from './measurer.js';
export {
  ORT_RUNTIMES,
  resolveOrtLatencyMeasurerOptions,
  type OrtLatencyMeasurerOptions,
  type OrtRuntime,
  type ResolvedOrtLatencyMeasurerOptions,
} from './options.js';

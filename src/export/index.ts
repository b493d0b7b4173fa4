// Public surface of src/export/. Re-export by name.
export { toTflite, resolveToTfliteOptions } from './to-tflite.js';
export type { ToTfliteOptions, ResolvedToTfliteOptions } from './to-tflite.js';
export { toOnnx, ONNX_OPSET, ONNX_IR_VERSION } from './to-onnx.js';
export type { ToOnnxOptions } from './to-onnx.js';

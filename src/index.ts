/**
 * mnas-ts: platform-aware neural architecture search (MnasNet, Tan et al., CVPR 2019).
 *
 * The public surface, listed by name and grouped by role. Helpers that the
 * library uses internally, test oracles and benchmark networks are not
 * exported here; `test/space/exports.test.ts` pins this list.
 *
 * @module mnas-ts
 */

// The browser-safe roles, also at `mnas-ts/space`, `mnas-ts/reward` and `mnas-ts/controller`.
export * from './entries/space.js';
export * from './entries/reward.js';
export * from './entries/controller.js';

// Building: Architecture -> tf.LayersModel, and the gradient kernels the tfjs WASM backend lacks.
export {
  buildModel,
  disposeModel,
  missingTrainingKernels,
  registerWasmTrainingKernels,
  type BuildModelOptions,
  type ModelOutput,
} from './blocks/index.js';

// Export: TFLite flatbuffers and ONNX models.
export { toTflite, type ToTfliteOptions } from './export/index.js';
export { ONNX_IR_VERSION, ONNX_OPSET, toOnnx, type ToOnnxOptions } from './export/index.js';

// The Node roles, also at `mnas-ts/measure`, `mnas-ts/evaluate` and `mnas-ts/search`.
export * from './entries/measure.js';
export * from './entries/evaluate.js';
export * from './entries/search.js';

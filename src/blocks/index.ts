// Public surface of src/blocks/. Re-export by name.
export { buildModel } from './build-model.js';
export type { BuildModelOptions, ModelOutput, ResolvedBuildModelOptions } from './build-options.js';
export { resolveBuildModelOptions } from './build-options.js';
export { disposeModel } from './dispose-model.js';
export {
  missingTrainingKernels,
  registerWasmTrainingKernels,
  WASM_TRAINING_KERNEL_NAMES,
  wasmTrainingKernelConfigs,
} from './kernels/register-wasm-training-kernels.js';
export { dropWasmProcessHandlers } from './wasm-process-handlers.js';

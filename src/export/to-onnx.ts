/**
 * `toOnnx`: an Architecture or a tfjs model written as an ONNX model.
 *
 * @module
 */

import type * as tf from '../tfjs.js';
import type { Architecture } from '../space/types.js';
import { exportGraph } from './export-graph.js';
import { encodeOnnxModel } from './onnx-proto.js';
import { planOnnx } from './plan-onnx.js';
import { type ToTfliteOptions, resolveToTfliteOptions } from './to-tflite.js';

/** The ONNX operator set the files declare (default domain). Every operator written is defined at this opset. */
export const ONNX_OPSET = 14;
/** The ONNX IR version the files declare (the one that came with opset 14, ONNX 1.9). */
export const ONNX_IR_VERSION = 7;

/**
 * Options of {@link toOnnx}: those of `toTflite` (`batchSize`, `buildOptions`,
 * `description` stored as the model's `doc_string`, `optimize`). Every field is optional.
 */
export type ToOnnxOptions = ToTfliteOptions;

/**
 * Writes a network as an ONNX model (float32, opset {@link ONNX_OPSET}) that
 * onnxruntime (node, web) and other ONNX runtimes load.
 *
 * The layer graph is read into the same intermediate graph as `toTflite`
 * (so the same layers are supported), then laid out channels-first: `Conv`
 * (a depthwise convolution is a `Conv` with one group per channel), `Gemm`,
 * `Add`, `Mul`, `Relu`, `Clip` (ReLU6), `Sigmoid` (swish is `x * Sigmoid(x)`),
 * `Softmax`, `GlobalAveragePool` or `ReduceMean`, `AveragePool` (padding not
 * counted, as in tfjs) and `MaxPool`, `Concat`, `Pad`, `Reshape` and
 * `Transpose`. Batch norms are folded into the preceding convolution with
 * `optimize` (the default), else written as `Mul` + `Add`. The input keeps the
 * tfjs layout, NHWC (`[batch, height, width, channels]`), and the output is
 * what the tfjs model returns.
 *
 * @param archOrModel - an Architecture (built with `buildModel(arch,
 *   options.buildOptions)` and disposed afterwards) or a tfjs `LayersModel`
 *   (left untouched; the caller keeps owning it).
 * @param options - see {@link ToOnnxOptions}.
 * @returns the `.onnx` file bytes.
 * @throws ExportError on an unsupported layer or configuration (path `['layers', i]`).
 * @throws InvalidOptionsError on a bad option; InvalidArchitectureError on a bad architecture.
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('a1.onnx', toOnnx(mnasnetA1({ inputShape: [224, 224, 3], numClasses: 1000 })));
 */
export function toOnnx(archOrModel: Architecture | tf.LayersModel, options?: ToOnnxOptions): Uint8Array {
  const resolved = resolveToTfliteOptions(options);
  return exportGraph(archOrModel, resolved, (graph) =>
    encodeOnnxModel({
      irVersion: ONNX_IR_VERSION,
      opset: ONNX_OPSET,
      producerName: 'mnas-ts',
      producerVersion: '0.1.0',
      docString: resolved.description,
      graphName: 'mnas_ts',
      ...planOnnx(graph),
    }),
  );
}

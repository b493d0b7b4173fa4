/**
 * `toTflite`: an Architecture or a tfjs model written as a TFLite flatbuffer.
 *
 * @module
 */

import type * as tf from '../tfjs.js';
import type { BuildModelOptions } from '../blocks/index.js';
import { InvalidOptionsError } from '../errors.js';
import type { Architecture } from '../space/types.js';
import { BOOLEAN, type Fail, LIMITS, type Rule, check, checkKnownKeys, failWith, integer, isRecord } from '../validate.js';
import { exportGraph } from './export-graph.js';
import { writeTflite } from './write-tflite.js';

/** Options of {@link toTflite}. Every field is optional. */
export interface ToTfliteOptions {
  /** Batch dimension written into the input and every activation shape. @defaultValue 1 */
  readonly batchSize?: number;
  /** Options for `buildModel` when an Architecture is given (seed, output...). Ignored for a model. @defaultValue `{}` */
  readonly buildOptions?: BuildModelOptions;
  /** Stored as the model's description. @defaultValue `'mnas-ts'` */
  readonly description?: string;
  /** Fold batch norms into convolutions and fuse ReLU/ReLU6 (as the TFLite converter does). @defaultValue true */
  readonly optimize?: boolean;
}

/** {@link ToTfliteOptions} with every field set. */
export interface ResolvedToTfliteOptions {
  readonly batchSize: number;
  readonly buildOptions: BuildModelOptions;
  readonly description: string;
  readonly optimize: boolean;
}

/**
 * Completes and validates {@link ToTfliteOptions}.
 * @throws InvalidOptionsError naming the bad field.
 */
export function resolveToTfliteOptions(options: ToTfliteOptions = {}): ResolvedToTfliteOptions {
  const fail: Fail = failWith(InvalidOptionsError, 'option');
  if (!isRecord(options)) fail([], 'an options object', options);
  checkKnownKeys(options, ['batchSize', 'buildOptions', 'description', 'optimize'], [], fail);
  return {
    batchSize: check(integer(1, LIMITS.batchSize), options.batchSize ?? 1, ['batchSize'], fail),
    buildOptions: options.buildOptions ?? {},
    description: check(STRING, options.description ?? 'mnas-ts', ['description'], fail),
    optimize: check(BOOLEAN, options.optimize ?? true, ['optimize'], fail),
  };
}

const STRING: Rule<string> = { expected: 'a string', test: (v): v is string => typeof v === 'string' };

/**
 * Writes a network as a TFLite model (float32): the flatbuffer of
 * `../shared/tflite/schema.fbs` that TFLite's `benchmark_model`, the Android
 * interpreter and `@tensorflow/tfjs-tflite` load.
 *
 * The model's layer graph is walked generically (inbound nodes), so every
 * architecture `buildModel` produces exports, and so does any functional
 * model made of the supported layers: Conv2D, DepthwiseConv2D, Dense,
 * BatchNormalization, ReLU (plain or max 6), Activation (relu, relu6,
 * sigmoid, softmax, linear), Add, Multiply (with broadcasting, as in
 * squeeze-and-excitation), GlobalAveragePooling2D, AveragePooling2D,
 * MaxPooling2D, ZeroPadding2D, Concatenate, Reshape, Flatten and Dropout
 * (dropped). Batch norm is folded into the
 * preceding conv/dense weights and ReLU/ReLU6 fused into their producer,
 * so MnasNet exports to CONV_2D, DEPTHWISE_CONV_2D, ADD, MUL, LOGISTIC, MEAN,
 * RESHAPE, FULLY_CONNECTED (and SOFTMAX when the model ends in one). Weights
 * are taken as they are in the model (inference mode: moving statistics).
 *
 * @param archOrModel - an Architecture (built with `buildModel(arch,
 *   options.buildOptions)` and disposed afterwards) or a tfjs `LayersModel`
 *   (left untouched; the caller keeps owning it).
 * @param options - see {@link ToTfliteOptions}.
 * @returns the `.tflite` file bytes.
 * @throws ExportError on an unsupported layer or configuration (path `['layers', i]`).
 * @throws InvalidOptionsError on a bad option; InvalidArchitectureError on a bad architecture.
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('a1.tflite', toTflite(mnasnetA1({ inputShape: [224, 224, 3], numClasses: 1000 })));
 */
export function toTflite(archOrModel: Architecture | tf.LayersModel, options?: ToTfliteOptions): Uint8Array {
  const resolved = resolveToTfliteOptions(options);
  return exportGraph(archOrModel, resolved, (graph) => writeTflite(graph, resolved.description));
}

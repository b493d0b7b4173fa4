/**
 * Registers the gradient kernels that the tfjs WASM backend lacks, and
 * faster versions of a few it has, so that `model.fit` works on it at a
 * useful speed.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { makeFusedBatchNorm } from './batch-norm.js';
import { makeConv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { makeConv2DBackpropInput } from './conv2d-backprop-input.js';
import { makeDepthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-backprop-input.js';
import { FAST_PATH_FACTORIES, type Fallback } from './fast-paths.js';
import { LEAN_GRADIENT_FACTORIES } from './lean-gradients.js';
import { type SimdProvider, createSimdProvider } from './simd-kernels.js';
import { WASM_BACKEND } from './wasm-backend.js';

/** Names of the gradient kernels the WASM backend of tfjs 4.x does not have. */
export const WASM_TRAINING_KERNEL_NAMES: readonly string[] = [
  tf.Conv2DBackpropFilter,
  tf.DepthwiseConv2dNativeBackpropInput,
  tf.DepthwiseConv2dNativeBackpropFilter,
];

/**
 * Fresh configs of the three missing gradient kernels alone, without the
 * faster replacements of {@link registerWasmTrainingKernels} (to register
 * them by hand, or to compare).
 */
export function wasmTrainingKernelConfigs(simd: SimdProvider = createSimdProvider()): tf.KernelConfig[] {
  return [makeConv2DBackpropFilterConfig(simd), depthwiseConv2dNativeBackpropInputConfig, makeDepthwiseBackpropFilterConfig(simd)];
}

/** Kernels the WASM backend has, replaced by faster ones that fall back to the originals. */
function overrides(simd: SimdProvider): Readonly<Record<string, (fallback: Fallback) => tf.KernelFunc>> {
  return {
    ...FAST_PATH_FACTORIES,
    [tf.Conv2DBackpropInput]: makeConv2DBackpropInput,
    [tf.FusedBatchNorm]: makeFusedBatchNorm(simd),
  };
}

/** Marks the kernel functions registered here, so that a second call is a no-op. */
const MARK = Symbol.for('mnas-ts.wasmTrainingKernel');

function isOurs(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[MARK] === true;
}

function mark<F extends object>(fn: F): F {
  Object.defineProperty(fn, MARK, { value: true });
  return fn;
}

/** Names of the gradient kernels training needs that are not registered for `backendName`. */
export function missingTrainingKernels(backendName: string = WASM_BACKEND): string[] {
  return WASM_TRAINING_KERNEL_NAMES.filter((name) => tf.getKernel(name, backendName) === undefined);
}

/**
 * Makes the tfjs `wasm` backend train: registers `Conv2DBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropInput` and
 * `DepthwiseConv2dNativeBackpropFilter` (missing from tfjs 4.x), and
 * replaces `Conv2DBackpropInput`, `FusedBatchNorm`, `Tile`, `Sum`, `Mean`, `Identity` and `Cast` with versions
 * that are fast on the shapes training produces and call the original
 * kernel elsewhere. It also registers leaner gradients of `FusedBatchNorm`
 * and `Mean` (same values, fewer passes over the activations); gradients
 * are global in tfjs, so these apply to every backend. Idempotent;
 * importing `mnas-ts` registers nothing.
 * Call it after importing `@tensorflow/tfjs-backend-wasm`, before or after
 * `tf.setBackend('wasm')`.
 *
 * The kernels reuse the backend's XNNPACK convolutions and matmul where the
 * math allows; see `docs/training.md` for the figures.
 *
 * @returns the names of the kernels this call registered (empty on a repeated call).
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels } from 'mnas-ts';
 * registerWasmTrainingKernels();
 * await tf.setBackend('wasm');
 * await model.fit(xs, ys); // no "Kernel 'Conv2DBackpropFilter' not registered"
 */
export function registerWasmTrainingKernels(): string[] {
  const registered: string[] = [];
  const simd = createSimdProvider();
  for (const config of wasmTrainingKernelConfigs(simd)) {
    const current = tf.getKernel(config.kernelName, config.backendName);
    if (current !== undefined) continue;
    tf.registerKernel({ ...config, kernelFunc: mark(config.kernelFunc) });
    registered.push(config.kernelName);
  }
  for (const [name, factory] of Object.entries(overrides(simd))) {
    const original = tf.getKernel(name, WASM_BACKEND);
    if (original === undefined || isOurs(original.kernelFunc)) continue;
    const fallback = original.kernelFunc as unknown as Fallback;
    tf.unregisterKernel(name, WASM_BACKEND);
    tf.registerKernel({ ...original, kernelFunc: mark(factory(fallback)) });
    registered.push(name);
  }
  for (const [name, factory] of Object.entries(LEAN_GRADIENT_FACTORIES)) {
    const original = tf.getGradient(name);
    if (original === undefined || isOurs(original.gradFunc)) continue;
    tf.registerGradient({ ...original, gradFunc: mark(factory(original.gradFunc)) });
    registered.push(`${name} gradient`);
  }
  return registered;
}

/**
 * The baseline of `bench:train`: the tfjs WASM backend with only the three gradient kernels it
 * lacks, without the faster replacements and leaner gradients that `registerWasmTrainingKernels`
 * adds. Made with the public API: register everything, then put back the backend's own kernels
 * and tfjs's own gradients that the call replaced.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from 'mnas-ts';

const GRADIENT = ' gradient';

/**
 * Leaves the WASM backend with the missing gradient kernels registered and everything else as
 * tfjs has it; a later `registerWasmTrainingKernels()` adds the rest. Import
 * `@tensorflow/tfjs-backend-wasm` first.
 * @returns the names of the kernels and gradients put back.
 */
export function registerMissingKernelsOnly(): string[] {
  const kernels = new Map(tf.getKernelsForBackend('wasm').map((k) => [k.kernelName, k]));
  const names = new Set([...kernels.keys(), ...tf.getKernelsForBackend('cpu').map((k) => k.kernelName)]);
  const gradients = new Map([...names].map((name) => [name, tf.getGradient(name)]));
  const restored: string[] = [];
  for (const name of registerWasmTrainingKernels()) {
    const gradient = name.endsWith(GRADIENT) ? gradients.get(name.slice(0, -GRADIENT.length)) : undefined;
    const kernel = kernels.get(name);
    if (gradient !== undefined) tf.registerGradient(gradient);
    else if (kernel !== undefined) {
      tf.unregisterKernel(name, 'wasm');
      tf.registerKernel(kernel);
    } else continue;
    restored.push(name);
  }
  return restored;
}

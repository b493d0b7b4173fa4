/**
 * The backend check shared by supernet training and evaluation.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { missingTrainingKernels, registerWasmTrainingKernels } from '../../blocks/index.js';
import { EvaluationError } from '../../errors.js';

/**
 * Checks that the active tfjs backend is `wanted` (any when undefined) and,
 * when `needsGradients` on `wasm`, that the gradient kernels are registered
 * (registering them when `register` allows). Returns the active backend's name.
 *
 * @throws EvaluationError naming the option (`backend` or `registerKernels`) to change.
 */
export function checkSupernetBackend(who: string, wanted: string | undefined, needsGradients: boolean, register: boolean): string {
  const active = tf.getBackend();
  if (wanted !== undefined && active !== wanted) {
    throw new EvaluationError(
      `${who} is set to run on the '${wanted}' backend but the active tfjs backend is '${active}': call \`await tf.setBackend('${wanted}')\` first`,
      {
        path: ['backend'],
      },
    );
  }
  if (needsGradients && active === 'wasm') {
    const missing = missingTrainingKernels('wasm');
    if (missing.length > 0 && !register) {
      throw new EvaluationError(
        `The tfjs wasm backend cannot train: kernels ${missing.join(', ')} are not registered. Call registerWasmTrainingKernels() once, or leave the option registerKernels at true`,
        {
          path: ['registerKernels'],
        },
      );
    }
    if (missing.length > 0) registerWasmTrainingKernels();
  }
  return active;
}

/** Yields to the event loop (so that an abort signal can fire between batches). */
export const nextTick = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

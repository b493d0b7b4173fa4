/**
 * `disposeModel`: frees a model built by `buildModel`.
 *
 * @module
 */

import type * as tf from '../tfjs.js';

/**
 * Frees every weight of `model` (and an optimizer tfjs created for it from a
 * string in `compile`; an optimizer object you passed stays yours); safe to call on a model that is already disposed or on
 * `undefined`, so it fits `finally` blocks.
 *
 * @param model - a model from `buildModel`, or `undefined`.
 * @returns the number of variables freed (0 when there was nothing to free).
 * @example
 * const model = buildModel(arch);
 * try {
 *   // ... use the model
 * } finally {
 *   disposeModel(model);
 * }
 */
export function disposeModel(model: tf.LayersModel | undefined): number {
  if (model === undefined) return 0;
  let freed = 0;
  try {
    freed = model.dispose().numDisposedVariables;
  } catch (error) {
    // tfjs throws "already disposed" on a second dispose; anything else is real.
    if (!(error instanceof Error) || !/disposed/i.test(error.message)) throw error;
  }
  return freed;
}

/**
 * One zero-cost score of one architecture.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { buildModel } from '../../blocks/build-model.js';
import { disposeModel } from '../../blocks/dispose-model.js';
import { countMacs, countParams } from '../../space/cost.js';
import type { Architecture } from '../../space/types.js';
import { datasetBatch } from '../dataset-batch.js';
import type { ImageDataset } from '../image-dataset.js';
import { gradNormScore } from './grad-norm.js';
import { naswotScore } from './naswot.js';
import { snipScore } from './snip.js';
import { synflowScore } from './synflow.js';
import type { ZeroCostProxy } from './zero-cost-options.js';

/**
 * Scores an architecture with a zero-cost proxy at initialisation: builds
 * `buildModel(arch)` with `seed` (logits output; plain ReLU for synflow, see
 * {@link synflowScore}), computes the score on `batch` (every image of it,
 * already at the architecture's input shape; synflow uses an all-ones input
 * instead) and disposes the model. `params` and `macs` are the analytic
 * counts and build nothing. Synchronous (it reads results with `dataSync`),
 * so it suits the CPU and WASM backends.
 *
 * @param arch - the architecture.
 * @param proxy - which score.
 * @param batch - the scoring images and labels (ignored by synflow, params and macs).
 * @param seed - seed of the initial weights.
 * @returns the raw score (higher is better for every proxy).
 * @throws InvalidArchitectureError from `buildModel`; EvaluationError from naswot on a model without ReLU.
 * @example
 * const score = zeroCostScore(arch, 'snip', batch, 0);
 */
export function zeroCostScore(arch: Architecture, proxy: ZeroCostProxy, batch: ImageDataset, seed: number | string): number {
  if (proxy === 'params') return countParams(arch);
  if (proxy === 'macs') return countMacs(arch);
  const built = proxy === 'synflow' ? { ...arch, activation: 'relu' as const } : arch;
  const model = buildModel(built, { seed, output: 'logits' });
  try {
    if (proxy === 'synflow') return synflowScore(model);
    const indices = Array.from({ length: batch.count }, (_, i) => i);
    const { x, y } = datasetBatch(batch, indices, arch.numClasses);
    try {
      if (proxy === 'naswot') return naswotScore(model, x);
      if (proxy === 'grad_norm') return gradNormScore(model, x, y);
      return snipScore(model, x, y);
    } finally {
      tf.dispose([x, y]);
    }
  } finally {
    disposeModel(model);
  }
}

/**
 * One zero-cost score of one architecture.
 *
 * @module
 */

import type { Architecture } from '../../space/types.js';
import type { ImageDataset } from '../image-dataset.js';
import { type ZeroCostProxy, zeroCostProxies } from './zero-cost-proxies.js';

/**
 * Scores an architecture with a zero-cost proxy at initialisation (the
 * `zeroCostProxies` entry of that name): builds `buildModel(arch)` with
 * `seed` (logits output; plain ReLU for synflow, see {@link synflowScore}),
 * computes the score on `batch` (every image of it, already at the
 * architecture's input shape; synflow uses an all-ones input instead) and
 * disposes the model. `params` and `macs` are the analytic counts and build
 * nothing. Synchronous (it reads results with `dataSync`), so it suits the
 * CPU and WASM backends.
 *
 * @param arch - the architecture.
 * @param proxy - which score.
 * @param batch - the scoring images and labels (ignored by synflow, params and macs).
 * @param seed - seed of the initial weights.
 * @returns the raw score (higher is better for every proxy).
 * @throws InvalidOptionsError on an unknown proxy or a bad seed; InvalidArchitectureError from `buildModel`; EvaluationError from naswot on a model without ReLU.
 * @example
 * const score = zeroCostScore(arch, 'snip', batch, 0);
 */
export function zeroCostScore(arch: Architecture, proxy: ZeroCostProxy, batch: ImageDataset, seed: number | string): number {
  const entry = zeroCostProxies.get(proxy);
  return entry.create(entry.resolveOptions({ seed }), undefined)(arch, batch);
}

/**
 * The reference network of duet timing (`WasmLatencyMeasurerOptions.reference`).
 *
 * @module
 */

import { mnasnetSmall } from '../space/index.js';
import type { Architecture } from '../space/types.js';

/**
 * The fixed network that duet timing runs beside every model: MnasNet-small
 * at 128x128x3 with 10 classes (about 13 ms on the WASM backend of a 2.1 GHz
 * Xeon core). Built from the same depthwise, pointwise, SE and dense kernels
 * as the models of the search space, so machine drift slows it as it slows
 * them. At 128x128 its activations (up to about 1 MB) leave the core's
 * caches as those of a 224x224 network do; whether that tracks large models
 * better than the 64x64 version (about 4 ms) is not settled: it did much
 * better in one experiment and no better in the benchmark of
 * docs/latency.md.
 */
export function referenceArchitecture(): Architecture {
  return mnasnetSmall({ inputShape: [128, 128, 3], numClasses: 10 });
}

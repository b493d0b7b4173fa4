/**
 * The reference network of duet timing (`WasmLatencyMeasurerOptions.reference`).
 *
 * @module
 */

import { mnasnetSmall } from '../space/index.js';
import type { Architecture } from '../space/types.js';

/**
 * The fixed network that duet timing runs beside every model: MnasNet-small
 * at 64x64x3 with 10 classes (about 5 ms on the WASM backend of a 2.1 GHz
 * Xeon core). Small, so it adds little to a measurement; built from the
 * same depthwise, pointwise, SE and dense kernels as the models of the
 * search space, so machine drift slows it as it slows them.
 */
export function referenceArchitecture(): Architecture {
  return mnasnetSmall({ inputShape: [64, 64, 3], numClasses: 10 });
}

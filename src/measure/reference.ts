/**
 * The reference network of duet timing (`WasmLatencyMeasurerOptions.reference`).
 *
 * @module
 */

import { mobilenetV2 } from '../space/index.js';
import type { Architecture } from '../space/types.js';

/**
 * The default network that duet timing runs beside every model:
 * MobileNetV2-1.0 at 128x128x3 with 10 classes (16 to 26 ms on the WASM
 * backend of the 2.1 GHz Xeon VM of docs/latency.md, with the machine's
 * state). MobileNetV2 is the network the MnasNet search space is defined
 * against, so its mix of pointwise, depthwise and dense kernels and its
 * activation sizes are those of the models searched, and a change of the
 * machine's state slows it as it slows them: on that VM the ratio of
 * MobileNetV2 at 224 to it moved by 1-2% between the fast and the slow state,
 * where the ratio to MnasNet-small at 128 (the reference until 2026-11-28)
 * moved by 7-10%. Pick another with
 * `WasmLatencyMeasurerOptions.referenceNetwork` when the models measured are
 * of another family.
 */
export function referenceArchitecture(): Architecture {
  return mobilenetV2({ inputShape: [128, 128, 3], numClasses: 10 });
}

/**
 * The reference network of duet timing (`WasmLatencyMeasurerOptions.duet.network`).
 *
 * @module
 */

import { InvalidOptionsError, describeValue } from '../../errors.js';
import { mobilenetV2 } from '../../space/index.js';
import type { Architecture } from '../../space/types.js';

/**
 * A reference network for duet timing of models of input size `inputSize`
 * (the side of a square input): MobileNetV2-1.0 with 10 classes at about 0.6
 * of that side, rounded to a multiple of 32 (at least 32). Without an
 * argument, for 224x224 models: MobileNetV2 at 128x128 (16 to 26 ms on the
 * WASM backend of the 2.1 GHz Xeon VM of docs/latency.md), the default of
 * `WasmLatencyMeasurer`. For MnasNet-small at 96, MobileNetV2 at 64.
 *
 * Why: the ratio of a model to the reference resists the machine's states
 * only as far as the two slow alike. MobileNetV2 is the network the MnasNet
 * search space is defined against (filters and layers are multiples of its),
 * so its pointwise, depthwise and dense kernels are those of the models
 * searched; at a somewhat smaller input, its activations are of the size of
 * theirs. On that VM, 10 fresh duet measurers of MobileNetV2 at 224 agreed
 * within a CV of 1.0-1.3% with MobileNetV2 at 128 as the reference and
 * 4.3-4.9% with MnasNet-small at 128; those
 * of MnasNet-small at 96 within 1.9-2.0% with MobileNetV2 at 64, and 4-9%
 * with MobileNetV2 at 128 or MnasNet-small at 128 in the same hour. Give
 * every measurer of a study the same reference (the study's input size), or
 * their numbers are on different scales.
 *
 * @throws InvalidOptionsError when `inputSize` is not an integer >= 1.
 * @example
 * new WasmLatencyMeasurer({ clock: 'wall', duet: { network: referenceArchitecture(96) } });
 */
export function referenceArchitecture(inputSize = 224): Architecture {
  if (!Number.isSafeInteger(inputSize) || inputSize < 1) {
    throw new InvalidOptionsError(
      `Invalid referenceArchitecture argument inputSize: expected an integer >= 1, received ${describeValue(inputSize)}`,
      {
        path: ['inputSize'],
      },
    );
  }
  const side = Math.max(32, Math.round((0.6 * inputSize) / 32) * 32);
  return mobilenetV2({ inputShape: [side, side, 3], numClasses: 10 });
}

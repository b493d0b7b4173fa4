/** Small architectures for measurer tests (fast at 32 x 32). */

import type { CpuTimes, SyncLoadProbe } from '../../src/measure/load-probe.js';
import type { Architecture, BlockSpec } from '../../src/space/types.js';

/** A block with defaults: mbconv e3 k3, no SE, identity skip, 16 filters, 1 layer, stride 1. */
export function block(over: Partial<BlockSpec> = {}): BlockSpec {
  return { op: 'mbconv', kernel: 3, expansion: 3, seRatio: 0, skip: 'identity', filters: 16, repeats: 1, stride: 1, ...over };
}

/** A two-block network at 32 x 32 x 3 with 10 classes. */
export function tinyArch(over: Partial<Architecture> = {}): Architecture {
  return {
    inputShape: [32, 32, 3],
    numClasses: 10,
    activation: 'relu',
    stem: { filters: 8, kernel: 3, stride: 2 },
    blocks: [block({ op: 'dwconv', expansion: 1, filters: 8 }), block({ seRatio: 0.25, repeats: 2, stride: 2 })],
    head: { filters: 32, dropout: 0 },
    ...over,
  };
}

/** `tinyArch` with a kernel of 4 (invalid). */
export function badKernelArch(): unknown {
  const a = tinyArch();
  return { ...a, blocks: [{ ...a.blocks[0], kernel: 4 }, a.blocks[1]] };
}

/**
 * Contract-suite settings of a deterministic measurer that answers at once
 * (the MACs and params counts, and wrappers around them): tiny valid networks, a bad kernel
 * and `null` as invalid input, no abort during a measurement.
 */
export function instantContractOptions(platformName: string) {
  return {
    valid: () => tinyArch(),
    invalid: [
      { name: 'a kernel of 4', value: badKernelArch },
      { name: 'null', value: () => null },
    ],
    abortsDuring: false,
    deterministic: true,
    platformName,
  };
}

/** A probe whose machine runs `cores[i]` busy cores during the i-th interval between reads (of 2 cores). */
export function scriptedProbe(cores: readonly number[]): SyncLoadProbe & { reads: number } {
  let busy = 0;
  let total = 0;
  const probe = {
    reads: 0,
    read(): CpuTimes {
      if (probe.reads > 0) {
        const c = cores[Math.min(probe.reads - 1, cores.length - 1)] ?? 0;
        busy += 100 * c;
        total += 200;
      }
      probe.reads++;
      return { busy, total, cores: 2 };
    },
  };
  return probe;
}

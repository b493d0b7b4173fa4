/**
 * `BnStatistics`: the batch-norm statistics of one subnet, recalibrated on a
 * few training batches (SPOS, Guo et al. 2020; Once-for-All, Cai et al. 2020).
 *
 * @module
 */

import * as tf from '../../tfjs.js';

/** Mean and variance of one batch-norm layer. */
export interface BnMoments {
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
}

/**
 * Per batch-norm layer (keyed by the standalone layer name, e.g.
 * `block1_layer0_dw_bn`), the average over the calibration batches of the
 * batch means and of the batch (biased) variances, as Once-for-All's
 * `set_running_statistics` computes them. Holds tensors: free with
 * {@link BnStatistics.dispose}.
 */
export class BnStatistics {
  private readonly sums = new Map<string, { mean: tf.Tensor1D; variance: tf.Tensor1D }>();
  private count = 0;

  /** Number of batches added. */
  get batches(): number {
    return this.count;
  }

  /** Names of the batch-norm layers that have statistics. */
  layerNames(): string[] {
    return [...this.sums.keys()];
  }

  /**
   * Adds the moments of one batch (one entry per batch-norm layer); takes
   * ownership of the tensors in `moments`.
   */
  add(moments: ReadonlyMap<string, BnMoments>): void {
    for (const [name, m] of moments) {
      const had = this.sums.get(name);
      if (had === undefined) {
        this.sums.set(name, { mean: m.mean, variance: m.variance });
        continue;
      }
      this.sums.set(name, { mean: tf.add(had.mean, m.mean), variance: tf.add(had.variance, m.variance) });
      tf.dispose([had.mean, had.variance, m.mean, m.variance]);
    }
    this.count += 1;
  }

  /**
   * The averaged statistics of layer `name`, as new tensors (call inside
   * `tf.tidy` or dispose them), or `undefined` when the layer has none.
   */
  get(name: string): BnMoments | undefined {
    const s = this.sums.get(name);
    if (s === undefined) return undefined;
    const n = this.count;
    return tf.tidy(() => ({ mean: tf.div(s.mean, n) as tf.Tensor1D, variance: tf.div(s.variance, n) as tf.Tensor1D }));
  }

  /** Frees every tensor held; the statistics are empty afterwards. */
  dispose(): void {
    for (const s of this.sums.values()) tf.dispose([s.mean, s.variance]);
    this.sums.clear();
    this.count = 0;
  }
}

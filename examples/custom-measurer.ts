/**
 * A custom LatencyMeasurer: anything with `measure(arch, { signal })`
 * returning a LatencyReport plugs into search(), the CLI's measure command
 * code and cachedMeasurer. This one times batch-1 inference in this process
 * on whatever tfjs backend is active (here the pure-JS `cpu` backend, a
 * stand-in for "my device"); then it checks how well the MACs count (`macsLatency`) ranks
 * architectures against it, which is MnasNet's argument for measuring.
 *
 *   npx tsx examples/custom-measurer.ts
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  MeasurementError,
  Rng,
  buildModel,
  cachedMeasurer,
  disposeModel,
  factorizedSpace,
  kendallTau,
  macsLatency,
  makeLatencyReport,
  throwIfAborted,
} from 'mnas-ts';
import type { Architecture, LatencyMeasurer, LatencyReport, MeasureOptions, PlatformInfo } from 'mnas-ts';

const smoke = process.env['MNAS_EXAMPLE_SMOKE'] === '1';

/** Times `model.predict` on the active tfjs backend: warm-up, then timed runs, median. */
class InProcessMeasurer implements LatencyMeasurer {
  constructor(
    private readonly runs = 15,
    private readonly warmup = 5,
  ) {}

  platform(): PlatformInfo {
    return { name: `in-process-${tf.getBackend()}`, backend: tf.getBackend(), threads: 1 };
  }

  async measure(arch: Architecture, options: MeasureOptions = {}): Promise<LatencyReport> {
    throwIfAborted(options.signal);
    let model: LayersModel;
    try {
      model = buildModel(arch, { seed: 0 });
    } catch (cause) {
      throw new MeasurementError(`cannot build the model: ${(cause as Error).message}`, { cause });
    }
    const input = tf.randomNormal([1, ...arch.inputShape]);
    const samples: number[] = [];
    try {
      for (let i = 0; i < this.warmup + this.runs; i++) {
        throwIfAborted(options.signal);
        const t0 = performance.now();
        const y = model.predict(input) as tf.Tensor;
        await y.data(); // wait for the result, not just the dispatch
        const ms = performance.now() - t0;
        y.dispose();
        if (i >= this.warmup) samples.push(ms);
      }
    } finally {
      input.dispose();
      disposeModel(model);
    }
    return makeLatencyReport(samples, this.warmup, this.platform());
  }
}

await tf.setBackend('cpu');
const space = factorizedSpace({
  skeleton: [
    { filters: 16, repeats: 1, stride: 1 },
    { filters: 24, repeats: 2, stride: 2 },
    { filters: 40, repeats: 2, stride: 2 },
  ],
  inputShape: [32, 32, 3],
  numClasses: 10,
  stem: { filters: 16, kernel: 3, stride: 2 },
  head: { filters: 0, dropout: 0 },
});
const measurer = cachedMeasurer(new InProcessMeasurer(smoke ? 3 : 15, smoke ? 1 : 5));
const macs = macsLatency();
const rng = new Rng(7);
const measured: number[] = [];
const estimated: number[] = [];
const count = smoke ? 4 : 24;
const before = tf.memory().numTensors;
for (let i = 0; i < count; i++) {
  const arch = space.sample(rng);
  measured.push((await measurer.measure(arch)).medianMs);
  estimated.push((await macs.measure(arch)).medianMs);
}
console.log(`tensors leaked: ${tf.memory().numTensors - before}`);
console.log(
  `${count} sampled architectures; in-process ${tf.getBackend()} latency ${Math.min(...measured).toFixed(2)}..${Math.max(...measured).toFixed(2)} ms`,
);
console.log(`Kendall tau of the MACs count against the measured latency: ${kendallTau(estimated, measured).toFixed(3)}`);
console.log('Use it in a search: search({ space, controller, evaluator, measurer, targetMs })');

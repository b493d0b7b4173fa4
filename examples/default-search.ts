/**
 * The default search of `npx mnas-ts search`, written out with the library:
 * PPO over a MnasNet-style space for 28 x 28 MNIST digits, accuracy from proxy
 * training on the tfjs WASM backend, latency measured by the WASM measurer
 * at batch 1, and the MnasNet soft reward at a 2 ms target. The journal makes
 * it resumable: run it again and it continues where it stopped.
 *
 *   npx tsx examples/default-search.ts
 *
 * MNAS_EXAMPLE_SMOKE=1 shrinks the budgets (used by the smoke test).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { PpoController, ProxyTrainer, WasmLatencyMeasurer, defaultSpaceOptions, factorizedSpace, formatBlocks, search } from 'mnas-ts';
import type { Architecture } from 'mnas-ts';

const smoke = process.env['MNAS_EXAMPLE_SMOKE'] === '1';
const journal = process.env['MNAS_EXAMPLE_JOURNAL'] ?? 'mnas-ts-run/example-default.jsonl';

// The caller picks the tfjs backend; ProxyTrainer registers WASM's missing gradient kernels.
await tf.setBackend('wasm');

// The CLI's default space at 28 x 28 x 1: four searchable blocks after a stride-2 stem, 24 decisions.
const space = factorizedSpace(defaultSpaceOptions());
const controller = new PpoController(space, { seed: 0 });
const evaluator = new ProxyTrainer({
  dataset: 'mnist',
  trainSize: smoke ? 128 : 2048,
  validationSize: smoke ? 64 : 2000,
  epochs: 1,
  batchSize: 32,
  optimizer: 'adam',
  learningRate: 0.01,
  seed: 0,
  backend: 'wasm',
});
const measurer = new WasmLatencyMeasurer({ seed: 0 });

try {
  const result = await search({
    space,
    controller,
    evaluator,
    measurer,
    targetMs: 2,
    budget: { trials: smoke ? 2 : 60 },
    journal,
    resume: true, // continue an earlier run of this example, or start one
    onTrial: (t, p) =>
      console.log(
        `trial ${p.done}: ${t.status === 'ok' ? `acc ${t.accuracy?.toFixed(3)} latency ${t.latencyMs?.toFixed(3)} ms reward ${t.reward?.toFixed(4)}` : t.error}`,
      ),
  });
  console.log(`Pareto front of ${result.trials.length} trials (accuracy vs latency):`);
  for (const t of result.paretoFront) {
    console.log(
      `  #${t.index} acc ${t.accuracy?.toFixed(3)} ${t.latencyMs?.toFixed(3)} ms  ${formatBlocks(t.value as Architecture, { style: 'timm' }).join(' ')}`,
    );
  }
} finally {
  controller.dispose();
  await measurer.close();
}

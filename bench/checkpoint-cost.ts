/**
 * Prints the CPU cost of a ProxyTrainer checkpoint (one validation pass)
 * against a training step, from the process CPU time of three alternating
 * rounds of 8-step, 16-step and 8-checkpoint runs (medians): the reference
 * network at 16x16x3, batch 32, 500 validation images, on the wasm backend.
 * Quoted in docs/pruning.md. Run: `npx tsx bench/checkpoint-cost.ts`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { ProxyTrainer } from 'mnas-ts/evaluate';
import { TRAINING_BENCHMARK_ARCHITECTURE } from './training-network.js';
import { registerWasmTrainingKernels } from 'mnas-ts';
import { benchCommand } from './args.js';

benchCommand('checkpoint-cost', 'The CPU cost of a ProxyTrainer checkpoint against a training step (no flags)').parse();
registerWasmTrainingKernels();
await tf.setBackend('wasm');
const arch = { ...TRAINING_BENCHMARK_ARCHITECTURE, inputShape: [16, 16, 3] as const };
const base = { trainSize: 512, validationSize: 500, batchSize: 32, seed: 1 };
const configs = {
  plain8: new ProxyTrainer({ ...base, steps: 8 }),
  plain16: new ProxyTrainer({ ...base, steps: 16 }),
  every8: new ProxyTrainer({ ...base, steps: 8, checkpoints: [1, 2, 3, 4, 5, 6, 7, 8] }),
};
const cpu: Record<string, number[]> = { plain8: [], plain16: [], every8: [] };
for (const t of Object.values(configs)) await t.evaluate(arch);
for (let round = 0; round < 3; round++) {
  for (const [name, t] of Object.entries(configs)) {
    const c0 = process.cpuUsage();
    await t.evaluate(arch);
    const c = process.cpuUsage(c0);
    cpu[name]!.push((c.user + c.system) / 1000);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
const step = (med(cpu['plain16']!) - med(cpu['plain8']!)) / 8;
const checkpoint = (med(cpu['every8']!) - med(cpu['plain8']!)) / 7;
console.log(JSON.stringify(cpu));
console.log(
  `median CPU ms: one step (batch 32) ${step.toFixed(0)}, one checkpoint (500 images) ${checkpoint.toFixed(0)}, ratio ${(checkpoint / step).toFixed(2)}`,
);

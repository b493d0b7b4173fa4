/**
 * `npm run bench:supernet`: trains the weight-sharing supernet of the default
 * CLI space (28 x 28 x 1, four searchable blocks) on Fashion-MNIST with
 * single-path uniform sampling (SPOS) on tfjs WASM, saves it, prints the
 * training throughput, then scores a few sampled subnets with
 * SupernetEvaluator (inherited weights, recalibrated batch norm) and prints
 * the time per evaluation.
 *
 * Flags: --steps <n> (default 2000), --batch <n> (64), --optimizer sgd|momentum|adam (adam),
 * --lr <x> (0.005), --seed <n> (1), --train-size <n> (55000), --validation-size <n> (5000),
 * --out <dir> (supernet-fmnist), --eval <n> (subnets scored after training, 10),
 * --calibration-batches <n> (8), --load (skip training: load --out and only evaluate).
 */
import * as tf from '../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { registerWasmTrainingKernels } from '../src/blocks/index.js';
import { Supernet, SupernetEvaluator, trainSupernet } from '../src/evaluate/index.js';
import type { ProxyOptimizer } from '../src/evaluate/index.js';
import { Rng } from '../src/rng.js';
import type { FactorizedSpaceOptions } from '../src/space/index.js';

const args = process.argv.slice(2);
const value = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const num = (name: string, fallback: number): number => Number(value(name) ?? fallback);

const STEPS = num('steps', 2000);
const BATCH = num('batch', 64);
const OPTIMIZER = (value('optimizer') ?? 'adam') as ProxyOptimizer;
const LR = num('lr', 0.005);
const SEED = num('seed', 1);
const OUT = value('out') ?? 'supernet-fmnist';
const EVAL = num('eval', 10);
const CALIBRATION = num('calibration-batches', 8);
const DATA = {
  dataset: 'fashion-mnist',
  trainSize: num('train-size', 55000),
  validationSize: num('validation-size', 5000),
  seed: SEED,
} as const;

/** The default CLI space (`mnistSpaceOptions(28)` of src/cli/defaults.ts). */
const SPACE: FactorizedSpaceOptions = {
  skeleton: [
    { filters: 8, repeats: 1, stride: 1 },
    { filters: 16, repeats: 2, stride: 2 },
    { filters: 24, repeats: 2, stride: 2 },
    { filters: 32, repeats: 1, stride: 1 },
  ],
  inputShape: [28, 28, 1],
  numClasses: 10,
  stem: { filters: 8, kernel: 3, stride: 2 },
  head: { filters: 0, dropout: 0 },
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? Number.NaN
    : s.length % 2
      ? (s[(s.length - 1) / 2] as number)
      : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function train(): Promise<Supernet> {
  const supernet = Supernet.create({ space: SPACE, seed: SEED });
  const stepMs: number[] = [];
  let last = performance.now();
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  const result = await trainSupernet(
    supernet,
    { ...DATA, steps: STEPS, batchSize: BATCH, optimizer: OPTIMIZER, learningRate: LR },
    {
      onProgress: (p) => {
        const now = performance.now();
        stepMs.push(now - last);
        last = now;
        if ((p.step ?? 0) % 50 === 0)
          console.log(
            `step ${p.step}/${STEPS}  loss ${p.loss?.toFixed(4)}  ${(((p.step ?? 0) * 1000) / (now - wall0)).toFixed(2)} steps/s`,
          );
      },
    },
  );
  const cpu = cpuMs() - cpu0;
  await supernet.save(OUT);
  // What the training cost, beside the weights: bench:accuracy charges it to the supernet's row.
  writeFileSync(
    join(OUT, 'bench.json'),
    `${JSON.stringify({ steps: result.steps, batchSize: BATCH, optimizer: OPTIMIZER, learningRate: LR, seed: SEED, cpuSeconds: cpu / 1000, wallSeconds: result.wallMs / 1000, loss: result.loss, finishedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  console.log('\n| steps | batch | wall s (incl. data load) | steps/s | median ms/step | CPU ms/step | final loss (last 10) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${result.steps} | ${BATCH} | ${(result.wallMs / 1000).toFixed(1)} | ${((result.steps * 1000) / result.wallMs).toFixed(2)} | ${median(stepMs.slice(5)).toFixed(1)} | ${(cpu / result.steps).toFixed(1)} | ${result.loss.toFixed(4)} |`,
  );
  console.log(
    `\nsaved to ${OUT}/ (${supernet.slots.length} variables, ${supernet.slots.reduce((n, s) => n + s.shape.reduce((a, d) => a * d, 1), 0)} weights)`,
  );
  return supernet;
}

async function evaluate(supernet: Supernet): Promise<void> {
  if (EVAL <= 0) return;
  const evaluator = new SupernetEvaluator({ supernet, ...DATA, calibrationBatches: CALIBRATION, calibrationBatchSize: 64 });
  const rng = new Rng(`${SEED}:bench-eval`);
  await evaluator.evaluate(supernet.space.sample(rng)); // data loaded and kernels warm before timing
  const rows: string[] = [];
  const times: number[] = [];
  for (let i = 0; i < EVAL; i++) {
    const arch = supernet.space.sample(rng);
    const r = await evaluator.evaluate(arch);
    times.push(r.wallMs ?? Number.NaN);
    rows.push(
      `| ${i} | ${arch.blocks.map((b) => `${b.op}${b.op === 'mbconv' ? b.expansion : ''}/k${b.kernel}/se${b.seRatio}/${b.skip}/c${b.filters}x${b.repeats}`).join(' ')} | ${r.accuracy.toFixed(4)} | ${(r.wallMs ?? 0).toFixed(0)} |`,
    );
  }
  console.log(
    `\n| subnet | blocks | accuracy (inherited weights, ${CALIBRATION} x 64 calibration images, ${DATA.validationSize} validation) | ms |`,
  );
  console.log('|---:|---|---:|---:|');
  for (const r of rows) console.log(r);
  console.log(`\nmedian evaluation: ${median(times).toFixed(0)} ms`);
}

async function main(): Promise<void> {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  console.log(
    `bench:supernet  ${new Date().toISOString()}  Node ${process.version}  ${cpus().length} x ${cpus()[0]?.model ?? '?'}  load ${loadavg()[0]?.toFixed(2)}`,
  );
  console.log(
    `recipe: SPOS uniform single path, ${OPTIMIZER} lr ${LR} cosine, batch ${BATCH}, ${DATA.trainSize} Fashion-MNIST training images, seed ${SEED}\n`,
  );
  const supernet = args.includes('--load') ? await Supernet.load(OUT, { space: SPACE }) : await train();
  await evaluate(supernet);
  console.log(`load at the end: ${loadavg()[0]?.toFixed(2)}`);
  supernet.dispose();
}

await main();

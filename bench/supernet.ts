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
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { registerWasmTrainingKernels } from 'mnas-ts';
import { Supernet, SupernetEvaluator, trainSupernet, type ProxyOptimizer } from 'mnas-ts/evaluate';
import { Rng, type FactorizedSpaceOptions } from 'mnas-ts/space';
import { CLI_SPACE_OPTIONS } from './cli-defaults.js';
import { benchCommand, finite, integer, oneOf } from './args.js';

const opts = benchCommand('supernet', 'One supernet of the default CLI space trained on Fashion-MNIST (SPOS), and subnets scored from it')
  .option('--steps <n>', 'training steps', integer(1), 2000)
  .option('--batch <n>', 'batch size', integer(1), 64)
  .option('--optimizer <name>', 'adam, sgd or momentum', oneOf(['adam', 'sgd', 'momentum']), 'adam')
  .option('--lr <x>', 'learning rate', finite, 0.005)
  .option('--seed <n>', 'seed', integer(0), 1)
  .option('--out <dir>', 'where the supernet is saved', 'supernet-fmnist')
  .option('--eval <n>', 'subnets scored after training', integer(0), 10)
  .option('--calibration-batches <n>', 'batches that recompute the batch-norm statistics of a subnet', integer(0), 8)
  .option('--train-size <n>', 'training images', integer(1), 55000)
  .option('--validation-size <n>', 'validation images', integer(1), 5000)
  .option('--load', 'load the supernet saved in --out instead of training one')
  .parse()
  .opts<{
    steps: number;
    batch: number;
    optimizer: ProxyOptimizer;
    lr: number;
    seed: number;
    out: string;
    eval: number;
    calibrationBatches: number;
    trainSize: number;
    validationSize: number;
    load?: boolean;
  }>();
const STEPS = opts.steps;
const BATCH = opts.batch;
const OPTIMIZER = opts.optimizer;
const LR = opts.lr;
const SEED = opts.seed;
const OUT = opts.out;
const EVAL = opts.eval;
const CALIBRATION = opts.calibrationBatches;
const DATA = {
  dataset: 'fashion-mnist',
  trainSize: opts.trainSize,
  validationSize: opts.validationSize,
  seed: SEED,
} as const;

/** The default CLI space. */
const SPACE: FactorizedSpaceOptions = CLI_SPACE_OPTIONS;

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
  const supernet = opts.load === true ? await Supernet.load(OUT, { space: SPACE }) : await train();
  await evaluate(supernet);
  console.log(`load at the end: ${loadavg()[0]?.toFixed(2)}`);
  supernet.dispose();
}

await main();

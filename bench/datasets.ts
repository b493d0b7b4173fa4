/**
 * `npm run bench:datasets`: which dataset lets the default run's proxy
 * training tell candidates apart, MNIST or Fashion-MNIST?
 *
 * Trains the first `--count` architectures of the ground-truth list
 * (bench/results/ground-truth/fashion-mnist.json, sampled from the CLI default space)
 * with the CLI default recipe (DEFAULT_RUN.training: one pass of 64 Adam
 * steps over 2,048 images, validated on 500) on each dataset, twice: with
 * proxy seeds 0 and 1 (the seed draws the train/validation split, the
 * initial weights and the batch order). Per dataset it prints:
 *
 * - the spread of the accuracies across architectures (standard deviation,
 *   10th and 90th percentile), and the share above 0.9;
 * - the seed noise: the standard deviation of one architecture's accuracy
 *   between seeds, estimated as sd(a0 - a1) / sqrt(2);
 * - separation: the spread over the noise (above 1, architectures differ by
 *   more than a re-run of the same one does);
 * - repeatability: Kendall tau between the two seeds' rankings;
 * - Kendall tau of the mean of both seeds against the Fashion-MNIST ground
 *   truth (for MNIST a cross-dataset figure, for Fashion-MNIST the real one);
 * - CPU seconds per training.
 *
 * Each training is cached (`<cache>/<dataset>-<seed>.json`, keyed by the
 * architecture hash), so a run that stops resumes.
 *
 * Flags: --count <n> (default 60), --cache <dir> (default .bench-cache/datasets),
 *        --datasets mnist,fashion-mnist, --seeds 0,1, --out <file> (write the table into this page
 *        between the markers <!-- bench:datasets --> and <!-- /bench:datasets -->).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from 'mnas-ts';
import { DEFAULT_RUN } from './cli-defaults.js';
import { type ImageDataset, ProxyTrainer, loadFashionMnist, loadMnist } from 'mnas-ts/evaluate';
import { kendallTau, quantile } from 'mnas-ts/measure';
import { writeBetweenMarkers } from './page-markers.js';
import { ROOT, readDataFile, writeJsonAtomic } from './ground-truth-data.js';
import { benchCommand, integer, listOf, numbers } from './args.js';

type Name = 'mnist' | 'fashion-mnist';
const DATASETS: Record<Name, () => ImageDataset> = {
  mnist: () => loadMnist(),
  'fashion-mnist': () => loadFashionMnist({ split: 'train' }),
};

const opts = benchCommand('datasets', "Which dataset lets the default run's proxy training tell candidates apart, MNIST or Fashion-MNIST?")
  .option('--count <n>', 'architectures of the ground-truth list', integer(2), 60)
  .option('--cache <dir>', 'one file per dataset and seed', join(ROOT, '.bench-cache', 'datasets'))
  .option('--datasets <list>', 'mnist, fashion-mnist', listOf(Object.keys(DATASETS)), Object.keys(DATASETS))
  .option('--seeds <list>', 'two proxy seeds', numbers, [0, 1])
  .option('--out <page>', 'docs page to write between <!-- bench:datasets --> markers')
  .parse()
  .opts<{ count: number; cache: string; datasets: Name[]; seeds: number[]; out?: string }>();

interface Hit {
  readonly accuracy: number;
  readonly cpuSeconds: number;
}

const sd = (xs: readonly number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

async function main(): Promise<void> {
  const { count, cache, seeds } = opts;
  const names = opts.datasets;
  if (seeds.length !== 2 || seeds.some((s) => !Number.isInteger(s))) throw new Error('--seeds: expected two integers, e.g. 0,1');
  const data = readDataFile();
  if (data === undefined) throw new Error('bench/results/ground-truth/fashion-mnist.json is missing');
  const entries = data.architectures.filter((e) => e.testAccuracy !== undefined).slice(0, count);
  mkdirSync(cache, { recursive: true });
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const load0 = loadavg();
  const t = DEFAULT_RUN.training;
  const rows: string[] = [];
  for (const name of names) {
    const dataset = DATASETS[name]();
    const acc: number[][] = [];
    const cpu: number[] = [];
    for (const seed of seeds) {
      const file = join(cache, `${name}-${seed}.json`);
      const hits = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Record<string, Hit>;
      const trainer = new ProxyTrainer({
        dataset,
        epochs: t.epochs,
        batchSize: t.batchSize,
        trainSize: t.trainSize,
        validationSize: t.validationSize,
        learningRate: t.learningRate,
        optimizer: t.optimizer,
        seed,
        backend: 'wasm',
      });
      const column: number[] = [];
      for (const entry of entries) {
        let hit = hits[entry.hash];
        if (hit === undefined) {
          const cpu0 = process.cpuUsage();
          const result = await trainer.evaluate(entry.arch);
          const used = process.cpuUsage(cpu0);
          hit = { accuracy: result.accuracy, cpuSeconds: (used.user + used.system) / 1e6 };
          hits[entry.hash] = hit;
          writeJsonAtomic(file, hits);
          console.log(`${name} seed ${seed} ${entry.hash}: ${hit.accuracy.toFixed(4)} (${hit.cpuSeconds.toFixed(1)} CPU s)`);
        }
        column.push(hit.accuracy);
        cpu.push(hit.cpuSeconds);
      }
      acc.push(column);
    }
    const [a0, a1] = acc as [number[], number[]];
    const mean = a0.map((v, i) => (v + (a1[i] as number)) / 2);
    const spread = sd(mean);
    const noise = sd(a0.map((v, i) => v - (a1[i] as number))) / Math.SQRT2;
    const truth = entries.map((e) => e.testAccuracy as number);
    const above = mean.filter((v) => v > 0.9).length / mean.length;
    const cpuMean = cpu.reduce((a, b) => a + b, 0) / cpu.length;
    rows.push(
      `| ${name} | ${entries.length} | ${(mean.reduce((a, b) => a + b, 0) / mean.length).toFixed(3)} | ${spread.toFixed(3)} | ${quantile(mean, 0.1).toFixed(3)}-${quantile(mean, 0.9).toFixed(3)} | ${(above * 100).toFixed(0)}% | ${noise.toFixed(3)} | ${(spread / noise).toFixed(2)} | ${kendallTau(a0, a1).toFixed(2)} | ${kendallTau(mean, truth).toFixed(2)} | ${cpuMean.toFixed(2)} |`,
    );
  }
  const load1 = loadavg();
  const lines = [
    `Command: \`npm run bench:datasets -- --count ${count}\`; ${new Date().toISOString()}; ${cpus()[0]?.model.trim() ?? 'CPU'} x${cpus().length}, Node ${process.version}, tfjs ${tf.version_core} (WASM, one thread). Load average at the start ${load0.map((l) => l.toFixed(1)).join(', ')}, at the end ${load1.map((l) => l.toFixed(1)).join(', ')}. Recipe: the CLI default (${t.epochs} epoch of ${t.trainSize} images at batch ${t.batchSize}, Adam ${t.learningRate}, ${t.validationSize} validation images), proxy seeds ${seeds.join(' and ')}.`,
    '',
    '| dataset | archs | mean accuracy | spread (sd) | p10-p90 | above 0.9 | seed noise (sd) | separation (spread / noise) | tau seed vs seed | tau vs Fashion-MNIST ground truth | CPU s / training |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ];
  console.log(lines.join('\n'));
  const out = opts.out;
  if (out !== undefined) {
    writeBetweenMarkers(out, 'datasets', lines);
  }
}

await main();

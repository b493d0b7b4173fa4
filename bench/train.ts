/**
 * `npm run bench:train`: training throughput of the reference MBConv+SE
 * network (TRAINING_BENCHMARK_ARCHITECTURE, 107,740 parameters) at batch 64,
 * 32x32x3, on tfjs `wasm` (with registerWasmTrainingKernels) and `cpu`, and
 * the same network in PyTorch on one thread as the anchor. Prints a table
 * and writes docs/training.md.
 *
 * Flags: --steps <n> (timed steps, default 10), --rounds <n> (alternating
 * wasm/torch rounds, default 3), --no-cpu, --no-torch, --no-baseline, --no-write.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { buildModel, disposeModel, registerWasmTrainingKernels } from 'mnas-ts';
import { median } from 'mnas-ts/measure';
import { TRAINING_BENCHMARK_ARCHITECTURE as ARCH } from './training-network.js';
import { Rng, countParams } from 'mnas-ts/space';
import { benchCommand, integer } from './args.js';
import { registerMissingKernelsOnly } from './kernel-baseline.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const opts = benchCommand('train', 'Training throughput of the reference MBConv+SE network on tfjs wasm and cpu, and in PyTorch')
  .option('--steps <n>', 'timed steps per round', integer(1), 10)
  .option('--rounds <n>', 'alternating wasm / PyTorch rounds', integer(1), 3)
  .option('--no-cpu', 'skip the pure-JS cpu backend')
  .option('--no-torch', 'skip PyTorch')
  .option('--no-baseline', 'skip the wasm backend with the missing kernels only')
  .option('--no-write', 'print only')
  .parse()
  .opts<{ steps: number; rounds: number; cpu: boolean; torch: boolean; baseline: boolean; write: boolean }>();
const STEPS = opts.steps;
const ROUNDS = opts.rounds;
const BATCH = 64;

interface Timing {
  readonly backend: string;
  readonly samples: number[];
  /** Process CPU time per step, ms: less sensitive to other processes than wall time. */
  readonly cpuSamples: number[];
  readonly forwardMs: number;
}

/** Times `steps` SGD-momentum steps (forward in training mode, backward, update, loss read back). */
async function timeTfjs(backend: string, steps: number, warmup: number, forwardReps = 5): Promise<Timing> {
  await tf.setBackend(backend);
  const model = buildModel(ARCH, { seed: 1, output: 'logits' });
  const optimizer = tf.train.momentum(0.01, 0.9);
  const rng = new Rng(7);
  const x = tf.tensor4d(
    Float32Array.from({ length: BATCH * 32 * 32 * 3 }, () => rng.normal()),
    [BATCH, 32, 32, 3],
  );
  const y = tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(
        Array.from({ length: BATCH }, () => rng.int(10)),
        'int32',
      ),
      10,
    ),
  );
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step = async (): Promise<void> => {
    const cost = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
      vars,
    );
    await cost?.data();
    cost?.dispose();
  };
  for (let i = 0; i < warmup; i++) await step();
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await step();
    const used = process.cpuUsage(c);
    cpuSamples.push((used.user + used.system) / 1000);
    samples.push(performance.now() - t);
  }
  const fwd: number[] = [];
  for (let i = 0; i < forwardReps; i++) {
    const t = performance.now();
    const out = tf.tidy(() => model.apply(x, { training: true }) as tf.Tensor);
    await out.data();
    out.dispose();
    fwd.push(performance.now() - t);
  }
  tf.dispose([x, y]);
  optimizer.dispose();
  disposeModel(model);
  return { backend, samples, cpuSamples, forwardMs: fwd.length > 0 ? median(fwd) : Number.NaN };
}

/** CPU time per kernel over a few wasm training steps (outermost kernel calls only). */
async function profileWasm(steps: number): Promise<[string, number, number][]> {
  const stats = new Map<string, { us: number; n: number }>();
  const originals = tf.getKernelsForBackend('wasm');
  let depth = 0;
  const cpu = (): number => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel({
      ...k,
      kernelFunc: ((a: Parameters<tf.KernelFunc>[0]) => {
        if (depth > 0) return k.kernelFunc(a);
        depth++;
        const t = cpu();
        try {
          return k.kernelFunc(a);
        } finally {
          depth--;
          const s = stats.get(k.kernelName) ?? { us: 0, n: 0 };
          s.us += cpu() - t;
          s.n++;
          stats.set(k.kernelName, s);
        }
      }) as tf.KernelFunc,
    });
  }
  const total0 = cpu();
  await timeTfjs('wasm', steps, 0, 0);
  const total = (cpu() - total0) / steps / 1000;
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel(k);
  }
  const rows = [...stats.entries()].map(([name, s]): [string, number, number] => [name, s.us / steps / 1000, s.n / steps]);
  rows.sort((a, b) => b[1] - a[1]);
  const kernels = rows.reduce((a, r) => a + r[1], 0);
  return [['(whole step, CPU time)', total, 1], ['(all kernels)', kernels, rows.reduce((a, r) => a + r[2], 0)], ...rows.slice(0, 12)];
}

interface TorchResult {
  readonly params: number;
  readonly msPerStep: number;
  readonly samples: number[];
  readonly cpuSamples: number[];
  readonly forwardMs: number;
  readonly torch: string;
}

function timeTorch(steps: number): TorchResult | string {
  const run = spawnSync('/usr/bin/python3', [join(root, 'bench', 'train-torch.py'), String(steps)], { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) return `PyTorch run failed (${run.error?.message ?? run.stderr.trim().split('\n').at(-1) ?? 'no output'})`;
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as TorchResult;
}

const fmt = (x: number, d = 1): string => x.toFixed(d);

async function main(): Promise<void> {
  const load0 = loadavg()[0] as number;
  console.log(
    `reference network: ${countParams(ARCH)} params, batch ${BATCH}, 32x32x3; ${STEPS} timed steps x ${ROUNDS} rounds; load ${fmt(load0, 2)}`,
  );
  // Baseline: only the three missing gradient kernels, none of the fast paths.
  let baseline: Timing | undefined;
  if (opts.baseline) {
    registerMissingKernelsOnly();
    baseline = await timeTfjs('wasm', 2, 1, 0);
    console.log(`wasm, missing kernels only: ${fmt(median(baseline.samples))} ms/step`);
  }
  registerWasmTrainingKernels();
  const wasm: number[] = [];
  const wasmCpu: number[] = [];
  const torchSamples: number[] = [];
  const torchCpu: number[] = [];
  let torch: TorchResult | string = 'skipped (--no-torch)';
  let wasmFwd = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const w = await timeTfjs('wasm', STEPS, 2);
    wasm.push(...w.samples);
    wasmCpu.push(...w.cpuSamples);
    wasmFwd = w.forwardMs;
    console.log(`round ${r + 1}: wasm ${fmt(median(w.samples))} ms/step`);
    if (opts.torch) {
      torch = timeTorch(STEPS);
      if (typeof torch !== 'string') {
        torchSamples.push(...torch.samples);
        torchCpu.push(...torch.cpuSamples);
        console.log(`round ${r + 1}: torch ${fmt(torch.msPerStep)} ms/step`);
      } else console.log(torch);
    }
  }
  const cpu = !opts.cpu ? undefined : await timeTfjs('cpu', 1, 0, 1);
  if (cpu) console.log(`cpu ${fmt(median(cpu.samples))} ms/step`);
  const profile = await profileWasm(3);
  const load1 = loadavg()[0] as number;
  const torchMs = torchSamples.length > 0 ? median(torchSamples) : undefined;
  const torchCpuMs = torchCpu.length > 0 ? median(torchCpu) : undefined;
  const rows: [string, number, number, number | undefined, string][] = [
    ['tfjs wasm (SIMD, 1 thread) + registerWasmTrainingKernels', median(wasm), median(wasmCpu), wasmFwd, `${wasm.length} steps`],
  ];
  if (baseline)
    rows.push([
      'tfjs wasm, the 3 missing kernels only (no fast paths)',
      median(baseline.samples),
      median(baseline.cpuSamples),
      undefined,
      `${baseline.samples.length} steps`,
    ]);
  if (cpu) rows.push(['tfjs cpu (pure JS)', median(cpu.samples), median(cpu.cpuSamples), cpu.forwardMs, `${cpu.samples.length} steps`]);
  if (torchMs !== undefined && torchCpuMs !== undefined && typeof torch !== 'string') {
    rows.push([`PyTorch ${torch.torch}, 1 thread`, torchMs, torchCpuMs, torch.forwardMs, `${torchSamples.length} steps`]);
  }
  const table = [
    '| engine | ms/step (median, wall) | images/s | vs PyTorch (wall) | CPU ms/step | vs PyTorch (CPU) | forward (training mode) ms | samples |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      ([name, ms, cpuMs, fwd, n]) =>
        `| ${name} | ${fmt(ms)} | ${fmt((BATCH * 1000) / ms)} | ${torchMs ? `${fmt(ms / torchMs, 2)}x` : 'n/a'} | ${fmt(cpuMs)} | ${torchCpuMs ? `${fmt(cpuMs / torchCpuMs, 2)}x` : 'n/a'} | ${fwd === undefined || Number.isNaN(fwd) ? '' : fmt(fwd)} | ${n} |`,
    ),
  ].join('\n');
  const profileTable = [
    '| wasm kernel | CPU ms per step | calls per step |',
    '|---|---:|---:|',
    ...profile.map(([name, ms, n]) => `| ${name} | ${fmt(ms)} | ${fmt(n, 0)} |`),
  ].join('\n');
  console.log(`\n${table}\n\n${profileTable}`);
  if (opts.write) {
    const ratio = torchMs === undefined ? undefined : median(wasm) / torchMs;
    const cpuRatio = torchCpuMs === undefined ? undefined : median(wasmCpu) / torchCpuMs;
    const verdict =
      ratio === undefined || cpuRatio === undefined
        ? 'Not checked in this run (no PyTorch).'
        : `This run: ${fmt(ratio, 2)}x in wall time and ${fmt(cpuRatio, 2)}x in CPU time, ${Math.min(ratio, cpuRatio) <= 2 ? 'at or within' : 'above'} the goal${
            Math.min(ratio, cpuRatio) <= 2 && Math.max(ratio, cpuRatio) > 2 ? ' by one measure only' : ''
          }.`;
    const doc = renderDoc(table, profileTable, load0, load1, typeof torch === 'string' ? torch : undefined, verdict);
    writeFileSync(join(root, 'docs', 'training.md'), doc);
    console.log('\nwrote docs/training.md');
  }
}

function renderDoc(
  table: string,
  profileTable: string,
  load0: number,
  load1: number,
  torchNote: string | undefined,
  verdict: string,
): string {
  return readFileSync(join(root, 'bench', 'train-doc.md'), 'utf8')
    .replace('{{DATE}}', new Date().toISOString().replace(/\.\d+Z$/, 'Z'))
    .replace('{{LOAD}}', `${fmt(load0, 2)} at the start, ${fmt(load1, 2)} at the end`)
    .replace('{{NODE}}', process.version)
    .replace('{{CPU}}', `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`)
    .replace('{{TABLE}}', table + (torchNote ? `\n\nPyTorch: ${torchNote}` : ''))
    .replace('{{PROFILE}}', profileTable)
    .replace('{{VERDICT}}', verdict);
}

await main();

/**
 * `npm run bench:end-to-end`: the same search with each way of estimating
 * accuracy, under the same CPU-time budget, then the ground-truth accuracy
 * of the model each returns as best.
 *
 * Every run searches the CLI default space (`mnistSpaceOptions(28)`) with the
 * CLI default controller (PPO), the soft MnasNet reward at 2 ms and the WASM
 * measurer (CPU clock), on Fashion-MNIST. The methods differ only in how a
 * candidate's accuracy is estimated:
 *
 * - `proxy`: proxy training with the CLI default recipe (64 Adam steps of 32 images);
 * - `asha`: proxy training of up to 256 steps, stopped by successive halving
 *   (eta 2, asynchronous) at 32, 64 and 128 steps; pruned trials are told the
 *   reward of their last checkpoint and cannot be returned as best;
 * - `prefilter`: each proposal is the best of 10 by the NASWOT zero-cost score,
 *   then proxy-trained as in `proxy`;
 * - `supernet`: inherited weights of the supernet saved by `bench:supernet`
 *   (its training is paid once, before, and not charged to the budget).
 *
 * The budget is process CPU time (user + system, all threads), not wall time,
 * so that other work on the machine changes the figures less; a trial that
 * starts before the budget runs out finishes. The best architectures are
 * written to `<dir>/best-archs.json`; train them with the ground-truth recipe
 * (`npm run bench:ground-truth -- --cache <gt-cache> --archs <dir>/best-archs.json`),
 * then `--render` prints the table and writes it into docs/accuracy.md.
 *
 * Flags:
 *   --dir <dir>              results (default .bench-cache/end-to-end)
 *   --methods a,b            default proxy,asha,prefilter,supernet
 *   --seeds 1,2,3            controller seeds (default 1,2,3)
 *   --cpu-minutes <x>        CPU budget per search (default 4)
 *   --supernet <dir>         the saved supernet (required for the supernet method)
 *   --shard i/n              run only the runs whose position modulo n is i
 *   --render <gt-cache>      print the table from the results and the ground-truth cache
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { registerWasmTrainingKernels } from 'mnas-ts';
import { DEFAULT_RUN } from './cli-defaults.js';
import { type Controller, PpoController, PrefilterController } from 'mnas-ts/controller';
import {
  type AccuracyEvaluator,
  type ImageDataset,
  ProxyTrainer,
  SuccessiveHalvingPruner,
  Supernet,
  SupernetEvaluator,
  ZeroCostEvaluator,
  loadFashionMnist,
  prunedEvaluator,
} from 'mnas-ts/evaluate';
import { WasmLatencyMeasurer } from 'mnas-ts/measure';
import { SOFT_CONSTRAINT, mnasReward } from 'mnas-ts/reward';
import { METHODS, type Method, TARGET_MS, type RunResult, readResults, render } from './end-to-end-table.js';
import { type Trial, search } from 'mnas-ts/search';
import { type Architecture, factorizedSpace, hashArchitecture } from 'mnas-ts/space';
import { ROOT, SPACE_OPTIONS, writeJsonAtomic } from './ground-truth-data.js';
import { type Shard, benchCommand, finite, listOf, numbers, shard } from './args.js';

const opts = benchCommand('end-to-end', 'The same search with each way of estimating accuracy under one CPU budget')
  .option('--dir <dir>', 'results', join(ROOT, '.bench-cache', 'end-to-end'))
  .option('--methods <list>', METHODS.join(', '), listOf(METHODS), [...METHODS])
  .option('--seeds <list>', 'controller seeds', numbers, [1, 2, 3])
  .option('--cpu-minutes <m>', 'CPU budget per search', finite, 4)
  .option('--supernet <dir>', 'the saved supernet (required for the supernet method)')
  .option('--shard <i/n>', 'run only the runs whose position modulo n is i', shard, { i: 0, n: 1 })
  .option('--render <gt-cache>', 'print the table from the results and this ground-truth cache')
  .parse()
  .opts<{ dir: string; methods: Method[]; seeds: number[]; cpuMinutes: number; supernet?: string; shard: Shard; render?: string }>();

const TRAINING = DEFAULT_RUN.training;

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function proxyTrainer(data: ImageDataset, seed: number, steps?: number, checkpoints?: number[]): ProxyTrainer {
  return new ProxyTrainer({
    dataset: data,
    ...(steps === undefined ? { epochs: TRAINING.epochs } : { steps }),
    ...(checkpoints === undefined ? {} : { checkpoints }),
    batchSize: TRAINING.batchSize,
    trainSize: TRAINING.trainSize,
    validationSize: TRAINING.validationSize,
    learningRate: TRAINING.learningRate,
    optimizer: TRAINING.optimizer,
    seed,
    backend: 'wasm',
  });
}

async function runOne(method: Method, seed: number, cpuMinutes: number, data: ImageDataset): Promise<RunResult> {
  const space = factorizedSpace(SPACE_OPTIONS);
  let controller: Controller = new PpoController(space, { seed });
  let evaluator: AccuracyEvaluator<Architecture>;
  if (method === 'proxy') evaluator = proxyTrainer(data, seed);
  else if (method === 'asha') {
    const pruner = new SuccessiveHalvingPruner({ minResource: 32, reductionFactor: 2, maxResource: 256, minTrialsAtRung: 2 });
    evaluator = prunedEvaluator(proxyTrainer(data, seed, 256, pruner.rungSteps(256)), pruner);
  } else if (method === 'prefilter') {
    const zc = new ZeroCostEvaluator({ proxy: 'naswot', dataset: data, batchSize: 64, seed: 0 });
    controller = new PrefilterController(controller, { candidates: 10, score: (tokens) => zc.score(space.decode(tokens)) });
    evaluator = proxyTrainer(data, seed);
  } else {
    const dir = opts.supernet;
    if (dir === undefined) throw new Error('--supernet <dir>: the supernet method needs a supernet saved by bench:supernet');
    const supernet = await Supernet.load(dir, { space: SPACE_OPTIONS });
    evaluator = new SupernetEvaluator({
      supernet,
      dataset: 'fashion-mnist',
      trainSize: 55000,
      validationSize: 2000,
      seed: 1,
      calibrationBatches: 8,
      calibrationBatchSize: 64,
    });
  }
  const measurer = new WasmLatencyMeasurer({ seed });
  const trials: Trial<Architecture>[] = [];
  const stop = new AbortController();
  const loadStart = loadavg()[0] ?? 0;
  const cpu0 = cpuSeconds();
  const wall0 = performance.now();
  try {
    await search({
      space,
      controller,
      evaluator,
      measurer,
      reward: (m) => mnasReward({ accuracy: m.accuracy, latencyMs: m.latencyMs as number }, { targetMs: TARGET_MS, ...SOFT_CONSTRAINT }),
      budget: { trials: 100_000 }, // the CPU budget ends it (onTrial); no wall-time guard, so load cannot cut a run short
      signal: stop.signal,
      onTrial: (trial) => {
        trials.push(trial);
        const used = cpuSeconds() - cpu0;
        console.log(
          `${method} seed ${seed} #${trial.index} ${trial.status}${trial.evaluation?.extra?.['pruned'] === true ? ' (pruned)' : ''} acc ${trial.accuracy?.toFixed(4) ?? '-'} lat ${trial.latencyMs?.toFixed(3) ?? '-'} ms; ${used.toFixed(0)}/${cpuMinutes * 60} CPU s`,
        );
        if (used >= cpuMinutes * 60) stop.abort(new Error('CPU budget spent'));
      },
    });
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  } finally {
    await measurer.close?.();
    controller.dispose?.();
  }
  const isPruned = (t: Trial<Architecture>): boolean => t.evaluation?.extra?.['pruned'] === true;
  const eligible = trials.filter((t) => t.status === 'ok' && !isPruned(t));
  const best = eligible.reduce<Trial<Architecture> | undefined>(
    (b, t) => (b === undefined || (t.reward as number) > (b.reward as number) ? t : b),
    undefined,
  );
  return {
    method,
    seed,
    cpuMinutes,
    trials: trials.length,
    ok: eligible.length,
    pruned: trials.filter(isPruned).length,
    failed: trials.filter((t) => t.status !== 'ok').length,
    cpuSeconds: cpuSeconds() - cpu0,
    wallSeconds: (performance.now() - wall0) / 1000,
    loadStart,
    loadEnd: loadavg()[0] ?? 0,
    best:
      best === undefined
        ? undefined
        : {
            hash: hashArchitecture(best.value),
            arch: best.value,
            reward: best.reward as number,
            accuracy: best.accuracy as number,
            latencyMs: best.latencyMs as number,
          },
    finishedAt: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  const { dir, methods, seeds, cpuMinutes } = opts;
  const gtCache = opts.render;
  if (gtCache !== undefined) {
    const lines = render(dir, gtCache);
    console.log(lines.join('\n'));
    return;
  }
  if (seeds.some((s) => !Number.isInteger(s))) throw new Error(`--seeds: expected integers, received ${seeds.join(',')}`);
  if (!(cpuMinutes > 0)) throw new Error(`--cpu-minutes: expected a number > 0, received ${cpuMinutes}`);
  const { i: si, n: sn } = opts.shard;
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const data = loadFashionMnist({ split: 'train' });
  const runs = methods.flatMap((m) => seeds.map((s) => [m, s] as const)).filter((_, i) => i % sn === si);
  for (const [method, seed] of runs) {
    const file = join(dir, `${method}-${seed}.json`);
    if (existsSync(file)) {
      console.log(`${relative(process.cwd(), file)} exists: skipped`);
      continue;
    }
    const result = await runOne(method, seed, cpuMinutes, data);
    writeJsonAtomic(file, result);
    console.log(
      `${method} seed ${seed}: ${result.trials} trials in ${result.cpuSeconds.toFixed(0)} CPU s; best ${result.best?.hash ?? '-'} acc ${result.best?.accuracy.toFixed(4) ?? '-'} lat ${result.best?.latencyMs.toFixed(3) ?? '-'} ms`,
    );
  }
  const bests = readResults(dir).flatMap((r) => (r.best === undefined ? [] : [r.best.arch]));
  writeJsonAtomic(join(dir, 'best-archs.json'), bests);
  writeFileSync(join(dir, 'README.txt'), 'Results of bench/end-to-end.ts; best-archs.json is the input of bench:ground-truth --archs.\n');
}

await main();

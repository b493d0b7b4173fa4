/**
 * `npm run bench:accuracy`: how well each cheap accuracy estimator ranks the
 * Fashion-MNIST ground truth (bench/results/ground-truth/fashion-mnist.json, built by
 * `npm run bench:ground-truth`), and at what CPU cost. For each estimator:
 * Kendall tau and Spearman rho against the ground-truth test accuracy, the
 * share of the true top 10% found in the estimator's top 10%, and the CPU
 * seconds per architecture; a percentile bootstrap 95% interval of tau; and,
 * when bench/results/ground-truth/fashion-mnist-seed2.json exists, the ground truth's
 * own seed-to-seed noise (bench/accuracy-noise.ts). Prints a table and writes docs/accuracy.md.
 *
 * Estimators: proxy training with the CLI default run's recipe (Adam, lr
 * 0.01, batch 32, 2,048 training and 500 validation images) on Fashion-MNIST
 * for 32, 64, 128 and 256 steps; the 64-step proxy scored on 500, 2,000 and
 * 5,000 validation images by accuracy and by exp(-loss), six rows from one
 * training per architecture (bench/accuracy-validation.ts); the zero-cost proxies synflow, naswot,
 * grad_norm, snip (batch 64, seed 0); the params and MACs baselines. Rows for
 * estimators not yet wired into this bench (pruned training, the supernet) are listed empty.
 * Each estimator's score of each architecture is cached
 * (`<cache>/<estimator>.json`), so an interrupted run resumes.
 *
 * Flags:
 *   --data <file>         ground-truth data file (default bench/results/ground-truth/fashion-mnist.json)
 *   --from-cache <dir>    read the ground truth from a bench:ground-truth cache instead of the data file
 *   --cache <dir>         estimator cache (default .bench-cache/accuracy)
 *   --estimators a,b,...  run only these (names as in the table)
 *   --prefetch <n>        also score the first n architectures of the ground-truth list, trained or
 *                         not (into the estimator cache, and into the CPU cost column)
 *   --out <file>          where to write the page (default docs/accuracy.md)
 *   --supernet <dir>      score the supernet saved there by bench:supernet (its row stays empty without)
 *   --end-to-end <dir>    add the end-to-end table from bench:end-to-end's results there (needs --gt-cache)
 *   --gt-cache <dir>      the bench:ground-truth cache holding the end-to-end best architectures' accuracy
 *   --no-write            print only
 * The page keeps, unchanged, everything from the line `<!-- kept by bench:accuracy -->` on.
 */
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from 'mnas-ts';
import {
  type ImageDataset,
  ProxyTrainer,
  SuccessiveHalvingPruner,
  Supernet,
  SupernetEvaluator,
  ZeroCostEvaluator,
  type ZeroCostProxy,
  loadFashionMnist,
  prunedEvaluator,
  replayCurves,
} from 'mnas-ts/evaluate';
import { kendallTau, spearmanRho, canonicalJson } from 'mnas-ts/measure';
import { fnv1a64 } from './hash.js';
import {
  DATA_FILE,
  DEFAULT_SEED,
  type GroundTruthEntry,
  RECIPE,
  ROOT,
  SPACE_OPTIONS,
  readDataFile,
  readEntries,
  recipeHash,
  sampleArchitectures,
  writeJsonAtomic,
} from './ground-truth-data.js';
import { TARGET_MS, readResults, render } from './end-to-end-table.js';
import { type Cached, type Estimator, type Row, type Scored, PROXY_RECIPE } from './accuracy-estimator.js';
import { validationEstimator, validationSection } from './accuracy-validation.js';
import { formatInterval, tauInterval } from './bootstrap-tau.js';
import { noiseSection } from './accuracy-noise.js';
import { benchCommand, integer, list } from './args.js';

const opts = benchCommand('accuracy', 'How well each cheap accuracy estimator ranks the Fashion-MNIST ground truth, and at what CPU cost')
  .option('--data <file>', 'ground-truth data file', DATA_FILE)
  .option('--from-cache <dir>', 'read the ground truth from a bench:ground-truth cache instead of the data file')
  .option('--cache <dir>', 'estimator cache', join(ROOT, '.bench-cache', 'accuracy'))
  .option('--estimators <list>', 'run only these (names as in the table)', list)
  .option('--prefetch <n>', 'also score the first n architectures of the ground-truth list, trained or not', integer(1))
  .option('--out <file>', 'where to write the page', join(ROOT, 'docs', 'accuracy.md'))
  .option('--supernet <dir>', 'score the supernet saved there by bench:supernet')
  .option('--end-to-end <dir>', "add the end-to-end table from bench:end-to-end's results there (needs --gt-cache)")
  .option('--gt-cache <dir>', "the bench:ground-truth cache holding the end-to-end best architectures' accuracy")
  .option('--no-write', 'print only')
  .parse()
  .opts<{
    data: string;
    fromCache?: string;
    cache: string;
    estimators?: string[];
    prefetch?: number;
    out: string;
    supernet?: string;
    endToEnd?: string;
    gtCache?: string;
    write: boolean;
  }>();

const TRAINING = PROXY_RECIPE;

function proxyEstimator(steps: number, data: () => ImageDataset): Estimator {
  const config = { ...TRAINING, epochs: undefined, steps, dataset: 'fashion-mnist:train', seed: 0 };
  let trainer: ProxyTrainer | undefined;
  return {
    name: `proxy-${steps}`,
    kind: `proxy training, ${steps} steps`,
    config,
    score: async (entry) => {
      trainer ??= new ProxyTrainer({
        dataset: data(),
        steps,
        batchSize: TRAINING.batchSize,
        trainSize: TRAINING.trainSize,
        validationSize: TRAINING.validationSize,
        learningRate: TRAINING.learningRate,
        optimizer: TRAINING.optimizer,
        seed: 0,
        backend: 'wasm',
      });
      return (await trainer.evaluate(entry.arch)).accuracy;
    },
  };
}

/**
 * Pruned proxy training, run live over the ground-truth list in its order:
 * proxy training of up to 256 steps (the default recipe) with checkpoints at
 * 32, 64 and 128 steps, and successive halving (eta 2, asynchronous: a trial
 * is judged against the trials before it). The score ranks first by the step
 * reached, then by the accuracy there: a trial that survived more rungs ranks
 * above every trial stopped earlier.
 */
function prunedEstimator(data: () => ImageDataset): Estimator {
  const steps = 256;
  const prunerOptions = { minResource: 32, reductionFactor: 2, maxResource: steps, minTrialsAtRung: 2 };
  const pruner = new SuccessiveHalvingPruner(prunerOptions);
  const config = {
    ...TRAINING,
    epochs: undefined,
    steps,
    dataset: 'fashion-mnist:train',
    seed: 0,
    pruner: prunerOptions,
    order: 'ground-truth list',
  };
  let evaluator: ReturnType<typeof prunedEvaluator> | undefined;
  return {
    name: 'pruned',
    kind: 'proxy training to 256 steps, successive halving (eta 2) at 32, 64, 128',
    config,
    score: async (entry) => {
      evaluator ??= prunedEvaluator(
        new ProxyTrainer({
          dataset: data(),
          steps,
          checkpoints: pruner.rungSteps(steps),
          batchSize: TRAINING.batchSize,
          trainSize: TRAINING.trainSize,
          validationSize: TRAINING.validationSize,
          learningRate: TRAINING.learningRate,
          optimizer: TRAINING.optimizer,
          seed: 0,
          backend: 'wasm',
        }),
        pruner,
      );
      const result = await evaluator.evaluate(entry.arch, { trialKey: entry.hash });
      const last = result.curve.at(-1);
      const reached = result.extra['pruned'] === true ? (last?.step ?? 1) : steps;
      return { score: Math.log2(reached) + result.accuracy, curve: result.curve };
    },
    replay: (entry, cached) => {
      if (cached.curve !== undefined) replayCurves(pruner, [{ trialKey: entry.hash, curve: cached.curve }]);
    },
  };
}

/**
 * The weight-sharing supernet saved by `npm run bench:supernet` in `dir`:
 * each architecture scored by its inherited weights after batch-norm
 * recalibration (8 batches of 64), on 2,000 held-out training images. The
 * supernet's training CPU time is charged whole, spread over 1,000 evaluations.
 */
function supernetEstimator(dir: string): Estimator {
  let evaluator: SupernetEvaluator | undefined;
  const info = JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8')) as { cpuSeconds: number; steps: number };
  const trainingCpu = info.cpuSeconds;
  const config = { dir, validationSize: 2000, calibrationBatches: 8, calibrationBatchSize: 64, trainingSteps: info.steps };
  const ready = async (): Promise<SupernetEvaluator> => {
    if (evaluator !== undefined) return evaluator;
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
    return evaluator;
  };
  return {
    name: 'supernet',
    kind: `weight-sharing supernet (SPOS, ${info.steps} steps; training ${trainingCpu.toFixed(0)} CPU s whole), inherited weights`,
    config,
    score: async (entry) => (await (await ready()).evaluate(entry.arch)).accuracy,
    warm: async (entry) => {
      await (await ready()).evaluate(entry.arch);
    },
    sharedCpuSeconds: () => trainingCpu / 1000,
  };
}

function zeroCostEstimator(proxy: ZeroCostProxy, data: () => ImageDataset): Estimator {
  let evaluator: ZeroCostEvaluator | undefined;
  return {
    name: proxy,
    kind:
      proxy === 'params' || proxy === 'macs' ? `baseline: ${proxy === 'params' ? 'parameter count' : 'MACs'}` : 'zero-cost proxy, batch 64',
    config: { proxy, batchSize: 64, seed: 0, dataset: 'fashion-mnist:train' },
    score: async (entry) => {
      evaluator ??= new ZeroCostEvaluator({ proxy, dataset: data(), batchSize: 64, seed: 0 });
      return evaluator.score(entry.arch);
    },
    warm: async (entry) => {
      evaluator ??= new ZeroCostEvaluator({ proxy, dataset: data(), batchSize: 64, seed: 0 });
      evaluator.score(entry.arch);
    },
  };
}

/** The ground-truth entries, from the data file or a bench:ground-truth cache. */
function groundTruth(): { entries: GroundTruthEntry[]; source: string } {
  const fromCache = opts.fromCache;
  if (fromCache !== undefined) {
    const entries = [...readEntries(fromCache, recipeHash(RECIPE)).values()].sort((a, b) => a.index - b.index);
    return { entries, source: `the bench:ground-truth cache ${fromCache} (recipe ${recipeHash(RECIPE)})` };
  }
  const file = opts.data;
  const data = readDataFile(file);
  if (data === undefined)
    throw new Error(`${file} does not exist: run npm run bench:ground-truth (and --render) first, or pass --from-cache <dir>`);
  return { entries: [...data.architectures], source: relative(ROOT, file) };
}

/** Scores every entry with an estimator, from its cache where it can; returns the scores by architecture hash. */
async function run(est: Estimator, entries: readonly Scored[], cacheDir: string): Promise<Map<string, Cached>> {
  const file = join(cacheDir, `${est.name}-${fnv1a64(canonicalJson(est.config)).slice(0, 10)}.json`);
  const cache: Record<string, Cached> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Cached>) : {};
  const out = new Map<string, Cached>();
  const first = entries.find((e) => cache[e.hash] === undefined);
  if (first !== undefined && est.score !== undefined) await est.warm?.(first);
  for (const entry of entries) {
    let hit = cache[entry.hash];
    if (hit !== undefined) est.replay?.(entry, hit);
    if (hit === undefined && est.score !== undefined) {
      const cpu0 = process.cpuUsage();
      const scored = await est.score(entry);
      const cpu = process.cpuUsage(cpu0);
      const own = (cpu.user + cpu.system) / 1e6;
      hit = typeof scored === 'number' ? { score: scored, cpuSeconds: own } : { ...scored, cpuSeconds: own };
      cache[entry.hash] = hit;
      writeJsonAtomic(file, cache);
    }
    if (hit !== undefined) out.set(entry.hash, hit);
  }
  return out;
}

/** Replaces infinite scores by finite ones past the finite extremes (ranks unchanged). */
function finite(xs: readonly number[]): number[] {
  const f = xs.filter(Number.isFinite);
  const lo = Math.min(...f);
  const hi = Math.max(...f);
  return xs.map((x) => (x === Number.NEGATIVE_INFINITY ? lo - 1 : x === Number.POSITIVE_INFINITY ? hi + 1 : x));
}

/** Share of the true top `share` found in the estimator's top `share` (at least one architecture). */
function topShare(est: readonly number[], truth: readonly number[], share = 0.1): number {
  const k = Math.max(1, Math.round(share * truth.length));
  const top = (xs: readonly number[]): Set<number> =>
    new Set(
      xs
        .map((v, i) => [v, i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, k)
        .map(([, i]) => i),
    );
  const t = top(truth);
  return [...top(est)].filter((i) => t.has(i)).length / k;
}

const fmt = (v: number | undefined, digits = 2): string => (v === undefined ? '-' : v.toFixed(digits));

function table(rows: readonly Row[], proxy256: number | undefined): string[] {
  const lines = [
    '| estimator | what | archs ranked | Kendall tau | tau 95% CI | Spearman rho | top-10% share | CPU s / arch (archs) | CPU vs proxy-256 |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ratio = r.cpu === undefined || proxy256 === undefined ? '-' : `${(r.cpu / proxy256).toPrecision(2)}x`;
    lines.push(
      `| ${r.name} | ${r.kind} | ${r.n || '-'} | ${fmt(r.tau)} | ${r.tauCi === undefined ? '-' : formatInterval(r.tauCi)} | ${fmt(r.rho)} | ${fmt(r.top)} | ${fmt(r.cpu, r.cpu !== undefined && r.cpu < 0.1 ? 4 : 2)}${r.costN > 0 ? ` (${r.costN})` : ''} | ${ratio} |`,
    );
  }
  return lines;
}

/** One table row: how the picked scores rank the ground truth, and their mean CPU cost. */
function rankRow(
  name: string,
  kind: string,
  entries: readonly GroundTruthEntry[],
  picks: ReadonlyMap<string, { score: number; cpuSeconds: number }>,
  truth: readonly number[],
): Row {
  const mine = entries.map((e) => picks.get(e.hash));
  const complete = entries.length >= 2 && mine.every((r) => r !== undefined);
  const scores = finite(mine.map((r) => r?.score ?? Number.NaN));
  const costs = [...picks.values()].map((r) => r.cpuSeconds);
  return {
    name,
    kind,
    n: complete ? entries.length : 0,
    scores: complete ? scores : undefined,
    tau: complete ? kendallTau(scores, truth) : undefined,
    tauCi: complete ? tauInterval(scores, truth) : undefined,
    rho: complete ? spearmanRho(scores, truth) : undefined,
    top: complete ? topShare(scores, truth) : undefined,
    cpu: costs.length > 0 ? costs.reduce((a, b) => a + b, 0) / costs.length : undefined,
    costN: costs.length,
  };
}

async function main(): Promise<void> {
  const load0 = loadavg();
  const started = new Date();
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const { entries, source } = groundTruth();
  const known = new Set(entries.map((e) => e.hash));
  const prefetch = opts.prefetch === undefined ? [] : sampleArchitectures(opts.prefetch, DEFAULT_SEED).filter((a) => !known.has(a.hash));
  const scored: Scored[] = [...entries, ...prefetch];
  let fashion: ImageDataset | undefined;
  const data = (): ImageDataset => (fashion ??= loadFashionMnist({ split: 'train' }));
  const all: Estimator[] = [
    ...[32, 64, 128, 256].map((s) => proxyEstimator(s, data)),
    validationEstimator(64, data),
    ...(['synflow', 'naswot', 'grad_norm', 'snip', 'params', 'macs'] as const).map((p) => zeroCostEstimator(p, data)),
    prunedEstimator(data),
    ...(opts.supernet === undefined
      ? [
          {
            name: 'supernet',
            kind: 'weight-sharing supernet (pass --supernet <dir> saved by bench:supernet)',
            config: {},
            score: undefined,
          },
        ]
      : [supernetEstimator(opts.supernet)]),
  ];
  const picked = opts.estimators;
  data();
  const cacheDir = opts.cache;
  const truth = entries.map((e) => e.testAccuracy);
  const rows: Row[] = [];
  for (const est of all) {
    const wanted = (name: string): boolean => picked === undefined || picked.includes(name);
    const runIt = wanted(est.name) || (est.variants ?? []).some((v) => wanted(v.name));
    const results = runIt ? await run(est, scored, cacheDir) : new Map<string, Cached>();
    const shared = est.sharedCpuSeconds?.() ?? 0;
    const own = (c: Cached): { score: number; cpuSeconds: number } => ({ score: c.score, cpuSeconds: c.cpuSeconds + shared });
    const readers = [...(est.variantsOnly === true ? [] : [{ name: est.name, kind: est.kind, pick: own }]), ...(est.variants ?? [])];
    for (const reader of readers) {
      const picks = new Map(
        [...results].flatMap(([hash, c]) => {
          const p = reader.pick(c);
          return p === undefined ? [] : [[hash, p] as const];
        }),
      );
      rows.push(rankRow(reader.name, reader.kind, entries, picks, truth));
      console.log(`${reader.name}: tau ${fmt(rows.at(-1)?.tau)}, ${fmt(rows.at(-1)?.cpu, 3)} CPU s / arch over ${picks.size}`);
    }
  }
  const proxy256 = rows.find((r) => r.name === 'proxy-256')?.cpu;
  const lines = table(rows, proxy256);
  console.log(lines.join('\n'));
  if (!opts.write) return;
  const out = opts.out;
  // Everything from the marker on is written by hand (conclusions, the dataset comparison) and kept.
  const marker = '<!-- kept by bench:accuracy -->';
  const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const kept = previous.includes(marker) ? `\n${previous.slice(previous.indexOf(marker))}` : '';
  writeFileSync(out, page(lines, rows, { entries, source, started, load0, proxy256 }) + kept);
  console.log(`wrote ${relative(process.cwd(), out)}`);
}

/** The end-to-end section, when `--end-to-end <dir>` and `--gt-cache <dir>` are given. */
function endToEnd(): string[] {
  const dir = opts.endToEnd;
  const gtCache = opts.gtCache;
  if (dir === undefined || gtCache === undefined) return [];
  const results = readResults(dir);
  const budget = results[0]?.cpuMinutes;
  return [
    '## End to end: the model each search returns',
    '',
    `The same search (the CLI default space, PPO with the default seed set, the soft reward at ${TARGET_MS} ms, the WASM measurer) with each way of estimating accuracy, under the same budget of ${budget ?? '?'} CPU minutes per search, ${new Set(results.map((r) => r.seed)).size} seeds; then the architecture each returned as best trained with the ground-truth recipe and its test accuracy looked up. Made with \`npm run bench:end-to-end -- --dir <dir> --cpu-minutes ${budget ?? '?'} --supernet <dir>\`, \`npm run bench:ground-truth -- --cache <gt-cache> --archs <dir>/best-archs.json\`, and this page's \`--end-to-end <dir> --gt-cache <gt-cache>\`. Load average (1 min) during the searches: ${results.length === 0 ? '-' : `${Math.min(...results.map((r) => r.loadStart)).toFixed(1)} to ${Math.max(...results.map((r) => r.loadEnd)).toFixed(1)}`}.`,
    '',
    ...render(dir, gtCache),
    '',
  ];
}

function page(
  lines: readonly string[],
  rows: readonly Row[],
  ctx: { entries: readonly GroundTruthEntry[]; source: string; started: Date; load0: number[]; proxy256: number | undefined },
): string {
  const n = ctx.entries.length;
  const accs = ctx.entries.map((e) => e.testAccuracy);
  const best = rows
    .filter((r) => (r.tau !== undefined || r.cpu !== undefined) && r.name !== 'proxy-256')
    .sort((a, b) => (b.tau ?? -2) - (a.tau ?? -2));
  const goal = best.map((r) => {
    const cost = r.cpu !== undefined && ctx.proxy256 !== undefined ? r.cpu / ctx.proxy256 : undefined;
    const tauGap = r.tau === undefined ? undefined : 0.7 - r.tau;
    const costText =
      cost === undefined
        ? 'cost unknown'
        : cost <= 0.1
          ? `cost ${cost.toPrecision(2)}x of proxy-256 (within 1/10)`
          : `cost ${cost.toPrecision(2)}x of proxy-256 (over 1/10 by ${(cost / 0.1).toPrecision(2)}x)`;
    const tauText =
      tauGap === undefined
        ? 'tau not measured yet'
        : `tau ${fmt(r.tau)}${tauGap > 0 ? ` (${tauGap.toFixed(2)} short of 0.7)` : ' (meets 0.7)'}`;
    return `- ${r.name}: ${tauText}, ${costText}.`;
  });
  return [
    '# Accuracy estimators against the Fashion-MNIST ground truth',
    '',
    'How well each cheap estimator of accuracy ranks architectures of the CLI default space',
    '(`defaultSpaceOptions()`), compared with their accuracy after long training, and what it costs.',
    '',
    '## How this was made',
    '',
    '```sh',
    `npm run bench:accuracy -- ${process.argv.slice(2).join(' ')}`.trimEnd(),
    '```',
    '',
    `- Date: ${ctx.started.toISOString()}; machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, Node ${process.version}, tfjs ${tf.version_core} (WASM backend, one thread).`,
    `- Load average at the start: ${ctx.load0.map((l) => l.toFixed(1)).join(', ')}; at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ', ',
      )} (1, 5, 15 min). CPU seconds are process CPU time, less sensitive to load than wall time but not immune (cache and memory contention).`,
    `- Ground truth: **${n} architecture${n === 1 ? '' : 's'}** from ${ctx.source}${n > 0 ? `, test accuracy ${Math.min(...accs).toFixed(4)} to ${Math.max(...accs).toFixed(4)}` : ''}; each trained ${RECIPE.steps} Adam steps at batch ${RECIPE.batchSize} (recipe in bench/results/ground-truth/README.md).${n < 2 ? ' Too few to rank: the correlation columns are empty, and the costs are measured on the first architectures of the ground-truth list (`--prefetch`).' : ''}`,
    '',
    '## Results',
    '',
    ...lines,
    '',
    '## What the numbers mean',
    '',
    '- **Kendall tau** (tau-b) and **Spearman rho**: rank agreement between the estimator and the ground-truth test accuracy, in [-1, 1] (1: the same order).',
    '- **tau 95% CI**: percentile bootstrap interval of Kendall tau, the architectures resampled with replacement 2,000 times (seeded, so a rerun gives the same interval).',
    "- **top-10% share**: of the true best 10% of the architectures (at least one), the share that is also in the estimator's best 10%.",
    '- **CPU s / arch**: mean process CPU seconds to score one architecture (for proxy training: build, train, validate; for zero-cost proxies: build, one batch of 64, score). The data set is loaded once, outside the figure.',
    '- **CPU vs proxy-256**: that cost over the cost of 256-step proxy training. The goal of issue 14 is an estimator with Kendall tau >= 0.7 at no more than 0.1x.',
    "- Proxy training uses the CLI default run's recipe (Adam, lr 0.01, cosine decay, batch 32, 2,048 training and 500 validation images) on Fashion-MNIST, and reports validation accuracy.",
    '- Zero-cost proxies are computed at initialisation (seed 0) on one batch of 64 Fashion-MNIST training images (synflow on an all-ones input); see `ZeroCostEvaluator`.',
    '- Rows with `-` were not run (not in this bench yet, or not picked with `--estimators`).',
    '',
    '## Against the goal',
    '',
    ...(goal.length > 0 ? goal : ['- No estimator could be ranked yet (too few ground-truth architectures, or none picked).']),
    '',
    ...validationSection(rows, ctx.entries, 64),
    ...endToEnd(),
    '## Using a zero-cost proxy',
    '',
    '```ts',
    "import { PrefilterController, RandomController, ZeroCostEvaluator } from 'mnas-ts';",
    '',
    "const zc = new ZeroCostEvaluator({ proxy: 'naswot', dataset: 'fashion-mnist', batchSize: 64, seed: 0 });",
    'const score = zc.score(arch);                  // the raw score, higher is better',
    'const { accuracy, extra } = await zc.evaluate(arch); // an AccuracyEvaluator: accuracy = squashed score',
    '',
    '// pre-filter: each ask() draws 10 proposals, scores them, passes on the best',
    'const controller = new PrefilterController(new RandomController(space, { seed: 1 }), {',
    '  candidates: 10,',
    '  score: (tokens) => zc.score(space.decode(tokens)),',
    '});',
    '```',
    '',
    "- Proxies: `synflow` (Tanaka et al. 2020: absolute-valued weights, all-ones input, `sum |theta * dR/dtheta|` over the convolution and dense kernels; batch norm in inference mode with its initial statistics, i.e. a fixed positive scale, and ReLU6 replaced by ReLU so the network stays linear on the positive flow), `naswot` (Mellor et al. 2021: log-determinant of `K = N_A - Hamming distance` of the ReLU on/off codes of one batch, batch statistics), `grad_norm` (sum over kernels of the loss gradient's norm on one batch), `snip` (Lee et al. 2019: `sum |theta * dL/dtheta|`), and the `params` and `macs` counts.",
    '- The evaluator contract asks for an accuracy in [0, 1]; a proxy score is not one. `ZeroCostEvaluator` reports `accuracy = 1 / (1 + exp(-(s - center) / scale))`, with `s` the log of the score (naswot: the score itself), which keeps the order; `center` and `scale` are options (0 and 1 by default) and the raw score is in `extra.score`. Use it to rank and to pre-filter; in the reward `ACC * (LAT/T)^w` its level is arbitrary.',
    '- `PrefilterController` tells the wrapped controller `{ failed: ... }` for each dropped proposal (the contract has no way to withdraw one, and no trained accuracy exists for it): random search ignores them, evolution does not breed from them, a policy learns to avoid what the proxy rejects.',
    '',
    '## Caveats',
    '',
    ...(n >= 2
      ? [
          `- With ${n} architecture${n === 1 ? '' : 's'} these correlations are rough: the standard error of Kendall tau at n = ${n} is about ${(Math.sqrt((2 * (2 * n + 5)) / (9 * n * (n - 1)))).toFixed(2)} under independence, and one architecture more or less in the top 10% changes that column by ${(1 / Math.max(1, Math.round(0.1 * n))).toFixed(2)}.`,
        ]
      : [`- No ranking yet: the ground truth has ${n} architecture${n === 1 ? '' : 's'}. The costs above stand on their own.`]),
    ...(n >= 2
      ? [
          `- **How far a perfect estimator could get.** The ground truth itself is noisy: the same trained networks' accuracy on the 5,000 held-out training images and on the 10,000 test images agree only to Kendall tau ${fmt(
            kendallTau(
              ctx.entries.map((e) => e.validationAccuracy),
              accs,
            ),
          )} (Spearman ${fmt(
            spearmanRho(
              ctx.entries.map((e) => e.validationAccuracy),
              accs,
            ),
          )}), because the test accuracies of ${n} architectures span only ${((Math.max(...accs) - Math.min(...accs)) * 100).toFixed(1)} points (${Math.min(...accs).toFixed(4)}-${Math.max(...accs).toFixed(4)}) and a 10,000-image test set has a standard error of about 0.3 points at 89%. The validation loss of the same networks ranks their test accuracy better, at tau ${fmt(
            kendallTau(
              ctx.entries.map((e) => -e.validationLoss),
              accs,
            ),
          )} (a figure every image moves, not only those near the decision boundary). That is evaluation noise alone; a second training seed adds training noise (next section).`,
        ]
      : []),
    '- The ground-truth run continues (`npm run bench:ground-truth`); rerun this command on the larger ground truth. Estimator scores are cached per architecture, so a rerun scores only the new ones.',
    '',
    ...noiseSection(ctx.entries),
  ].join('\n');
}

await main();

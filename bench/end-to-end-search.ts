/**
 * `npm run bench:end-to-end-search`: does a search beat what a user gets
 * without one? On Fashion-MNIST, the CLI default space (`mnistSpaceOptions(28)`),
 * the WASM measurer (CPU clock) and the hard MnasNet reward at a target that
 * binds (by default the median WASM latency of the 60 ground-truth networks,
 * measured once and kept in `<dir>/target.json`), each method returns one
 * network:
 *
 * - `surrogate`, `ppo`, `random`: a search with the CLI's proxy training
 *   (64 Adam steps of 32 images, 2,000 validation images, its default), stopped when the
 *   process has spent `--cpu-minutes` of CPU time (user + system); the best
 *   trial is returned. The surrogate reads log MACs and log params and is
 *   told the violation (as `--controller surrogate --reward hard` does);
 * - `macs`: `--macs-samples` uniform samples of the space, each measured; the
 *   one with the most MACs within the target (no training);
 * - `baseline`: the CLI's baselines (MobileNetV2 x0.35-1.0, MnasNet-small,
 *   MnasNet-A1 at 28 x 28 x 1), measured; the one with the most MACs within the target.
 *
 * Phases: `--phase search` (default) writes `<dir>/<method>-<seed>.json`;
 * `--phase retrain` trains every returned network with the ground-truth
 * recipe (bench/ground-truth-train.ts; `--steps` shortens it for a smoke
 * test) into `<dir>/trained/<hash>.json` (`--shard i/n` splits either phase
 * between processes); `--phase render` prints mean and
 * standard error of the ground-truth test accuracy per method, a network
 * above the target counting 0 (the hard constraint) and, beside it, as
 * trained whatever its latency (the hard reward penalizes a network just
 * above the target by as little as it is above, so a search can return one);
 * how many runs found no network within the target (the baselines may all be
 * slower than it) and how many returned one above it; z of the surrogate
 * against each other method; and each run's network.
 *
 * Flags: --dir .bench-cache/end-to-end-search  --methods surrogate,ppo,random,macs,baseline
 *        --seeds 1,2,3,4,5  --cpu-minutes 20  --target-ms <ms>  --macs-samples 200  --steps <n>  --shard i/n
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { registerWasmTrainingKernels } from 'mnas-ts';
import { DEFAULT_RUN, baselineNetworks } from './cli-defaults.js';
import { type Controller, PpoController, RandomController, SurrogateController } from 'mnas-ts/controller';
import { ProxyTrainer, loadFashionMnist } from 'mnas-ts/evaluate';
import { WasmLatencyMeasurer, median } from 'mnas-ts/measure';
import { HARD_CONSTRAINT, mnasReward } from 'mnas-ts/reward';
import { Rng, type Architecture, analyticFeatures, countMacs, factorizedSpace, hashArchitecture } from 'mnas-ts/space';
import { type Trial, search } from 'mnas-ts/search';
import { type Shard, benchCommand, finite, integer, listOf, numbers, oneOf, shard } from './args.js';
import { RECIPE, ROOT, SPACE_OPTIONS, readDataFile, writeJsonAtomic } from './ground-truth-data.js';
import { loadRecipeData, recipeTrainer, stopSignal, trainWithRecipe } from './ground-truth-train.js';

const METHODS = ['surrogate', 'ppo', 'random', 'macs', 'baseline'] as const;
type Method = (typeof METHODS)[number];
interface Returned {
  readonly method: Method;
  readonly seed: number;
  readonly targetMs: number;
  readonly cpuSeconds: number;
  readonly trials: number;
  readonly best: { hash: string; arch: Architecture; latencyMs: number; macs: number } | undefined;
}

const opts = benchCommand('end-to-end-search', 'Does a search beat what a user gets without one? Fashion-MNIST, WASM latency, hard reward')
  .option('--dir <dir>', 'where the returned networks and their retraining are kept', join(ROOT, '.bench-cache', 'end-to-end-search'))
  .option('--phase <phase>', 'search, retrain or render', oneOf(['search', 'retrain', 'render']), 'search')
  .option('--methods <list>', METHODS.join(', '), listOf(METHODS), [...METHODS])
  .option('--seeds <list>', 'seeds per method', numbers, [1, 2, 3, 4, 5])
  .option('--cpu-minutes <m>', 'CPU time of one search', finite, 20)
  .option('--target-ms <ms>', 'latency target (default: the median latency of the ground-truth networks)', finite)
  .option('--macs-samples <n>', 'uniform samples of the macs method', integer(1), 200)
  .option('--steps <n>', 'Adam steps of the retraining (a smoke test shortens it)', integer(1))
  .option(
    '--shard <i/n>',
    'search: the (method, seed) pairs at positions i modulo n; retrain: the returned networks (hash order) at positions i modulo n',
    shard,
    { i: 0, n: 1 },
  )
  .parse()
  .opts<{
    dir: string;
    phase: 'search' | 'retrain' | 'render';
    methods: Method[];
    seeds: number[];
    cpuMinutes: number;
    targetMs?: number;
    macsSamples: number;
    steps?: number;
    shard: Shard;
  }>();
const DIR = opts.dir;
const PHASE = opts.phase;
const space = factorizedSpace(SPACE_OPTIONS);
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The target: `--target-ms`, else the median measured latency of the ground-truth networks (kept in target.json). */
async function target(measurer: WasmLatencyMeasurer): Promise<number> {
  const file = join(DIR, 'target.json');
  if (opts.targetMs !== undefined) return opts.targetMs;
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { targetMs: number }).targetMs;
  const nets = readDataFile()?.architectures ?? [];
  const ms: number[] = [];
  for (const n of nets) ms.push((await measurer.measure(n.arch)).medianMs);
  const targetMs = median(ms);
  writeJsonAtomic(file, { targetMs, networks: ms.length, measuredAt: new Date().toISOString() });
  return targetMs;
}

function controllerOf(method: Method, seed: number): Controller {
  if (method === 'surrogate') return new SurrogateController(space, { seed, features: analyticFeatures(space) });
  if (method === 'ppo') return new PpoController(space, { seed });
  return new RandomController(space, { seed });
}

/** One search under the CPU budget; its best trial. */
async function searchOnce(method: Method, seed: number, targetMs: number, measurer: WasmLatencyMeasurer): Promise<Returned> {
  const cpuBudget = opts.cpuMinutes * 60;
  const t = DEFAULT_RUN.training;
  const evaluator = new ProxyTrainer({
    dataset: loadFashionMnist({ split: 'train' }),
    epochs: t.epochs,
    batchSize: t.batchSize,
    trainSize: t.trainSize,
    validationSize: t.validationSize,
    learningRate: t.learningRate,
    optimizer: t.optimizer,
    seed,
    backend: 'wasm',
  });
  const controller = controllerOf(method, seed);
  const trials: Trial<Architecture>[] = [];
  const stop = new AbortController();
  const cpu0 = cpuSeconds();
  try {
    await search({
      space,
      controller,
      evaluator,
      measurer,
      reward: (m) => mnasReward({ accuracy: m.accuracy, latencyMs: m.latencyMs as number }, { targetMs, ...HARD_CONSTRAINT }),
      ...(method === 'surrogate'
        ? {
            objectives: [
              { name: 'accuracy', direction: 'maximize' as const },
              { name: 'latencyMs', direction: 'minimize' as const },
            ],
            constraint: (m) => Math.max(0, (m.latencyMs as number) / targetMs - 1),
          }
        : {}),
      budget: { trials: 100_000 },
      signal: stop.signal,
      onTrial: (trial) => {
        trials.push(trial);
        if (cpuSeconds() - cpu0 >= cpuBudget) stop.abort(new Error('CPU budget spent'));
      },
    });
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  } finally {
    controller.dispose?.();
  }
  const ok = trials.filter((x) => x.status === 'ok');
  const best = ok.reduce<Trial<Architecture> | undefined>(
    (b, x) => (b === undefined || (x.reward as number) > (b.reward as number) ? x : b),
    undefined,
  );
  return {
    method,
    seed,
    targetMs,
    cpuSeconds: cpuSeconds() - cpu0,
    trials: trials.length,
    best:
      best === undefined
        ? undefined
        : { hash: hashArchitecture(best.value), arch: best.value, latencyMs: best.latencyMs as number, macs: countMacs(best.value) },
  };
}

/** The most MACs within the target among `candidates`, each measured. */
async function largestWithin(
  method: Method,
  seed: number,
  targetMs: number,
  measurer: WasmLatencyMeasurer,
  candidates: Architecture[],
): Promise<Returned> {
  const cpu0 = cpuSeconds();
  let best: Returned['best'];
  for (const arch of candidates) {
    const latencyMs = (await measurer.measure(arch)).medianMs;
    const macs = countMacs(arch);
    if (latencyMs <= targetMs && (best === undefined || macs > best.macs)) best = { hash: hashArchitecture(arch), arch, latencyMs, macs };
  }
  return { method, seed, targetMs, cpuSeconds: cpuSeconds() - cpu0, trials: candidates.length, best };
}

async function searchPhase(): Promise<void> {
  const { methods, seeds, shard } = opts;
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  mkdirSync(DIR, { recursive: true });
  const runs = methods.flatMap((m) => seeds.map((s) => [m, s] as const)).filter((_, i) => i % shard.n === shard.i);
  for (const [method, seed] of runs) {
    const file = join(DIR, `${method}-${seed}.json`);
    if (existsSync(file)) continue;
    const measurer = new WasmLatencyMeasurer({ seed });
    try {
      const targetMs = await target(measurer);
      let result: Returned;
      if (method === 'macs') {
        const rng = new Rng(`macs/${seed}`);
        const n = opts.macsSamples;
        const archs = Array.from({ length: n }, () => space.decode(space.decisions.map((d) => rng.int(d.size))));
        result = await largestWithin(method, seed, targetMs, measurer, archs);
      } else if (method === 'baseline') {
        const archs = Object.values(baselineNetworks([28, 28, 1], 10));
        result = await largestWithin(method, seed, targetMs, measurer, archs);
      } else result = await searchOnce(method, seed, targetMs, measurer);
      writeJsonAtomic(file, result);
      console.log(
        `${method} seed ${seed}: ${result.trials} trials, ${result.cpuSeconds.toFixed(0)} CPU s, returned ${result.best?.hash ?? 'nothing'} (${result.best?.latencyMs.toFixed(3) ?? '-'} ms, target ${targetMs.toFixed(3)})`,
      );
    } finally {
      await measurer.close?.();
    }
  }
}

const readReturned = (): Returned[] =>
  existsSync(DIR)
    ? readdirSync(DIR)
        .filter((f) => /^[a-z]+-\d+\.json$/.test(f))
        .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Returned)
    : [];

async function retrainPhase(): Promise<void> {
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const recipe = opts.steps === undefined ? RECIPE : { ...RECIPE, steps: opts.steps };
  const data = loadRecipeData(recipe);
  const trainer = recipeTrainer(recipe, data);
  const { signal, clear } = stopSignal(Number.POSITIVE_INFINITY, 'training');
  mkdirSync(join(DIR, 'trained'), { recursive: true });
  // Each returned network once, in hash order; a shard takes the positions i modulo n of that list.
  const networks = [...new Map(readReturned().flatMap((r) => (r.best === undefined ? [] : [[r.best.hash, r.best] as const]))).values()]
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
    .filter((_, i) => i % opts.shard.n === opts.shard.i);
  for (const best of networks) {
    const file = join(DIR, 'trained', `${best.hash}.json`);
    if (existsSync(file)) continue;
    const figures = await trainWithRecipe(best.arch, trainer, data, signal);
    writeJsonAtomic(file, { hash: best.hash, recipeSteps: recipe.steps, ...figures });
    console.log(`${best.hash}: test accuracy ${figures.testAccuracy.toFixed(4)} (${figures.cpuSeconds.toFixed(0)} CPU s)`);
  }
  clear();
}

function renderPhase(): void {
  const all = readReturned();
  // A method that found nothing within the target (the baselines can all be slower) has no network to score.
  const retrained = new Map(
    all.map((r) => {
      const file = r.best === undefined ? undefined : join(DIR, 'trained', `${r.best.hash}.json`);
      const accuracy =
        file === undefined || !existsSync(file)
          ? undefined
          : (JSON.parse(readFileSync(file, 'utf8')) as { testAccuracy: number }).testAccuracy;
      return [r, accuracy] as const;
    }),
  );
  /** The retrained network's test accuracy, read once per run. */
  const trained = (r: Returned): number | undefined => retrained.get(r);
  /** The hard constraint's score: the retrained accuracy, 0 for a network above the target. */
  const acc = (r: Returned): number | undefined => {
    const a = trained(r);
    return a === undefined || r.best === undefined ? undefined : r.best.latencyMs <= r.targetMs ? a : 0;
  };
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const se = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length);
  const cell = (xs: number[]): string => (xs.length === 0 ? '-' : `${mean(xs).toFixed(4)} ± ${xs.length > 1 ? se(xs).toFixed(4) : '-'}`);
  const z = (a: number[], b: number[]): string =>
    a.length < 2 || b.length < 2 ? '' : ((mean(a) - mean(b)) / Math.hypot(se(a), se(b))).toFixed(2);
  const runsOf = (m: Method): Returned[] => all.filter((r) => r.method === m);
  const strict = new Map(METHODS.map((m) => [m, runsOf(m).flatMap((r) => acc(r) ?? [])] as const));
  const loose = new Map(METHODS.map((m) => [m, runsOf(m).flatMap((r) => trained(r) ?? [])] as const));
  console.log(
    `Target ${all[0]?.targetMs.toFixed(4) ?? '-'} ms. Ground-truth test accuracy of the returned network: within the target (0 for a network above it, the hard constraint), and as trained whatever its latency.\n`,
  );
  console.log(
    '| method | runs trained | no network within the target | returned above the target | mean ± SE within the target | z of the surrogate | mean ± SE as trained | z of the surrogate |\n|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const m of METHODS) {
    const runs = runsOf(m);
    const none = runs.filter((r) => r.best === undefined).length;
    const xs = strict.get(m) ?? [];
    if (xs.length === 0 && none === 0) continue;
    const above = runs.filter((r) => r.best !== undefined && r.best.latencyMs > r.targetMs).length;
    const self = m === 'surrogate';
    console.log(
      `| ${m} | ${xs.length} of ${runs.length} | ${none} | ${above} | ${cell(xs)} | ${self ? '' : z(strict.get('surrogate') ?? [], xs)} | ${cell(loose.get(m) ?? [])} | ${self ? '' : z(loose.get('surrogate') ?? [], loose.get(m) ?? [])} |`,
    );
  }
  console.log(
    '\nEach run: the trials it made in its CPU budget, the network it returned, and that network retrained.\n\n| method | seed | trials | CPU s | MACs (M) | latency ms | test accuracy |\n|---|---:|---:|---:|---:|---:|---:|',
  );
  const order = (r: Returned): number => METHODS.indexOf(r.method) * 1e6 + r.seed;
  for (const r of [...all].sort((a, b) => order(a) - order(b))) {
    const a = trained(r);
    console.log(
      `| ${r.method} | ${r.seed} | ${r.trials} | ${r.cpuSeconds.toFixed(0)} | ${r.best === undefined ? '-' : (r.best.macs / 1e6).toFixed(2)} | ${r.best?.latencyMs.toFixed(4) ?? '-'} | ${a === undefined ? '-' : a.toFixed(4)} |`,
    );
  }
}

if (PHASE === 'search') await searchPhase();
else if (PHASE === 'retrain') await retrainPhase();
else renderPhase();

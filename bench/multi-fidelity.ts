/**
 * `npm run bench:multi-fidelity`: multi-fidelity search at equal training
 * budget, on a table of real measurements. The 60 Fashion-MNIST
 * ground-truth networks (bench/results/ground-truth) were each trained by proxy
 * training for 32, 64, 128 and 256 steps (the cache of `bench:accuracy`,
 * bench/results/accuracy-cache/proxy-<steps>-*.json: validation accuracy on 500
 * images, each length its own training). The search space is the 60
 * networks (one decision); a trial's accuracy at full fidelity is its
 * 256-step accuracy, and a pruner (successive halving, eta 2, rungs from
 * `--min-resource` steps: 32 / 64 / 128 or 64 / 128) sees the shorter ones
 * as its checkpoints. Each run stops once its
 * trials have used the budget in training steps (a trial costs the steps
 * it reached; a run also stops once every network was proposed); the network a run returns is its
 * best trial that trained to the full budget within the budget (or, when
 * none did, its best at the highest fidelity). Figures: the returned
 * network's 256-step accuracy (what the search maximizes) and its
 * ground-truth test accuracy (2,000 steps, 10,000 test images). No
 * training, no timing.
 *
 * Flags: --seeds 30 --first-seed 0 --held-out-from 10 --budgets 4,8,16 (in full trainings of 256 steps) --min-resource 32
 *        --methods <comma list of the names below>
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { RandomController, SuccessiveHalvingPruner, SurrogateController, defineSpace, search } from 'mnas-ts';
import type { AccuracyEvaluator, Controller, Proposal, RungRanker, SearchOptions, Trial } from 'mnas-ts';
import { benchCommand, integer, list, numbers, recordedArgs } from './args.js';
import { ROOT, readDataFile } from './ground-truth-data.js';

const FULL = 256;
const RUNGS = [32, 64, 128] as const;
const opts = benchCommand(
  'multi-fidelity',
  'multi-fidelity promotion by the surrogate against ASHA and full training, on the Fashion-MNIST ground truth at 32-256 proxy steps',
)
  .option('--seeds <n>', 'seeds per method and budget', integer(1), 30)
  .option('--first-seed <n>', 'first seed', integer(0), 0)
  .option('--held-out-from <n>', 'seeds from this one on are held out of any tuning', integer(0), 10)
  .option('--budgets <list>', 'budgets in full trainings', numbers, [4, 8, 16])
  .option('--min-resource <steps>', "the pruner's first rung in steps (32: rungs 32 / 64 / 128; 64: rungs 64 / 128)", integer(1), 32)
  .option('--methods <list>', 'methods to run (default: all)', list)
  .parse()
  .opts<{ seeds: number; firstSeed: number; heldOutFrom: number; budgets: number[]; minResource: number; methods?: string[] }>();
const SEEDS = opts.seeds;
const FIRST_SEED = opts.firstSeed;
const HELD_OUT_FROM = opts.heldOutFrom;
const BUDGETS = opts.budgets;
/** The pruner's first rung, in steps (32: rungs 32 / 64 / 128; 64: rungs 64 / 128). */
const MIN_RESOURCE = opts.minResource;

/** One network of the table: its features and its accuracy at each number of steps. */
interface Net {
  readonly tokens: readonly number[];
  readonly macs: number;
  readonly params: number;
  readonly test: number;
  readonly at: ReadonlyMap<number, number>;
}

function loadNets(): Net[] {
  const data = readDataFile();
  if (data === undefined) throw new Error('no bench/results/ground-truth/fashion-mnist.json');
  const dir = join(ROOT, 'bench', 'results', 'accuracy-cache');
  const tables = new Map(
    [...RUNGS, FULL].map((steps) => {
      const file = readdirSync(dir).find((n) => new RegExp(`^proxy-${steps}-[0-9a-f]+\\.json$`).test(n));
      if (file === undefined) throw new Error(`no proxy-${steps} cache in ${dir} (run npm run bench:accuracy)`);
      return [steps, JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, { score: number }>] as const;
    }),
  );
  return data.architectures.map((a) => ({
    tokens: a.tokens,
    macs: a.macs,
    params: a.params,
    test: a.testAccuracy,
    at: new Map([...tables].map(([steps, table]) => [steps, (table[a.hash] as { score: number }).score])),
  }));
}

const nets = loadNets();
const space = defineSpace<number>({
  decisions: [{ name: 'network', size: nets.length }],
  decode: (t) => t[0] as number,
  encode: (i) => [i],
});
const netOf = (i: number): Net => nets[i] as Net;
/** The surrogate's free features: log MACs, log params and the network's 24 tokens in the default space. */
const features = (t: readonly number[]): number[] => {
  const n = netOf(t[0] as number);
  return [Math.log(n.macs), Math.log(n.params), ...n.tokens];
};

/** Looks the accuracies up: a checkpoint at each rung, then the full-budget accuracy. */
const evaluator: AccuracyEvaluator<number> = {
  async evaluate(i, opts) {
    const n = netOf(i);
    for (const step of RUNGS) {
      if (opts?.signal?.aborted) throw opts.signal.reason;
      opts?.onProgress?.({ fraction: step / FULL, step, accuracy: n.at.get(step) as number });
      await Promise.resolve();
    }
    if (opts?.signal?.aborted) throw opts.signal.reason;
    return { accuracy: n.at.get(FULL) as number, steps: FULL };
  },
};

interface Method {
  readonly name: string;
  readonly controller: (seed: number) => Controller;
  readonly pruned: boolean;
  readonly promotion?: 'model';
  /** A ranker the bench installs on the pruner itself (an experiment, not a library option). */
  readonly ranker?: (controller: Controller) => RungRanker;
}

/** The surrogate, keeping the tokens of each ask (the search asks trial i as the i-th ask). */
class Recording extends SurrogateController {
  readonly asked: (readonly number[])[] = [];
  override ask(): Proposal {
    const p = super.ask();
    this.asked.push(p.tokens);
    return p;
  }
}

/** Ranks a rung by the model's prediction at the full budget alone, ignoring the observed values. */
const predicted = (controller: Controller): RungRanker => {
  const c = controller as Recording;
  return (entries) =>
    entries.map((e) => {
      const tokens = c.asked[Number(e.trialKey)];
      return tokens === undefined ? e.value : c.predict(tokens, 1).mean;
    });
};

const surrogate =
  (multiFidelity: boolean) =>
  (seed: number): Controller =>
    new SurrogateController(space, { seed, features, multiFidelity });
const METHODS: readonly Method[] = [
  { name: 'random', controller: (seed) => new RandomController(space, { seed }), pruned: false },
  { name: 'random+asha', controller: (seed) => new RandomController(space, { seed }), pruned: true },
  { name: 'surrogate', controller: surrogate(true), pruned: false },
  { name: 'surrogate+asha-blind', controller: surrogate(false), pruned: true },
  { name: 'surrogate+asha-mf', controller: surrogate(true), pruned: true },
  { name: 'surrogate+asha-mf-model', controller: surrogate(true), pruned: true, promotion: 'model' },
  {
    name: 'surrogate+asha-mf-predicted',
    controller: (seed) => new Recording(space, { seed, features }),
    pruned: true,
    ranker: predicted,
  },
];
const chosen = opts.methods ?? METHODS.map((m) => m.name);

/** Training steps a trial used: the step a pruned trial stopped at, the full budget otherwise, nothing for a repeat. */
function cost(t: Trial<number>): number {
  if (t.repeatOf !== undefined || t.status === 'failed') return 0;
  return t.status === 'pruned' ? (t.evaluation?.extra?.['prunedAtStep'] as number) : FULL;
}

/** The network a run returns: the best full-budget trial, else the best at the highest fidelity. */
function returned(trials: readonly Trial<number>[]): number {
  const rank = (t: Trial<number>): [number, number] => [t.status === 'ok' ? 1 : (t.fidelity ?? 0), t.reward ?? -1];
  let best = trials[0] as Trial<number>;
  for (const t of trials) {
    const [f, r] = rank(t);
    const [bf, br] = rank(best);
    if (f > bf || (f === bf && r > br)) best = t;
  }
  return best.value;
}

async function runOnce(method: Method, seed: number, budget: number): Promise<number> {
  const stop = new AbortController();
  const within: Trial<number>[] = [];
  let spent = 0;
  const pruner = new SuccessiveHalvingPruner({ minResource: MIN_RESOURCE, reductionFactor: 2, maxResource: FULL });
  const controller = method.controller(seed);
  if (method.ranker !== undefined) pruner.rankWith(method.ranker(controller));
  const options: SearchOptions<number> = {
    space,
    controller,
    evaluator,
    ...(method.pruned ? { pruner, ...(method.promotion === undefined ? {} : { promotion: method.promotion }) } : {}),
    reward: (m) => m.accuracy,
    exclusiveMeasurement: false,
    budget: { trials: 10 * nets.length },
    signal: stop.signal,
    // A repeat comes only once every network was proposed: nothing is left to learn.
    onTrial: (t) => {
      spent += cost(t);
      if (spent <= budget && t.repeatOf === undefined) within.push(t);
      if (spent >= budget || t.repeatOf !== undefined) stop.abort();
    },
  };
  await search(options).catch((error: unknown) => {
    if (!stop.signal.aborted) throw error;
  });
  return returned(within);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const se = (xs: readonly number[]): number =>
  Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1) / xs.length);
const cell = (xs: readonly number[]): string => `${(100 * mean(xs)).toFixed(2)} ± ${(100 * se(xs)).toFixed(2)}`;

/** The networks each method returned, by budget, in seed order. */
type Results = Map<string, Map<number, Net[]>>;

/** Paired differences (the same seeds) of the 256-step and test accuracies, held-out seeds only. */
const PAIRS: readonly [string, string][] = [
  ['surrogate+asha-mf-model', 'surrogate+asha-blind'],
  ['surrogate+asha-mf', 'surrogate+asha-blind'],
  ['surrogate+asha-mf-model', 'surrogate+asha-mf'],
  ['surrogate+asha-mf-model', 'random+asha'],
  ['surrogate+asha-mf-model', 'surrogate'],
  ['surrogate+asha-mf-predicted', 'surrogate+asha-mf-model'],
];

function pairedTable(results: Results, seeds: readonly number[]): string[] {
  const held = seeds.flatMap((s, k) => (s >= HELD_OUT_FROM ? [k] : []));
  const lines = [
    '',
    `Paired differences on the held-out seeds (${held.length}), points, mean ± SE (z):`,
    '',
    '| a - b | budget | 256-step accuracy | test accuracy |',
    '|---|---:|---:|---:|',
  ];
  const diff = (xs: number[]): string => {
    const z = se(xs) > 0 ? mean(xs) / se(xs) : 0;
    return `${(100 * mean(xs)).toFixed(2)} ± ${(100 * se(xs)).toFixed(2)} (z ${z.toFixed(2)})`;
  };
  for (const [a, b] of PAIRS) {
    for (const budget of BUDGETS) {
      const x = results.get(a)?.get(budget);
      const y = results.get(b)?.get(budget);
      if (x === undefined || y === undefined || held.length === 0) continue;
      const proxy = held.map((k) => ((x[k] as Net).at.get(FULL) as number) - ((y[k] as Net).at.get(FULL) as number));
      const test = held.map((k) => (x[k] as Net).test - (y[k] as Net).test);
      lines.push(`| ${a} - ${b} | ${budget} | ${diff(proxy)} | ${diff(test)} |`);
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const seeds = Array.from({ length: SEEDS }, (_, k) => FIRST_SEED + k);
  const heldOut = seeds.filter((s) => s >= HELD_OUT_FROM);
  const bestProxy = nets.reduce((b, n) => ((n.at.get(FULL) as number) > (b.at.get(FULL) as number) ? n : b));
  const rungs = new SuccessiveHalvingPruner({ minResource: MIN_RESOURCE, reductionFactor: 2, maxResource: FULL }).rungSteps(FULL);
  const lines = [
    `Command: \`npm run bench:multi-fidelity -- ${recordedArgs()}\`; ${new Date().toISOString()}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}.`,
    `${nets.length} networks; seeds ${seeds[0]}..${seeds.at(-1)} (held out: ${heldOut.length > 0 ? `${heldOut[0]}..${heldOut.at(-1)}` : 'none'}); budgets in full trainings of ${FULL} steps; pruner rungs at ${rungs.join(' / ')} steps.`,
    `Best 256-step accuracy of the table: ${(100 * (bestProxy.at.get(FULL) as number)).toFixed(2)} (its test accuracy ${(100 * bestProxy.test).toFixed(2)}); best test accuracy ${(100 * Math.max(...nets.map((n) => n.test))).toFixed(2)}.`,
    '',
    '| method | budget | 256-step accuracy of the returned network, all seeds | held-out seeds | its test accuracy, all seeds | held-out seeds |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  const results: Results = new Map();
  const proxy = (ps: readonly Net[]): number[] => ps.map((n) => n.at.get(FULL) as number);
  const test = (ps: readonly Net[]): number[] => ps.map((n) => n.test);
  const heldCell = (xs: number[]): string => (xs.length > 0 ? cell(xs) : '');
  for (const budget of BUDGETS) {
    for (const method of METHODS.filter((m) => chosen.includes(m.name))) {
      const picked: Net[] = [];
      for (const seed of seeds) picked.push(netOf(await runOnce(method, seed, budget * FULL)));
      const byBudget = results.get(method.name) ?? new Map<number, Net[]>();
      results.set(method.name, byBudget.set(budget, picked));
      const held = picked.filter((_, k) => (seeds[k] as number) >= HELD_OUT_FROM);
      lines.push(
        `| ${method.name} | ${budget} | ${cell(proxy(picked))} | ${heldCell(proxy(held))} | ${cell(test(picked))} | ${heldCell(test(held))} |`,
      );
      process.stderr.write(`${lines.at(-1)}\n`);
    }
  }
  lines.push(...pairedTable(results, seeds));
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();

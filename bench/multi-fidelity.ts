/**
 * `npm run bench:multi-fidelity`: multi-fidelity search at equal training
 * budget, on a table of real measurements. The 60 Fashion-MNIST
 * ground-truth networks (data/ground-truth) were each trained by proxy
 * training for 32, 64, 128 and 256 steps (the cache of `bench:accuracy`,
 * data/accuracy-cache/proxy-<steps>-*.json: validation accuracy on 500
 * images, each length its own training). The search space is the 60
 * networks (one decision); a trial's accuracy at full fidelity is its
 * 256-step accuracy, and a pruner (successive halving, rungs 32 / 64 / 128,
 * eta 2) sees the shorter ones as its checkpoints. Each run stops once its
 * trials have used the budget in training steps (a trial costs the steps
 * it reached; a run also stops once every network was proposed); the network a run returns is its
 * best trial that trained to the full budget within the budget (or, when
 * none did, its best at the highest fidelity). Figures: the returned
 * network's 256-step accuracy (what the search maximizes) and its
 * ground-truth test accuracy (2,000 steps, 10,000 test images). No
 * training, no timing.
 *
 * Flags: --seeds 30 --first-seed 0 --held-out-from 10 --budgets 4,8,16 (in full trainings of 256 steps)
 *        --methods <comma list of the names below>
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { RandomController, SuccessiveHalvingPruner, SurrogateController, defineSpace, search } from 'mnas-ts';
import type { AccuracyEvaluator, Controller, SearchOptions, Trial } from 'mnas-ts';
import { option, recordedArgs } from './cli-args.js';
import { ROOT, readDataFile } from './ground-truth-data.js';

const FULL = 256;
const RUNGS = [32, 64, 128] as const;
const SEEDS = Number(option('seeds', '30'));
const FIRST_SEED = Number(option('first-seed', '0'));
const HELD_OUT_FROM = Number(option('held-out-from', '10'));
const BUDGETS = option('budgets', '4,8,16').split(',').map(Number);

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
  if (data === undefined) throw new Error('no data/ground-truth/fashion-mnist.json');
  const dir = join(ROOT, 'data', 'accuracy-cache');
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
}

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
];
const chosen = option('methods', METHODS.map((m) => m.name).join(',')).split(',');

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
  const pruner = new SuccessiveHalvingPruner({ minResource: RUNGS[0], reductionFactor: 2, maxResource: FULL });
  const options: SearchOptions<number> = {
    space,
    controller: method.controller(seed),
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

async function main(): Promise<void> {
  const seeds = Array.from({ length: SEEDS }, (_, k) => FIRST_SEED + k);
  const heldOut = seeds.filter((s) => s >= HELD_OUT_FROM);
  const bestProxy = nets.reduce((b, n) => ((n.at.get(FULL) as number) > (b.at.get(FULL) as number) ? n : b));
  const lines = [
    `Command: \`npm run bench:multi-fidelity -- ${recordedArgs()}\`; ${new Date().toISOString()}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}.`,
    `${nets.length} networks; seeds ${seeds[0]}..${seeds.at(-1)} (held out: ${heldOut.length > 0 ? `${heldOut[0]}..${heldOut.at(-1)}` : 'none'}); budgets in full trainings of ${FULL} steps.`,
    `Best 256-step accuracy of the table: ${(100 * (bestProxy.at.get(FULL) as number)).toFixed(2)} (its test accuracy ${(100 * bestProxy.test).toFixed(2)}); best test accuracy ${(100 * Math.max(...nets.map((n) => n.test))).toFixed(2)}.`,
    '',
    `| method | budget | 256-step accuracy of the returned network, all seeds | held-out seeds | its test accuracy, all seeds | held-out seeds |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const budget of BUDGETS) {
    for (const method of METHODS.filter((m) => chosen.includes(m.name))) {
      const picked: { seed: number; net: Net }[] = [];
      for (const seed of seeds) picked.push({ seed, net: netOf(await runOnce(method, seed, budget * FULL)) });
      const held = picked.filter((p) => p.seed >= HELD_OUT_FROM);
      const proxy = (ps: typeof picked): number[] => ps.map((p) => p.net.at.get(FULL) as number);
      const test = (ps: typeof picked): number[] => ps.map((p) => p.net.test);
      const heldCell = (xs: number[]): string => (xs.length > 0 ? cell(xs) : '');
      lines.push(
        `| ${method.name} | ${budget} | ${cell(proxy(picked))} | ${heldCell(proxy(held))} | ${cell(test(picked))} | ${heldCell(test(held))} |`,
      );
      process.stderr.write(`${lines.at(-1)}\n`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();

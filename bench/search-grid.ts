/**
 * `npm run bench:search-grid`: the controllers on a grid of settings, not two.
 *
 * Settings: NAS-Bench-201 (CIFAR-10 test accuracy) with each HW-NAS-Bench
 * device in the shipped data, the target at the 25%, 50% and 75% quantile
 * of the device's latencies (over the cells it covers), soft and hard
 * constraints; NAS-Bench-Macro with FLOPs and with params as the cost, at
 * the same three quantiles, soft and hard. 48 settings. A cell without a
 * latency (edgegpu, edgetpu cover part of NB201) is told as failed.
 *
 * Each seed runs one search of the largest budget per controller; the best
 * reward so far is read at each budget. Per setting and controller: z of the
 * mean best reward against random search at 300 and against regularized
 * evolution at 1,000 (z = difference / combined SE). The defaults were
 * tuned on two settings (NB201 pixel3 10 ms hard, Macro 60 MFLOPs hard):
 * the settings nearest them are marked "tuned", the rest are held out.
 *
 * Shards: `--shard 0/2` and `--shard 1/2` run halves of the grid (two
 * processes on two cores), each writing `--results <file>`; `--merge a,b`
 * renders them. `--out docs/benchmarks-grid.md` writes the tables between
 * <!-- bench:grid --> markers.
 *
 * With `surrogate` among the controllers, the tables are the surrogate's
 * against each other controller at every budget (bench/search-grid-surrogate.ts),
 * written between <!-- bench:grid-surrogate --> markers.
 *
 * Flags: --seeds 10  --budgets 100,300,1000  --controllers random,evolution,reinforce,ppo[,surrogate]
 *        --first-seed 0  --settings <regex>  --features cost|none  --surrogate <json options>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  EvolutionController,
  PpoController,
  RandomController,
  ReinforceController,
  SurrogateController,
  type SurrogateOptions,
} from 'mnas-ts/controller';
import type { Controller, HasDecisions } from 'mnas-ts/controller';
import { NB201_DEVICES, loadNasBench201, loadNasBenchMacro } from 'mnas-ts/evaluate';
import { quantile } from 'mnas-ts/measure';
import { HARD_CONSTRAINT, SOFT_CONSTRAINT, mnasReward } from 'mnas-ts/reward';
import { writeBetweenMarkers } from './page-markers.js';
import { benchCommand, integer, jsonObject, list, numbers, oneOf, recordedArgs, type Shard, shard as shardArg } from './args.js';
import { renderSurrogate } from './search-grid-surrogate.js';

const opts = benchCommand('search-grid', 'The controllers on 48 settings of NAS-Bench-201 and NAS-Bench-Macro')
  .option('--seeds <n>', 'seeds per controller and setting', integer(1), 10)
  .option('--first-seed <n>', 'first seed', integer(0), 0)
  .option('--budgets <list>', 'trial counts at which the best reward is read', numbers, [100, 300, 1000])
  .option('--controllers <list>', 'random, evolution, reinforce, ppo, surrogate', list, ['random', 'evolution', 'reinforce', 'ppo'])
  .option('--shard <i/n>', 'run the settings whose position is i modulo n', shardArg, { i: 0, n: 1 })
  .option('--settings <regex>', 'only the settings whose id matches', '.')
  .option('--surrogate <json>', 'surrogate option overrides, for tuning', jsonObject, {})
  .option(
    '--features <kind>',
    "cost: the surrogate reads the setting's cost (free from the table) as a feature; none: tokens only",
    oneOf(['cost', 'none']),
    'cost',
  )
  .option('--results <file>', 'write the raw results here after every setting')
  .option(
    '--merge <list>',
    'render these result files (their budgets and controllers may differ; shared columns must agree) instead of running',
    list,
  )
  .option('--out <page>', 'docs page to write between <!-- bench:grid --> (or grid-surrogate) markers')
  .parse()
  .opts<{
    seeds: number;
    firstSeed: number;
    budgets: number[];
    controllers: string[];
    shard: Shard;
    settings: string;
    surrogate: Record<string, unknown>;
    features: 'cost' | 'none';
    results?: string;
    merge?: string[];
    out?: string;
  }>();
const SEEDS = opts.seeds;
const BUDGETS = opts.budgets;
const CONTROLLERS = opts.controllers;
const MAX = Math.max(...BUDGETS);
const { i: shard, n: shards } = opts.shard;
const FIRST_SEED = opts.firstSeed;
/** Only the settings whose id matches this regular expression. */
const ONLY = new RegExp(opts.settings);
/** Surrogate option overrides, for tuning. */
const SURROGATE = opts.surrogate as SurrogateOptions;
/** `cost`: the surrogate reads the setting's cost (log latency, FLOPs or params: free from the table) as a feature; `none`: tokens only. */
const FEATURES = opts.features;

interface Setting {
  readonly id: string;
  readonly space: HasDecisions;
  readonly base: number;
  /** Reward per row; NaN where the cost is unknown (told as failed). */
  readonly reward: Float64Array;
  /** Cost per row (ms, MFLOPs or M params); NaN where unknown. */
  readonly cost: Float64Array;
  readonly tuned: boolean;
}

function settings(): Setting[] {
  const out: Setting[] = [];
  const nb = loadNasBench201();
  const acc = Float64Array.from({ length: nb.rows }, (_, r) => nb.accuracy(nb.cellAt(r), 'cifar10'));
  for (const device of NB201_DEVICES) {
    const lat = Float64Array.from({ length: nb.rows }, (_, r) => nb.latencyMs(nb.cellAt(r), device) ?? Number.NaN);
    const known = [...lat].filter(Number.isFinite).sort((a, b) => a - b);
    for (const q of [0.25, 0.5, 0.75]) {
      const target = quantile(known, q);
      for (const [cname, c] of [
        ['soft', SOFT_CONSTRAINT],
        ['hard', HARD_CONSTRAINT],
      ] as const) {
        const reward = Float64Array.from(acc, (a, r) =>
          Number.isFinite(lat[r]) ? mnasReward({ accuracy: a, latencyMs: lat[r] as number }, { targetMs: target, ...c }) : Number.NaN,
        );
        out.push({
          id: `nb201 ${device} q${q * 100} (${target.toPrecision(3)} ms) ${cname}`,
          space: nb.space,
          base: 5,
          reward,
          cost: lat,
          tuned: device === 'pixel3' && q === 0.5 && cname === 'hard',
        });
      }
    }
  }
  const macro = loadNasBenchMacro();
  const macc = Float64Array.from({ length: macro.rows }, (_, r) => macro.accuracy(macro.archAt(r)));
  for (const metric of ['flops', 'params'] as const) {
    const cost = Float64Array.from(
      { length: macro.rows },
      (_, r) => (metric === 'flops' ? macro.flops(macro.archAt(r)) : macro.params(macro.archAt(r))) / 1e6,
    );
    const sorted = [...cost].sort((a, b) => a - b);
    for (const q of [0.25, 0.5, 0.75]) {
      const target = quantile(sorted, q);
      for (const [cname, c] of [
        ['soft', SOFT_CONSTRAINT],
        ['hard', HARD_CONSTRAINT],
      ] as const) {
        const reward = Float64Array.from(macc, (a, r) =>
          mnasReward({ accuracy: a, latencyMs: cost[r] as number }, { targetMs: target, ...c }),
        );
        out.push({
          id: `macro ${metric} q${q * 100} (${target.toPrecision(3)}M) ${cname}`,
          space: macro.space,
          base: 3,
          reward,
          cost,
          tuned: metric === 'flops' && q === 0.5 && cname === 'hard',
        });
      }
    }
  }
  return out;
}

const rowOf = (s: Setting, tokens: readonly number[]): number => tokens.reduce((row, x) => row * s.base + x, 0);

/** The free features of a cell: log cost and whether the cost is known. */
function costFeatures(s: Setting): (tokens: readonly number[]) => number[] {
  return (tokens) => {
    const c = s.cost[rowOf(s, tokens)] as number;
    return Number.isFinite(c) ? [Math.log(c), 1] : [0, 0];
  };
}

function controller(name: string, s: Setting, seed: number): Controller {
  const space = s.space;
  if (name === 'surrogate')
    return new SurrogateController(space, { seed, ...(FEATURES === 'cost' ? { features: costFeatures(s) } : {}), ...SURROGATE });
  if (name === 'random') return new RandomController(space, { seed });
  if (name === 'evolution') return new EvolutionController(space, { seed });
  if (name === 'reinforce') return new ReinforceController(space, { seed });
  if (name === 'ppo') return new PpoController(space, { seed });
  throw new Error(`--controllers: unknown ${name}`);
}

function run(s: Setting, name: string, seed: number): number[] {
  const c = controller(name, s, seed);
  let best = -Infinity;
  const out: number[] = [];
  for (let t = 1; t <= MAX; t++) {
    const p = c.ask();
    const r = s.reward[rowOf(s, p.tokens)] as number;
    if (Number.isFinite(r)) {
      c.tell(p.id, { reward: r });
      best = Math.max(best, r);
    } else c.tell(p.id, { failed: 'no cost recorded for this cell' });
    if (BUDGETS.includes(t)) out.push(best);
  }
  c.dispose?.();
  return out;
}

type Results = Record<string, { tuned: boolean; runs: Record<string, number[][]> }>;

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const se = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
};
function z(a: readonly number[], b: readonly number[]): number {
  const d = mean(a) - mean(b);
  const s = Math.sqrt(se(a) ** 2 + se(b) ** 2);
  return s === 0 ? (d === 0 ? 0 : Math.sign(d) * Infinity) : d / s;
}

function render(results: Results, seeds: number): string[] {
  const at = (b: number): number => BUDGETS.indexOf(b);
  const lines: string[] = [];
  const policy = CONTROLLERS.filter((c) => c !== 'random' && c !== 'evolution');
  const others = CONTROLLERS.filter((c) => c !== 'random');
  for (const c of others) {
    lines.push(`### ${c}`, '', '| setting | z against random at 300 | z against evolution at 1000 |', '|---|---:|---:|');
    for (const [id, r] of Object.entries(results)) {
      const col = (k: number) => (r.runs[c] as number[][]).map((x) => x[k] as number);
      const vsRandom = z(
        col(at(300)),
        (r.runs['random'] as number[][]).map((x) => x[at(300)] as number),
      );
      const vsEvo =
        c === 'evolution'
          ? ''
          : z(
              col(at(1000)),
              (r.runs['evolution'] as number[][]).map((x) => x[at(1000)] as number),
            ).toFixed(2);
      const mark = (v: number) => (v <= -1 ? `**${v.toFixed(2)}**` : v.toFixed(2));
      lines.push(`| ${id}${r.tuned ? ' (tuned)' : ''} | ${mark(vsRandom)} | ${vsEvo} |`);
    }
    lines.push('');
  }
  lines.push(
    `Summary over the ${Object.keys(results).length} settings (${seeds} seeds each): z against random at 300 (goal: above -1 on every setting, mean at least 2) and against evolution at 1,000 (goal: mean above -1).`,
    '',
    '| controller | settings with z < -1 vs random at 300 | worst z vs random | mean z vs random (held out) | mean z vs evolution at 1000 (held out) |',
    '|---|---:|---:|---:|---:|',
  );
  for (const c of others) {
    const vsR: number[] = [];
    const vsE: number[] = [];
    const heldR: number[] = [];
    const heldE: number[] = [];
    for (const r of Object.values(results)) {
      const col = (name: string, k: number) => (r.runs[name] as number[][]).map((x) => x[k] as number);
      const zr = z(col(c, at(300)), col('random', at(300)));
      vsR.push(zr);
      if (!r.tuned) heldR.push(zr);
      if (c !== 'evolution') {
        const ze = z(col(c, at(1000)), col('evolution', at(1000)));
        vsE.push(ze);
        if (!r.tuned) heldE.push(ze);
      }
    }
    const finite = (xs: number[]) => xs.map((x) => Math.max(-20, Math.min(20, x)));
    lines.push(
      `| ${c} | ${vsR.filter((v) => v < -1).length} of ${vsR.length} | ${Math.min(...vsR).toFixed(2)} | ${mean(finite(vsR)).toFixed(2)} (${mean(finite(heldR)).toFixed(2)}) | ${c === 'evolution' ? '' : `${mean(finite(vsE)).toFixed(2)} (${mean(finite(heldE)).toFixed(2)})`} |`,
    );
  }
  void policy;
  return lines;
}

/**
 * Reads result files that may hold different budgets and controllers (the
 * grid's 100/300/1000 run beside the surrogate's 25/50/100/300) into one
 * table over `--budgets` and `--controllers`. A column two files both hold
 * must agree value for value (the runs are deterministic per seed).
 */
function mergeResults(files: readonly string[]): Results {
  const columns = new Map<string, { file: string; values: number[] }>();
  const tuned = new Map<string, boolean>();
  for (const file of files) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { seeds: number; budgets: number[]; results: Results };
    if (data.seeds !== SEEDS) throw new Error(`--merge: ${file} has ${data.seeds} seeds, --seeds is ${SEEDS}`);
    for (const [id, r] of Object.entries(data.results)) {
      tuned.set(id, r.tuned);
      for (const [c, runs] of Object.entries(r.runs)) {
        data.budgets.forEach((b, k) => {
          const key = `${id} | ${c} | ${b}`;
          const values = runs.map((x) => x[k] as number);
          const seen = columns.get(key);
          if (seen?.values.some((v, s) => v !== values[s]))
            throw new Error(`--merge: ${seen.file} and ${file} disagree on ${c} at ${b} trials in ${id}`);
          columns.set(key, { file, values });
        });
      }
    }
  }
  const merged: Results = {};
  for (const [id, isTuned] of tuned) {
    const runs: Record<string, number[][]> = {};
    for (const c of CONTROLLERS) {
      const cols = BUDGETS.map((b) => {
        const col = columns.get(`${id} | ${c} | ${b}`);
        if (col === undefined) throw new Error(`--merge: no file holds ${c} at ${b} trials in ${id}`);
        return col.values;
      });
      runs[c] = Array.from({ length: SEEDS }, (_, s) => cols.map((col) => col[s] as number));
    }
    merged[id] = { tuned: isTuned, runs };
  }
  return merged;
}

const started = new Date().toISOString();
const load0 = loadavg()[0] as number;
let results: Results = {};
if (opts.merge !== undefined) {
  results = mergeResults(opts.merge);
} else {
  const all = settings();
  const file = opts.results ?? '';
  for (const [i, s] of all.entries()) {
    if (i % shards !== shard || !ONLY.test(s.id)) continue;
    const t0 = performance.now();
    const runs: Record<string, number[][]> = {};
    for (const c of CONTROLLERS) runs[c] = Array.from({ length: SEEDS }, (_, k) => run(s, c, FIRST_SEED + k));
    results[s.id] = { tuned: s.tuned, runs };
    process.stderr.write(`${s.id}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    // After every setting, so that a run cut short keeps what it finished.
    if (file !== '') writeFileSync(file, JSON.stringify({ started, seeds: SEEDS, budgets: BUDGETS, results }));
  }
}
// Settings in grid order, whatever the shards.
const order = settings().map((s) => s.id);
results = Object.fromEntries(order.filter((id) => results[id] !== undefined).map((id) => [id, results[id] as Results[string]]));
const header = [
  `Command: \`npm run bench:search-grid -- ${recordedArgs()}\` (rendered ${started}; ${cpus().length} CPU cores, Node ${process.version}, load average ${load0.toFixed(1)}). ${SEEDS} seeds (${FIRST_SEED}..${FIRST_SEED + SEEDS - 1}) per controller and setting; budgets ${BUDGETS.join(', ')}. A z of -1 or below (bold) is a setting where the controller does significantly worse.`,
  '',
];
const text = [
  ...header,
  ...(CONTROLLERS.includes('surrogate') ? renderSurrogate(results, BUDGETS, CONTROLLERS, SEEDS) : render(results, SEEDS)),
];

process.stdout.write(`${text.join('\n')}\n`);
if (opts.out !== undefined) writeBetweenMarkers(opts.out, CONTROLLERS.includes('surrogate') ? 'grid-surrogate' : 'grid', text);

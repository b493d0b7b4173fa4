/**
 * Search-quality benchmark of the controllers on tabular benchmarks.
 *
 *   npm run bench:search -- --device pixel3 --target-ms 10 --constraint hard
 *
 * For every controller and benchmark (NAS-Bench-201 + HW-NAS-Bench latency
 * with the MnasNet reward; NAS-Bench-Macro with the MnasNet reward over
 * accuracy and FLOPs or params) it runs one search of the largest budget per
 * seed, reads the best-so-far at every smaller budget from the same run, and
 * reports mean +- standard error of the best reward, the regret to the true
 * optimum (enumeration), the best accuracy within the constraint, and the
 * controller's own time per trial. It also times every controller on
 * mnasnetSpace() (42 decisions). Writes docs/benchmarks.md unless --no-write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  EvolutionController,
  HARD_CONSTRAINT,
  PpoController,
  RandomController,
  ReinforceController,
  Rng,
  SOFT_CONSTRAINT,
  SurrogateController,
  loadNasBench201,
  loadNasBenchMacro,
  mnasReward,
  mnasnetSpace,
  type Controller,
  type HasDecisions,
  type Nb201Dataset,
  type Nb201Device,
} from 'mnas-ts';
import { renderReport, type BenchResult, type Table } from './search-report.js';
import { benchCommand } from './args.js';

const program = benchCommand('search', 'Search quality of the controllers on NAS-Bench-201 and NAS-Bench-Macro')
  .option('--device <device>', 'HW-NAS-Bench device for NB201', 'pixel3')
  .option('--target-ms <ms>', 'latency target on the device', '10')
  .option('--constraint <kind>', 'hard (alpha 0, beta -1) or soft (alpha = beta = -0.07)', 'hard')
  .option('--dataset <name>', 'NB201 dataset', 'cifar10')
  .option('--macro-cost <metric>', 'NAS-Bench-Macro cost: flops or params', 'flops')
  .option('--macro-target <millions>', 'NAS-Bench-Macro target, in millions of FLOPs or params', '60')
  .option('--seeds <n>', 'independent runs per controller and benchmark', '30')
  .option(
    '--first-seed <n>',
    'seed of the first run (the runs use first-seed .. first-seed + seeds - 1); change it to check a setting on seeds it was not chosen on',
    '0',
  )
  .option('--budgets <list>', 'comma-separated budgets; one run of the largest per seed', '100,300,1000')
  .option('--controllers <list>', 'comma-separated subset of random,evolution,reinforce,ppo,surrogate', 'random,evolution,reinforce,ppo')
  .option(
    '--surrogate-features <kind>',
    "the surrogate's free features: cost (log of the benchmark's latency, FLOPs or params, known from the table before training) or none",
    'cost',
  )
  .option('--benchmarks <list>', 'comma-separated subset of nb201,macro', 'nb201,macro')
  .option('--set <json>', 'controller option overrides, e.g. {"ppo":{"learningRate":0.01}}', '{}')
  .option('--timing-trials <n>', 'trials for the 42-decision timing', '300')
  .option('--results-out <file>', 'also save the raw results as JSON (to merge runs made in parallel)')
  .option(
    '--merge <files>',
    'comma-separated results JSON files to render together instead of running (runs of the same benchmark pool; give --seeds and --first-seed of the whole)',
  )
  .option('--no-write', 'print only; do not write docs/benchmarks.md');
program.parse();
const o = program.opts<Record<string, string | boolean>>();

const constraint = o.constraint === 'soft' ? SOFT_CONSTRAINT : HARD_CONSTRAINT;
const budgets = String(o.budgets).split(',').map(Number);
const maxBudget = Math.max(...budgets);
const seeds = Number(o.seeds);
const firstSeed = Number(o.firstSeed);
if (!Number.isSafeInteger(firstSeed) || firstSeed < 0)
  throw new Error(`--first-seed: expected an integer >= 0, received ${String(o.firstSeed)}`);
const overrides = JSON.parse(String(o.set)) as Record<string, Record<string, unknown>>;
const names = String(o.controllers).split(',');

function makeController(name: string, space: HasDecisions, seed: number, cost?: (tokens: readonly number[]) => number): Controller {
  const extra = overrides[name] ?? {};
  if (name === 'surrogate') {
    const features =
      cost !== undefined && o.surrogateFeatures === 'cost' ? { features: (t: readonly number[]) => [Math.log(cost(t))] } : {};
    return new SurrogateController(space, { seed, ...features, ...extra });
  }
  if (name === 'random') return new RandomController(space, { seed, ...extra });
  if (name === 'evolution') return new EvolutionController(space, { seed, ...extra });
  if (name === 'reinforce') return new ReinforceController(space, { seed, ...extra });
  if (name === 'ppo') return new PpoController(space, { seed, ...extra });
  throw new Error(`unknown controller ${name}`);
}

/** A benchmark reduced to what the loop needs: per-row reward, accuracy and feasibility. */
interface Problem {
  readonly title: string;
  readonly space: HasDecisions;
  readonly rowOf: (tokens: readonly number[]) => number;
  readonly reward: Float64Array;
  readonly accuracy: Float64Array;
  readonly feasible: Uint8Array;
  /** The cost of each row (latency ms, FLOPs or params in millions). */
  readonly cost: Float64Array;
}

function nb201Problem(): Problem {
  const nb = loadNasBench201();
  const device = String(o.device) as Nb201Device;
  const targetMs = Number(o.targetMs);
  const dataset = String(o.dataset) as Nb201Dataset;
  if (!nb.coversAll(device)) throw new Error(`device ${device} does not cover every NB201 cell; pick pixel3, raspi4, fpga or eyeriss`);
  const reward = new Float64Array(nb.rows);
  const accuracy = new Float64Array(nb.rows);
  const feasible = new Uint8Array(nb.rows);
  const cost = new Float64Array(nb.rows);
  for (let row = 0; row < nb.rows; row++) {
    const cell = nb.cellAt(row);
    const latencyMs = nb.latencyMs(cell, device) as number;
    cost[row] = latencyMs;
    accuracy[row] = nb.accuracy(cell, dataset);
    reward[row] = mnasReward({ accuracy: accuracy[row] as number, latencyMs }, { targetMs, ...constraint });
    feasible[row] = latencyMs <= targetMs ? 1 : 0;
  }
  const title = `NAS-Bench-201 ${dataset} test accuracy, ${device} latency, target ${targetMs} ms, ${String(o.constraint)} constraint`;
  return { title, space: nb.space, rowOf: (t) => t.reduce((r, x) => r * 5 + x, 0), reward, accuracy, feasible, cost };
}

function macroProblem(): Problem {
  const macro = loadNasBenchMacro();
  const metric = String(o.macroCost) === 'params' ? 'params' : 'flops';
  const target = Number(o.macroTarget);
  const reward = new Float64Array(macro.rows);
  const accuracy = new Float64Array(macro.rows);
  const feasible = new Uint8Array(macro.rows);
  const costs = new Float64Array(macro.rows);
  for (let row = 0; row < macro.rows; row++) {
    const arch = macro.archAt(row);
    const cost = (metric === 'params' ? macro.params(arch) : macro.flops(arch)) / 1e6;
    costs[row] = cost;
    accuracy[row] = macro.accuracy(arch);
    // The MnasNet reward form with the cost (in millions) in place of the latency.
    reward[row] = mnasReward({ accuracy: accuracy[row] as number, latencyMs: cost }, { targetMs: target, ...constraint });
    feasible[row] = cost <= target ? 1 : 0;
  }
  const title = `NAS-Bench-Macro CIFAR-10 mean accuracy, ${metric} target ${target}M, ${String(o.constraint)} constraint`;
  return { title, space: macro.space, rowOf: (t) => t.reduce((r, x) => r * 3 + x, 0), reward, accuracy, feasible, cost: costs };
}

/** One search; best-so-far reward and feasible accuracy at every budget, and controller ms per trial. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function runOnce(p: Problem, name: string, seed: number): { best: number[]; bestAcc: number[]; ms: number; cpuMs: number } {
  const c = makeController(name, p.space, seed, (t) => p.cost[p.rowOf(t)] as number);
  const best: number[] = [];
  const bestAcc: number[] = [];
  let b = -Infinity;
  let acc = 0;
  let ms = 0;
  let cpu = 0;
  for (let trial = 1; trial <= maxBudget; trial++) {
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    const proposal = c.ask();
    cpu += cpuMs(u0);
    ms += performance.now() - t0;
    const row = p.rowOf(proposal.tokens);
    const r = p.reward[row] as number;
    if (r > b) b = r;
    if (p.feasible[row] === 1 && (p.accuracy[row] as number) > acc) acc = p.accuracy[row] as number;
    const t1 = performance.now();
    const u1 = process.cpuUsage();
    c.tell(proposal.id, { reward: r });
    cpu += cpuMs(u1);
    ms += performance.now() - t1;
    if (budgets.includes(trial)) {
      best.push(b);
      bestAcc.push(acc);
    }
  }
  c.dispose?.();
  return { best, bestAcc, ms: ms / maxBudget, cpuMs: cpu / maxBudget };
}

function optimum(p: Problem): { reward: number; accuracy: number } {
  let reward = -Infinity;
  let accuracy = 0;
  p.reward.forEach((r, i) => {
    reward = Math.max(reward, r);
    if (p.feasible[i] === 1) accuracy = Math.max(accuracy, p.accuracy[i] as number);
  });
  return { reward, accuracy };
}

function benchmark(p: Problem): Table {
  const opt = optimum(p);
  const results: BenchResult[] = [];
  for (const name of names) {
    const runs = [];
    const t0 = performance.now();
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) runs.push(runOnce(p, name, seed));
    results.push({ name, runs });
    process.stderr.write(`${p.title}: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  return { title: p.title, optimum: opt, budgets, results };
}

/** Timing variants on mnasnetSpace(): every selected controller with the run's options, plus cheaper PPO settings. */
function timingVariants(): { label: string; name: string; extra: Record<string, unknown> }[] {
  const list = names.map((name) => ({ label: name, name, extra: overrides[name] ?? {} }));
  if (names.includes('ppo')) {
    const base = overrides.ppo ?? {};
    list.push({ label: 'ppo, epochs 1, minibatches 2', name: 'ppo', extra: { ...base, epochs: 1, minibatches: 2 } });
    list.push({ label: 'ppo, hiddenSize 64', name: 'ppo', extra: { ...base, hiddenSize: 64 } });
  }
  return list;
}

function timing42(): { name: string; ms: number; cpuMs: number }[] {
  const space = mnasnetSpace();
  const trials = Number(o.timingTrials);
  return timingVariants().map(({ label, name, extra }) => {
    const saved = overrides[name];
    overrides[name] = extra;
    const c = makeController(name, space, 1);
    overrides[name] = saved ?? {};
    const rng = new Rng(1);
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    for (let i = 0; i < trials; i++) {
      const p = c.ask();
      c.tell(p.id, { reward: rng.next() });
    }
    const cpu = cpuMs(u0) / trials;
    const ms = (performance.now() - t0) / trials;
    c.dispose?.();
    process.stderr.write(
      `mnasnetSpace timing: ${label} ${ms.toFixed(2)} ms/trial wall, ${cpu.toFixed(2)} ms CPU (load ${loadavg()[0]?.toFixed(1)})\n`,
    );
    return { name: label, ms, cpuMs: cpu };
  });
}

interface Saved {
  readonly command: string;
  readonly started: string;
  readonly tables: Table[];
  readonly timings: { name: string; ms: number; cpuMs: number }[];
  readonly load: number[];
}

function runAll(): Saved {
  const started = new Date().toISOString();
  const tables: Table[] = [];
  const which = String(o.benchmarks).split(',');
  if (which.includes('nb201')) tables.push(benchmark(nb201Problem()));
  if (which.includes('macro')) tables.push(benchmark(macroProblem()));
  const timings = Number(o.timingTrials) > 0 ? timing42() : [];
  const command = `npm run bench:search -- ${process.argv.slice(2).join(' ')}`.trim();
  return { command, started, tables, timings, load: loadavg() };
}

/**
 * Tables of the same benchmark (same title and budgets) from several files
 * become one, each controller's runs concatenated: runs made in parallel on
 * different seed ranges (`--first-seed`) pool into one larger sample.
 */
function poolTables(tables: readonly Table[]): Table[] {
  const out: Table[] = [];
  for (const t of tables) {
    const i = out.findIndex((u) => u.title === t.title && u.budgets.join() === t.budgets.join());
    const same = out[i];
    if (same === undefined) {
      out.push(t);
      continue;
    }
    const names = [...new Set([...same.results, ...t.results].map((r) => r.name))];
    const results = names.map((name) => ({
      name,
      runs: [...(same.results.find((r) => r.name === name)?.runs ?? []), ...(t.results.find((r) => r.name === name)?.runs ?? [])],
    }));
    out[i] = { ...same, results };
  }
  return out;
}

const runs: Saved[] =
  typeof o.merge === 'string' ? o.merge.split(',').map((f) => JSON.parse(readFileSync(f, 'utf8')) as Saved) : [runAll()];
if (typeof o.resultsOut === 'string') writeFileSync(o.resultsOut, JSON.stringify(runs[0]));
const report = renderReport({
  command:
    runs.map((r) => r.command).join('` and `') +
    (typeof o.merge === 'string' ? `\`, pooled and rendered by \`npm run bench:search -- ${process.argv.slice(2).join(' ')}` : ''),
  started: new Date(runs[0]?.started ?? Date.now()),
  seeds,
  firstSeed,
  tables: poolTables(runs.flatMap((r) => r.tables)),
  timings: runs.flatMap((r) => r.timings),
  overrides,
  decisions: mnasnetSpace().decisions.length,
  load: runs.flatMap((r) => (r.timings.length > 0 ? r.load : [])),
});
console.log(report);
if (o.write !== false) {
  writeFileSync(join(import.meta.dirname, '..', 'docs', 'benchmarks.md'), report);
  process.stderr.write('wrote docs/benchmarks.md\n');
}

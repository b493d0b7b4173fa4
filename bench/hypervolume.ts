/**
 * `npm run bench:hypervolume`: how well each controller covers the Pareto
 * front of accuracy against latency, on NAS-Bench-201 (CIFAR-10 test
 * accuracy) with every HW-NAS-Bench device.
 *
 * Controllers: NSGA-II told the objective vector (accuracy, latency),
 * random search, and PPO on the MnasNet soft reward with the target at the
 * device's median latency (the single-objective way to a trade-off). A cell
 * that a device has no latency for (edgegpu, edgetpu) is told as failed, as
 * a search whose measurement fails.
 *
 * Per run, the hypervolume of the front of the trials so far, at each
 * budget, as a share of the true front's (all 15,625 cells enumerated). The
 * reference point is the 25% quantile of the table's accuracies and the 75%
 * quantile of the device's latencies, so the volume measures the region of
 * good and fast cells, not the distance from accuracy 0.
 *
 * Flags: --seeds 30  --budgets 300,1000  --devices pixel3,raspi4,fpga,eyeriss,edgegpu,edgetpu
 *        --controllers nsga2,random,ppo  --out docs/benchmarks.md (between <!-- bench:hypervolume --> markers)
 */
import { cpus, loadavg } from 'node:os';
import { NsgaIIController, PpoController, RandomController, type Controller } from 'mnas-ts/controller';
import { NB201_DEVICES, type Nb201Device, loadNasBench201 } from 'mnas-ts/evaluate';
import { quantile } from 'mnas-ts/measure';
import { SOFT_CONSTRAINT, hypervolume, mnasReward, paretoFront, type Direction } from 'mnas-ts/reward';
import { writeBetweenMarkers } from './page-markers.js';
import { benchCommand, integer, list, numbers, recordedArgs } from './args.js';

const opts = benchCommand(
  'hypervolume',
  'Pareto-front coverage of NSGA-II, random search and PPO on NAS-Bench-201 with every HW-NAS-Bench device',
)
  .option('--seeds <n>', 'seeds per controller and device', integer(1), 30)
  .option('--budgets <list>', 'trial counts at which the hypervolume is read', numbers, [300, 1000])
  .option('--devices <list>', 'HW-NAS-Bench devices', list, [...NB201_DEVICES])
  .option('--controllers <list>', 'nsga2, random, ppo', list, ['nsga2', 'random', 'ppo'])
  .option('--out <page>', 'docs page to write between <!-- bench:hypervolume --> markers')
  .parse()
  .opts<{ seeds: number; budgets: number[]; devices: string[]; controllers: string[]; out?: string }>();
const SEEDS = opts.seeds;
const BUDGETS = opts.budgets;
const DEVICES = opts.devices as Nb201Device[];
const CONTROLLERS = opts.controllers;
const MAX = Math.max(...BUDGETS);
const DIRS: Direction[] = ['maximize', 'minimize'];

const nb = loadNasBench201();
const accuracy = Float64Array.from({ length: nb.rows }, (_, r) => nb.accuracy(nb.cellAt(r), 'cifar10'));

interface Device {
  readonly name: Nb201Device;
  readonly latency: Float64Array; // NaN where not measured
  readonly target: number;
  readonly reference: [number, number];
  readonly trueHv: number;
  readonly covered: number;
}

function device(name: Nb201Device): Device {
  const latency = Float64Array.from({ length: nb.rows }, (_, r) => nb.latencyMs(nb.cellAt(r), name) ?? Number.NaN);
  const rows = [...latency.keys()].filter((r) => Number.isFinite(latency[r]));
  const lats = rows.map((r) => latency[r] as number).sort((a, b) => a - b);
  const accs = rows.map((r) => accuracy[r] as number).sort((a, b) => a - b);
  const reference: [number, number] = [quantile(accs, 0.25), quantile(lats, 0.75)];
  const points = rows.map((r) => [accuracy[r] as number, latency[r] as number]);
  const front = paretoFront(points, DIRS).map((i) => points[i] as number[]);
  return { name, latency, target: quantile(lats, 0.5), reference, trueHv: hypervolume(front, reference, DIRS), covered: rows.length };
}

function controller(name: string, seed: number): Controller {
  if (name === 'nsga2') return new NsgaIIController(nb.space, { seed, directions: DIRS });
  if (name === 'random') return new RandomController(nb.space, { seed });
  if (name === 'ppo') return new PpoController(nb.space, { seed });
  throw new Error(`--controllers: unknown ${name} (nsga2, random, ppo)`);
}

/** Hypervolume share of the front of the trials so far, at each budget. */
function run(d: Device, name: string, seed: number): number[] {
  const c = controller(name, seed);
  const seen: number[][] = [];
  const out: number[] = [];
  for (let trial = 1; trial <= MAX; trial++) {
    const p = c.ask();
    const row = p.tokens.reduce((r, x) => r * 5 + x, 0);
    const lat = d.latency[row] as number;
    if (!Number.isFinite(lat)) c.tell(p.id, { failed: `${d.name} has no latency for this cell` });
    else {
      const acc = accuracy[row] as number;
      seen.push([acc, lat]);
      const reward = mnasReward({ accuracy: acc, latencyMs: lat }, { targetMs: d.target, ...SOFT_CONSTRAINT });
      c.tell(p.id, name === 'nsga2' ? { reward, objectives: [acc, lat], violation: 0 } : { reward });
    }
    if (BUDGETS.includes(trial)) {
      const front = seen.length === 0 ? [] : paretoFront(seen, DIRS).map((i) => seen[i] as number[]);
      out.push(hypervolume(front, d.reference, DIRS) / d.trueHv);
    }
  }
  c.dispose?.();
  return out;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const se = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
};
const z = (a: readonly number[], b: readonly number[]): number => (mean(a) - mean(b)) / Math.sqrt(se(a) ** 2 + se(b) ** 2 || 1e-300);

const started = new Date().toISOString();
const load0 = loadavg()[0] as number;
const lines: string[] = [];
const summary: Record<string, number[][]> = {};
for (const name of DEVICES) {
  const d = device(name);
  const results: Record<string, number[][]> = {};
  for (const c of CONTROLLERS) {
    const t0 = performance.now();
    results[c] = Array.from({ length: SEEDS }, (_, s) => run(d, c, s));
    process.stderr.write(`${name} ${c}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  lines.push(
    `### ${name}: ${d.covered} cells with a latency; reference point accuracy ${(100 * d.reference[0]).toFixed(2)}%, latency ${d.reference[1].toFixed(3)} ms; PPO's soft target ${d.target.toFixed(3)} ms`,
    '',
    `| controller | budget | hypervolume / true front's (mean ± SE) | z against random | z against PPO (soft reward) |`,
    '|---|---:|---:|---:|---:|',
  );
  for (const c of CONTROLLERS) {
    BUDGETS.forEach((b, k) => {
      const xs = (results[c] as number[][]).map((r) => r[k] as number);
      const key = `${c}@${b}`;
      summary[key] = [...(summary[key] ?? []), xs];
      const vs = (other: string): string =>
        other === c || results[other] === undefined
          ? ''
          : z(
              xs,
              (results[other] as number[][]).map((r) => r[k] as number),
            ).toFixed(2);
      lines.push(`| ${c} | ${b} | ${mean(xs).toFixed(4)} ± ${se(xs).toFixed(4)} | ${vs('random')} | ${vs('ppo')} |`);
    });
  }
  lines.push('');
}
lines.push(
  'Mean hypervolume share across the devices (each device weighs the same):',
  '',
  '| controller | budget | mean over devices |',
  '|---|---:|---:|',
);
for (const [key, perDevice] of Object.entries(summary)) {
  const [c, b] = key.split('@');
  lines.push(`| ${c} | ${b} | ${mean(perDevice.map(mean)).toFixed(4)} |`);
}
const command = `npm run bench:hypervolume -- ${recordedArgs()}`.trim();
const header = [
  `Command: \`${command}\`. Run ${started} on ${cpus().length} CPU cores, Node ${process.version}, load average ${load0.toFixed(1)} at the start and ${(loadavg()[0] as number).toFixed(1)} at the end; ${SEEDS} seeds (0..${SEEDS - 1}) per controller and device.`,
  '',
];
process.stdout.write(`${[...header, ...lines].join('\n')}\n`);
if (opts.out !== undefined) writeBetweenMarkers(opts.out, 'hypervolume', [...header, ...lines]);

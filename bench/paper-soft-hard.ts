/**
 * `npm run bench:paper-soft-hard`: the paper's Figure 6 on shipped data.
 * Which latencies does a search explore under the soft constraint
 * (alpha = beta = -0.07) and under the hard one (alpha = 0, beta = -1)?
 *
 * NAS-Bench-201 (CIFAR-10 test accuracy) with a HW-NAS-Bench device's
 * latency, the target at the device's median latency; PPO (the paper's
 * controller, our defaults), `--trials` per run, `--seeds` runs per
 * constraint. Per constraint: quantiles of the latencies of the trials in
 * the second half of each run (after the policy has learned), the share of
 * them within the target and within 0.8-1.0 x the target, and the best
 * accuracy within the target.
 *
 * Flags: --device pixel3  --trials 1000  --seeds 10  --out docs/paper.md (between <!-- bench:soft-hard --> markers)
 *
 * With `--journals soft.jsonl,hard.jsonl --target-ms T` the same figures come
 * from the journals of two real searches instead (`mnas-ts search --reward
 * soft` and `--reward hard --target-ms T`, e.g. with proxy training), one run
 * each, T being the hard search's target; written between <!-- bench:soft-hard-search --> markers.
 */
import { cpus, loadavg } from 'node:os';
import { basename, dirname } from 'node:path';
import { PpoController } from 'mnas-ts/controller';
import { type Nb201Device, loadNasBench201 } from 'mnas-ts/evaluate';
import { quantile } from 'mnas-ts/measure';
import { HARD_CONSTRAINT, SOFT_CONSTRAINT, mnasReward } from 'mnas-ts/reward';
import { readJournal } from 'mnas-ts/search';
import { writeBetweenMarkers } from './page-markers.js';
import { benchCommand, finite, integer, list, recordedArgs } from './args.js';

const opts = benchCommand('paper-soft-hard', "The soft and the hard reward's latency spread, on NAS-Bench-201 or from two search journals")
  .option('--device <name>', 'HW-NAS-Bench device with a latency for every cell', 'pixel3')
  .option('--trials <n>', 'trials per search', integer(1), 1000)
  .option('--seeds <n>', 'seeds per constraint', integer(1), 10)
  .option('--journals <list>', 'journals of a soft and a hard search (instead of NAS-Bench-201)', list)
  .option('--target-ms <ms>', 'the target of the hard search, required with --journals', finite)
  .option('--out <page>', 'docs page to write between <!-- bench:soft-hard --> (or soft-hard-search) markers')
  .parse()
  .opts<{ device: string; trials: number; seeds: number; journals?: string[]; targetMs?: number; out?: string }>();

/** Latencies as multiples of `target`: quantiles, the share within T and within (0.8T, T]. */
function spreadCells(latencies: readonly number[], target: number): string[] {
  const share = (f: (x: number) => boolean): string => `${((100 * latencies.filter(f).length) / latencies.length).toFixed(0)}%`;
  const q = (p: number): string => (quantile(latencies, p) / target).toFixed(2);
  return [q(0.1), q(0.25), q(0.5), q(0.75), q(0.9), share((x) => x <= target), share((x) => x > 0.8 * target && x <= target)];
}

/** The figures from the journals of two real searches, one soft and one hard. */
async function fromJournals(paths: readonly string[]): Promise<string[]> {
  const target = opts.targetMs ?? Number.NaN;
  if (!(target > 0)) throw new Error('--target-ms T: the target of the hard search (ms) is required with --journals');
  const rows: string[] = [];
  for (const path of paths) {
    const j = await readJournal(path);
    const ok = j.trials.filter((t) => t.status === 'ok' && t.latencyMs !== undefined && t.accuracy !== undefined);
    const late = ok.filter((t) => t.index >= j.trials.length / 2);
    const best = Math.max(...ok.filter((t) => (t.latencyMs as number) <= target).map((t) => t.accuracy as number));
    const cells = spreadCells(
      late.map((t) => t.latencyMs as number),
      target,
    );
    rows.push(
      `| ${j.header.reward} (${basename(dirname(path))}/${basename(path)}) | ${j.trials.length} | ${cells.join(' | ')} | ${(100 * best).toFixed(1)} |`,
    );
  }
  return [
    `Command: \`npm run bench:paper-soft-hard -- ${recordedArgs()}\`. Rendered ${new Date().toISOString()}. Latencies of the trials in the second half of each search, as multiples of T = ${target} ms; best proxy accuracy (the search's own estimate) among all its trials within T.`,
    '',
    '| search | trials | p10 | p25 | median | p75 | p90 | within T | in (0.8T, T] | best proxy accuracy within T, % |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ];
}

function tabular(): string[] {
  const DEVICE = opts.device as Nb201Device;
  const TRIALS = opts.trials;
  const SEEDS = opts.seeds;

  const nb = loadNasBench201();
  if (!nb.coversAll(DEVICE)) throw new Error(`--device ${DEVICE}: pick one with a latency for every cell (pixel3, raspi4, fpga, eyeriss)`);
  const latency = Float64Array.from({ length: nb.rows }, (_, r) => nb.latencyMs(nb.cellAt(r), DEVICE) as number);
  const accuracy = Float64Array.from({ length: nb.rows }, (_, r) => nb.accuracy(nb.cellAt(r), 'cifar10'));
  const sorted = [...latency].sort((a, b) => a - b);
  const target = quantile(sorted, 0.5);

  interface Explored {
    readonly latencies: number[];
    readonly bestWithin: number[];
  }

  function explore(constraint: typeof SOFT_CONSTRAINT): Explored {
    const latencies: number[] = [];
    const bestWithin: number[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const c = new PpoController(nb.space, { seed });
      let best = 0;
      for (let t = 0; t < TRIALS; t++) {
        const p = c.ask();
        const row = p.tokens.reduce((r, x) => r * 5 + x, 0);
        const [acc, lat] = [accuracy[row] as number, latency[row] as number];
        c.tell(p.id, { reward: mnasReward({ accuracy: acc, latencyMs: lat }, { targetMs: target, ...constraint }) });
        if (t >= TRIALS / 2) latencies.push(lat);
        if (lat <= target) best = Math.max(best, acc);
      }
      c.dispose?.();
      bestWithin.push(best);
      process.stderr.write('.');
    }
    return { latencies, bestWithin };
  }

  const started = new Date().toISOString();
  const load0 = loadavg()[0] as number;
  const rows: string[] = [];
  const line = (name: string, e: Explored): string => {
    const mean = e.bestWithin.reduce((a, b) => a + b, 0) / e.bestWithin.length;
    return `| ${name} | ${spreadCells(e.latencies, target).join(' | ')} | ${(100 * mean).toFixed(2)} |`;
  };
  const table = (ls: readonly number[]): string => {
    const l = [...ls].sort((a, b) => a - b);
    return `| all ${nb.rows} cells (for scale) | ${(quantile(l, 0.1) / target).toFixed(2)} | ${(quantile(l, 0.25) / target).toFixed(2)} | 1.00 | ${(quantile(l, 0.75) / target).toFixed(2)} | ${(quantile(l, 0.9) / target).toFixed(2)} | 50% | ${((100 * l.filter((x) => x > 0.8 * target && x <= target).length) / l.length).toFixed(0)}% | |`;
  };
  const soft = explore(SOFT_CONSTRAINT);
  const hard = explore(HARD_CONSTRAINT);
  rows.push(
    `Command: \`npm run bench:paper-soft-hard -- ${recordedArgs()}\`. Run ${started} on ${cpus().length} CPU cores, Node ${process.version}, load average ${load0.toFixed(1)}. NAS-Bench-201 CIFAR-10 test accuracy, ${DEVICE} latency, target T = ${target.toFixed(3)} ms (the median cell), PPO (defaults), ${TRIALS} trials x ${SEEDS} seeds per constraint; latencies of the trials in the second half of each run, as multiples of T.`,
    '',
    '| constraint | p10 | p25 | median | p75 | p90 | within T | in (0.8T, T] | best accuracy within T, % (mean over seeds) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    line('soft (alpha = beta = -0.07)', soft),
    line('hard (alpha = 0, beta = -1)', hard),
    table([...latency]),
  );
  process.stderr.write('\n');
  return rows;
}

const rows = opts.journals === undefined ? tabular() : await fromJournals(opts.journals);
process.stdout.write(`${rows.join('\n')}\n`);
if (opts.out !== undefined) writeBetweenMarkers(opts.out, opts.journals === undefined ? 'soft-hard' : 'soft-hard-search', rows);

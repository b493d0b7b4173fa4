/**
 * `npm run bench:scale`: how distributed evaluation scales on this machine.
 *
 * (a) The queue itself: a NAS-Bench-201 search (random controller, table
 *     latency on the coordinator) whose evaluations wait 500 ms and use no
 *     CPU, on 1, 2, 4, 8 and 16 worker processes (`concurrency` = workers),
 *     against the same search in one process with the same waiting
 *     evaluator. Per row: trials per minute, parallel efficiency (trials per
 *     minute over workers x the 1-worker rate), the latency the queue adds to
 *     a trial (its duration in the journal minus the 500 ms), and the
 *     coordinator's CPU per trial.
 * (b) Real proxy training (the CLI default: 64 Adam steps over 2,048 MNIST
 *     digits, on the tfjs WASM backend) with `mnas-ts search --redis` on 1 and
 *     2 `mnas-ts worker --evaluate` processes, against `mnas-ts search` in one
 *     process with concurrency 1 and 2. Latency by MACs (computed on the
 *     coordinator), so only training is distributed. It runs the built command (the package's
 *     `bin`, dist/cli.js), as a user gets it: `npm run build` first.
 *
 * Starts its own redis-server on a free loopback port. Prints the tables;
 * with --out <page>, writes them between <!-- bench:scale --> and <!-- /bench:scale -->.
 *
 * Flags: --workers 1,2,4,8,16  --trials-per-worker 12  --delay-ms 500
 *        --train-trials 12  --ahead 1,2 (trials in flight per worker in (b))  --skip-a  --skip-b  --out docs/distributed.md
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { queueExecutor } from 'mnas-ts/distributed';
import { RandomController, benchmarkLatency, loadNasBench201, readJournal, search, type AccuracyEvaluator, type Nb201Cell } from 'mnas-ts';
import { startRedis } from './redis-server.js';
import { writeBetweenMarkers } from './page-markers.js';
import { benchCommand, integer, numbers, recordedArgs } from './args.js';

const opts = benchCommand(
  'scale',
  'How distributed evaluation scales: the queue itself (a), real proxy training with the mnas-ts command (b)',
)
  .option('--workers <list>', 'worker processes in (a)', numbers, [1, 2, 4, 8, 16])
  .option('--trials-per-worker <n>', 'trials per worker in (a)', integer(1), 12)
  .option('--delay-ms <ms>', 'how long an evaluation of (a) waits', integer(0), 500)
  .option('--train-trials <n>', 'trials of each search in (b)', integer(1), 12)
  .option('--ahead <list>', 'trials in flight per worker in (b)', numbers, [1, 2])
  .option('--skip-a', 'skip (a)')
  .option('--skip-b', 'skip (b), which runs the built command (npm run build first)')
  .option('--out <page>', 'docs page to write between <!-- bench:scale --> markers')
  .parse()
  .opts<{
    workers: number[];
    trialsPerWorker: number;
    delayMs: number;
    trainTrials: number;
    ahead: number[];
    skipA?: boolean;
    skipB?: boolean;
    out?: string;
  }>();
const WORKERS = opts.workers;
const PER_WORKER = opts.trialsPerWorker;
const DELAY_MS = opts.delayMs;
const TRAIN_TRIALS = opts.trainTrials;
/** Trials in flight per worker in (b): above 1, a worker finds its next job waiting while the coordinator tells in proposal order. */
const AHEAD = opts.ahead;
const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'mnas-scale-'));

function waitReady(child: ChildProcess, marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes(marker)) resolve();
    });
    child.stderr?.on('data', (d) => (err += d));
    child.once('exit', (code) => reject(new Error(`a worker exited (${code}) before it was ready: ${err.slice(-2000)}`)));
  });
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.removeAllListeners('exit');
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
}

const bench = loadNasBench201();
const latency = benchmarkLatency(bench, 'pixel3');
const table = bench.evaluator({ dataset: 'cifar10' });
const waiting: AccuracyEvaluator<Nb201Cell> = {
  async evaluate(cell, options) {
    await new Promise((r) => setTimeout(r, DELAY_MS));
    return table.evaluate(cell, options);
  },
};

interface Row {
  readonly label: string;
  readonly workers: number;
  readonly trials: number;
  readonly perMinute: number;
  readonly addedMs: number;
  readonly cpuMsPerTrial: number;
}

async function timedSearch(
  label: string,
  workers: number,
  executor: ReturnType<typeof queueExecutor<Nb201Cell>> | undefined,
): Promise<Row> {
  const trials = PER_WORKER * workers;
  const journal = join(tmp, `${label}-${workers}.jsonl`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await search<Nb201Cell>({
    space: bench.space,
    controller: new RandomController(bench.space, { seed: workers }),
    // In process, a table needs no measurement lock: without it, the waiting evaluations would hold the lookups up.
    ...(executor === undefined ? { evaluator: waiting, measurer: latency, exclusiveMeasurement: false } : { executor }),
    targetMs: 10,
    budget: { trials },
    concurrency: workers,
    journal,
  });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const done = (await readJournal(journal)).trials;
  const added = done.reduce((s, t) => s + t.durationMs - DELAY_MS, 0) / done.length;
  return {
    label,
    workers,
    trials,
    perMinute: (trials / wall) * 60_000,
    addedMs: added,
    cpuMsPerTrial: (cpu.user + cpu.system) / 1000 / trials,
  };
}

function tableA(rows: readonly Row[]): string {
  const one = rows.find((r) => r.label === 'queue' && r.workers === 1);
  const lines = [
    `| evaluation | workers | trials | trials per minute | ideal | parallel efficiency | added latency per trial, ms | coordinator CPU per trial, ms |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ideal = (r.workers * 60_000) / DELAY_MS;
    const eff = r.label === 'queue' && one !== undefined ? `${((100 * r.perMinute) / (r.workers * one.perMinute)).toFixed(0)}%` : '';
    lines.push(
      `| ${r.label === 'queue' ? 'BullMQ workers (processes)' : 'in process'} | ${r.workers} | ${r.trials} | ${r.perMinute.toFixed(0)} | ${ideal.toFixed(0)} | ${eff} | ${r.addedMs.toFixed(1)} | ${r.cpuMsPerTrial.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

/** The mnas-ts command as a user installs it: the package's `bin` (dist/cli.js, written by `npm run build`). */
function cliPath(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const path = join(ROOT, pkg.bin['mnas-ts'] as string);
  if (!existsSync(path)) throw new Error(`${path} is missing: build the package first (npm run build), or pass --skip-b`);
  return path;
}

const cli = (argv: string[]): ChildProcess =>
  spawn(process.execPath, [cliPath(), ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
  });

function runCli(argv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = cli(argv);
    let err = '';
    c.stderr?.on('data', (d) => (err += d));
    c.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`mnas-ts ${argv[0]} exited ${code}: ${err.slice(-2000)}`)),
    );
  });
}

async function partB(url: string): Promise<string> {
  const lines = [
    '| evaluation | workers | concurrency (trials in flight) | trials | command wall, s | trials span, s | trials per minute | speed-up over in process, concurrency 1 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  // From the first trial's start to the last one's end: the command's start-up and the export of the best model left out.
  const span = async (out: string): Promise<number> => {
    const trials = (await readJournal(join(out, 'journal.jsonl'))).trials;
    const starts = trials.map((t) => Date.parse(t.startedAt));
    return Math.max(...trials.map((t, i) => (starts[i] as number) + t.durationMs)) - Math.min(...starts);
  };
  const base = [
    'search',
    '--measurer',
    'macs',
    '--controller',
    'random',
    '--trials',
    String(TRAIN_TRIALS),
    '--baselines',
    'none',
    '--no-progress',
    '--force',
  ];
  const results: { label: string; workers: number; concurrency: number; ms: number; spanMs: number }[] = [];
  for (const concurrency of [1, 2]) {
    const out = join(tmp, `local-${concurrency}`);
    const ms = await runCli([...base, '--concurrency', String(concurrency), '--out', out]);
    results.push({ label: 'in process', workers: 0, concurrency, ms, spanMs: await span(out) });
    process.stderr.write(`(b) in process, concurrency ${concurrency}: ${(ms / 1000).toFixed(1)} s\n`);
  }
  for (const workers of [1, 2]) {
    const prefix = `scale-b-${workers}`;
    const children = Array.from({ length: workers }, () => cli(['worker', '--redis', url, '--prefix', prefix, '--evaluate']));
    await Promise.all(children.map((c) => waitReady(c, 'Ctrl-C finishes')));
    try {
      for (const ahead of AHEAD) {
        const concurrency = workers * ahead;
        const out = join(tmp, `queue-${workers}-${ahead}`);
        const ms = await runCli([...base, '--concurrency', String(concurrency), '--redis', url, '--prefix', prefix, '--out', out]);
        results.push({ label: 'BullMQ workers (processes)', workers, concurrency, ms, spanMs: await span(out) });
        process.stderr.write(`(b) ${workers} workers, concurrency ${concurrency}: ${(ms / 1000).toFixed(1)} s\n`);
      }
    } finally {
      await stopAll(children);
    }
  }
  const first = (label: string) => results.find((r) => r.label === label && r.concurrency === 1)?.spanMs;
  // The speed-up of every row is over the same search in one process at concurrency 1.
  for (const r of results) {
    const one = first('in process');
    lines.push(
      `| ${r.label} | ${r.workers || '-'} | ${r.concurrency} | ${TRAIN_TRIALS} | ${(r.ms / 1000).toFixed(1)} | ${(r.spanMs / 1000).toFixed(1)} | ${((TRAIN_TRIALS / r.spanMs) * 60_000).toFixed(1)} | ${one === undefined ? '' : `${(one / r.spanMs).toFixed(2)}x`} |`,
    );
  }
  return lines.join('\n');
}

const redis = await startRedis();
const started = new Date().toISOString();
const load0 = loadavg()[0] as number;
let text = '';
try {
  if (opts.skipA !== true) {
    const rows: Row[] = [];
    for (const n of WORKERS) {
      rows.push(await timedSearch('in-process', n, undefined));
      const prefix = `scale-a-${n}`;
      const children = Array.from({ length: n }, () =>
        spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'scale-worker.ts'), redis.url, prefix, String(DELAY_MS)], {
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      await Promise.all(children.map((c) => waitReady(c, 'ready')));
      const executor = queueExecutor<Nb201Cell>({ connection: redis.url, prefix, measurer: latency });
      try {
        rows.push(await timedSearch('queue', n, executor));
      } finally {
        await executor.close();
        await stopAll(children);
      }
      process.stderr.write(`(a) ${n} workers done\n`);
    }
    text += `(a) Evaluations that wait ${DELAY_MS} ms and use no CPU; ${PER_WORKER} trials per worker:\n\n${tableA(rows)}\n\n`;
  }
  if (opts.skipB !== true) {
    text += `(b) Real proxy training (CLI default recipe), latency by MACs on the coordinator:\n\n${await partB(redis.url)}\n\n`;
  }
} finally {
  await redis.dispose();
  rmSync(tmp, { recursive: true, force: true });
}
const load1 = loadavg()[0] as number;
const command = `npm run bench:scale -- ${recordedArgs()}`.trim();
const header = `Command: \`${command}\`. Run ${started} on ${cpus().length} CPU cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${load0.toFixed(1)} at the start and ${load1.toFixed(1)} at the end.\n\n`;
process.stdout.write(`${header}${text}`);
if (opts.out !== undefined) writeBetweenMarkers(opts.out, 'scale', `${header}${text}`.trimEnd().split('\n'));

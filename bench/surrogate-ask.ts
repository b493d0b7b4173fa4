/**
 * `npm run bench:surrogate-ask`: the time of one `SurrogateController.ask()`
 * (the refit after a tell, the candidate pool, the acquisition) on the CLI's
 * default space (24 decisions, `mnistSpaceOptions(28)`), with
 * `analyticFeatures` (log MACs, log params), at several numbers of told
 * trials. Rewards are a fixed random function of the tokens. A timing: run
 * it on an idle machine (the CPU-time column is less sensitive to load).
 *
 * Flags: --told 100,300,1000  --asks 20  --acquisition thompson|ei  --features analytic|none
 */
import { cpus, loadavg } from 'node:os';
import { CLI_SPACE_OPTIONS } from './cli-defaults.js';
import { SurrogateController } from 'mnas-ts/controller';
import { Rng, analyticFeatures, factorizedSpace } from 'mnas-ts/space';
import { benchCommand, integer, numbers, oneOf, recordedArgs } from './args.js';

const opts = benchCommand(
  'surrogate-ask',
  "The surrogate controller's ask() time after 100, 300 and 1,000 told trials (a latency-timing bench)",
)
  .option('--told <list>', 'told trials before the timed asks', numbers, [100, 300, 1000])
  .option('--asks <n>', 'timed asks per count', integer(1), 20)
  .option('--acquisition <kind>', 'thompson or ei', oneOf(['thompson', 'ei']), 'thompson')
  .option('--features <kind>', 'analytic (log MACs and log params) or none (the tokens only)', oneOf(['analytic', 'none']), 'analytic')
  .parse()
  .opts<{ told: number[]; asks: number; acquisition: 'ei' | 'thompson'; features: 'analytic' | 'none' }>();
const TOLD = opts.told;
const ASKS = opts.asks;
const ACQUISITION = opts.acquisition;
const FEATURES = opts.features;

const space = factorizedSpace(CLI_SPACE_OPTIONS);
const weights = new Rng('surrogate-ask-weights');
const w = space.decisions.map((d) => Array.from({ length: d.size }, () => weights.next()));
const reward = (tokens: readonly number[]): number => tokens.reduce((s, t, i) => s + (w[i]?.[t] ?? 0), 0) / tokens.length;

const lines = [
  `Command: \`npm run bench:surrogate-ask -- ${recordedArgs()}\` (${cpus().length} cores, load average ${(loadavg()[0] as number).toFixed(1)}, Node ${process.version}); ${space.decisions.length} decisions, acquisition ${ACQUISITION}, features ${FEATURES}.`,
  '',
  '| told trials | ask() median ms | ask() max ms | ask() median CPU ms |',
  '|---:|---:|---:|---:|',
];
for (const n of TOLD) {
  const c = new SurrogateController(space, {
    seed: 1,
    acquisition: ACQUISITION,
    ...(FEATURES === 'analytic' ? { features: analyticFeatures(space) } : {}),
  });
  // n told uniform trials, installed through a snapshot (the told list is the whole state).
  const filler = new Rng(n);
  const told = Array.from({ length: n }, () => space.decisions.map((d) => filler.int(d.size)));
  const snap = c.snapshot() as { nextId: number; proposed: string[]; state: { told: unknown[] } };
  c.restore({
    ...snap,
    nextId: n,
    proposed: told.map((t) => t.join(',')),
    state: { ...snap.state, told: told.map((t) => [t.join(','), reward(t), 0]) },
  });
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ASKS; i++) {
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    const p = c.ask();
    const u = process.cpuUsage(u0);
    times.push(performance.now() - t0);
    cpu.push((u.user + u.system) / 1000);
    c.tell(p.id, { reward: reward(p.tokens) });
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  lines.push(`| ${n} | ${median(times).toFixed(1)} | ${Math.max(...times).toFixed(1)} | ${median(cpu).toFixed(1)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);

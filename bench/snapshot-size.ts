/**
 * `npm run bench:snapshot-size`: the size of each built-in controller's
 * snapshot (its JSON text, as `search()` writes it beside the journal and a
 * browser would keep it in localStorage) on the CLI's default space (24
 * decisions, `mnistSpaceOptions(28)`) after several numbers of trials, told
 * one at a time with a fixed random function of the tokens as the reward.
 * For the LSTM policy controllers, whose snapshot is the calls replayed on
 * restore, also the time of `restore()` into a fresh controller, wall and
 * CPU (timings: the size columns do not depend on the machine, the times do;
 * the CPU time less on its load) and the size
 * of the snapshot that holds the weights and Adam's moments instead.
 *
 * Flags: --trials 60,100,1000  --controllers random,evolution,nsga2,surrogate,reinforce,ppo (--help lists them)
 */
import { cpus, loadavg } from 'node:os';
import {
  EvolutionController,
  factorizedSpace,
  NsgaIIController,
  PpoController,
  RandomController,
  ReinforceController,
  Rng,
  SurrogateController,
  type Controller,
  type HasDecisions,
} from 'mnas-ts';
import { benchCommand, integer, list, listOf } from './args.js';
import { CLI_SPACE_OPTIONS } from './cli-defaults.js';

const CONTROLLERS = ['random', 'evolution', 'nsga2', 'surrogate', 'reinforce', 'ppo'];
const opts = benchCommand(
  'snapshot-size',
  "each controller's snapshot size on the CLI's default space, and the policy controllers' restore time",
)
  .option('--trials <list>', 'numbers of told trials', (raw: string) => list(raw).map((t) => integer(1)(t)), [60, 100, 1000])
  .option('--controllers <list>', 'controllers to measure', listOf(CONTROLLERS), CONTROLLERS)
  .parse()
  .opts<{ trials: number[]; controllers: string[] }>();
const TRIALS = opts.trials;
const NAMES = opts.controllers;

const MAKERS: Record<string, (space: HasDecisions) => Controller> = {
  random: (space) => new RandomController(space, { seed: 1 }),
  evolution: (space) => new EvolutionController(space, { seed: 1 }),
  nsga2: (space) => new NsgaIIController(space, { seed: 1 }),
  surrogate: (space) => new SurrogateController(space, { seed: 1 }),
  reinforce: (space) => new ReinforceController(space, { seed: 1 }),
  ppo: (space) => new PpoController(space, { seed: 1 }),
};

const space = factorizedSpace(CLI_SPACE_OPTIONS);
const weights = new Rng('snapshot-size-weights');
const w = space.decisions.map((d) => Array.from({ length: d.size }, () => weights.next()));
const reward = (tokens: readonly number[]): number => tokens.reduce((s, t, i) => s + (w[i]?.[t] ?? 0), 0) / tokens.length;
const kB = (chars: number): string => (chars / 1000).toFixed(1);

const lines = [
  `Command: \`npm run bench:snapshot-size -- ${process.argv.slice(2).join(' ')}\` (${cpus().length} cores, load average ${(loadavg()[0] as number).toFixed(1)}, Node ${process.version}); ${space.decisions.length} decisions.`,
  '',
  '| controller | trials | snapshot kB | restore ms | restore CPU ms | with weights kB |',
  '|---|---:|---:|---:|---:|---:|',
];
for (const name of NAMES) {
  const make = MAKERS[name];
  if (make === undefined) throw new Error(`--controllers: unknown controller ${name}; known: ${Object.keys(MAKERS).join(', ')}`);
  const c = make(space);
  let told = 0;
  for (const n of TRIALS) {
    for (; told < n; told++) {
      const p = c.ask();
      c.tell(p.id, { reward: reward(p.tokens) });
    }
    const text = JSON.stringify(c.snapshot());
    let restoreMs = '';
    let restoreCpu = '';
    let withWeights = '';
    if (name === 'reinforce' || name === 'ppo') {
      const fresh = make(space);
      const t0 = performance.now();
      const u0 = process.cpuUsage();
      fresh.restore(JSON.parse(text));
      const u = process.cpuUsage(u0);
      restoreMs = (performance.now() - t0).toFixed(0);
      restoreCpu = ((u.user + u.system) / 1000).toFixed(0);
      const weights =
        name === 'ppo'
          ? new PpoController(space, { seed: 1, snapshotForm: 'weights' })
          : new ReinforceController(space, { seed: 1, snapshotForm: 'weights' });
      weights.restore(JSON.parse(text));
      withWeights = kB(JSON.stringify(weights.snapshot()).length);
    }
    lines.push(`| ${name} | ${n} | ${kB(text.length)} | ${restoreMs} | ${restoreCpu} | ${withWeights} |`);
    process.stderr.write(`${lines[lines.length - 1]}\n`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);

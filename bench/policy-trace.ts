/**
 * `npm run bench:policy-trace`: how fast a controller's proposals settle, on
 * one NAS-Bench-201 setting (CIFAR-10 test accuracy, a HW-NAS-Bench device's
 * latency, the target at a quantile of its latencies).
 *
 * Per window of `--window` trials, averaged over seeds: the empirical entropy
 * of the proposed tokens (per decision, in nats, averaged over the six
 * decisions; ln 5 = 1.61 for uniform proposals), the share of distinct cells,
 * the mean reward in the window and the best reward so far. A policy that
 * settles early shows its entropy falling to near 0 while its best reward
 * stops rising below the optimum.
 *
 * `--set '{"ppo":{"selfImitationWeight":0}}'` overrides options, to test a
 * cause the trace points to.
 *
 * Flags: --device raspi4 --quantile 0.25 --constraint soft|hard --trials 1000
 *        --window 100 --seeds 10 --controllers random,evolution,ppo,reinforce --set '{}'
 */
import { EvolutionController, PpoController, RandomController, ReinforceController, type Controller } from 'mnas-ts/controller';
import { type Nb201Device, loadNasBench201 } from 'mnas-ts/evaluate';
import { quantile } from 'mnas-ts/measure';
import { HARD_CONSTRAINT, SOFT_CONSTRAINT, mnasReward } from 'mnas-ts/reward';
import { benchCommand, finite, integer, jsonObject, list, oneOf } from './args.js';

const opts = benchCommand('policy-trace', "How each controller's proposals converge on one NAS-Bench-201 setting, window by window")
  .option('--device <name>', 'HW-NAS-Bench device', 'raspi4')
  .option('--quantile <q>', "latency target: this quantile of the device's latencies", finite, 0.25)
  .option('--constraint <kind>', 'soft or hard', oneOf(['soft', 'hard']), 'soft')
  .option('--trials <n>', 'trials per search', integer(1), 1000)
  .option('--window <n>', 'trials per reported window', integer(1), 100)
  .option('--seeds <n>', 'seeds per controller', integer(1), 10)
  .option('--controllers <list>', 'random, evolution, ppo, reinforce', list, ['random', 'evolution', 'ppo', 'reinforce'])
  .option('--set <json>', 'controller options by controller name', jsonObject, {})
  .parse()
  .opts<{
    device: string;
    quantile: number;
    constraint: string;
    trials: number;
    window: number;
    seeds: number;
    controllers: string[];
    set: Record<string, unknown>;
  }>();
const DEVICE = opts.device as Nb201Device;
const Q = opts.quantile;
const CONSTRAINT = opts.constraint;
const TRIALS = opts.trials;
const WINDOW = opts.window;
const SEEDS = opts.seeds;
const CONTROLLERS = opts.controllers;
const SET = opts.set as Record<string, Record<string, unknown>>;

const nb = loadNasBench201();
const lat = Float64Array.from({ length: nb.rows }, (_, r) => nb.latencyMs(nb.cellAt(r), DEVICE) ?? Number.NaN);
const known = [...lat].filter(Number.isFinite).sort((a, b) => a - b);
const target = quantile(known, Q);
const exps = CONSTRAINT === 'hard' ? HARD_CONSTRAINT : SOFT_CONSTRAINT;
const reward = Float64Array.from({ length: nb.rows }, (_, r) =>
  Number.isFinite(lat[r])
    ? mnasReward({ accuracy: nb.accuracy(nb.cellAt(r), 'cifar10'), latencyMs: lat[r] as number }, { targetMs: target, ...exps })
    : Number.NaN,
);
const optimum = Math.max(...[...reward].filter(Number.isFinite));

function controller(name: string, seed: number): Controller {
  const extra = SET[name] ?? {};
  if (name === 'random') return new RandomController(nb.space, { seed, ...extra });
  if (name === 'evolution') return new EvolutionController(nb.space, { seed, ...extra });
  if (name === 'ppo') return new PpoController(nb.space, { seed, ...extra });
  if (name === 'reinforce') return new ReinforceController(nb.space, { seed, ...extra });
  throw new Error(`unknown controller ${name}`);
}

function entropy(tokens: readonly (readonly number[])[]): number {
  const decisions = tokens[0]?.length ?? 0;
  let sum = 0;
  for (let d = 0; d < decisions; d++) {
    const counts = new Map<number, number>();
    for (const t of tokens) counts.set(t[d] as number, (counts.get(t[d] as number) ?? 0) + 1);
    for (const c of counts.values()) {
      const p = c / tokens.length;
      sum -= p * Math.log(p);
    }
  }
  return sum / decisions;
}

const windows = Math.floor(TRIALS / WINDOW);
process.stdout.write(
  `NB201 cifar10, ${DEVICE} latency, target ${target.toFixed(3)} ms (q${Q * 100}), ${CONSTRAINT}; optimum reward ${optimum.toFixed(4)}; ${SEEDS} seeds; set ${JSON.stringify(SET)}\n\n`,
);
process.stdout.write(
  `| controller | ${Array.from({ length: windows }, (_, w) => `trials ${w * WINDOW + 1}-${(w + 1) * WINDOW}`).join(' | ')} |\n`,
);
process.stdout.write(`|---|${Array.from({ length: windows }, () => '---').join('|')}|\n`);
for (const name of CONTROLLERS) {
  const ent = new Array<number>(windows).fill(0);
  const distinct = new Array<number>(windows).fill(0);
  const meanR = new Array<number>(windows).fill(0);
  const best = new Array<number>(windows).fill(0);
  for (let seed = 0; seed < SEEDS; seed++) {
    const c = controller(name, seed);
    let b = -Infinity;
    for (let w = 0; w < windows; w++) {
      const toks: number[][] = [];
      let sum = 0;
      let n = 0;
      for (let t = 0; t < WINDOW; t++) {
        const p = c.ask();
        toks.push([...p.tokens]);
        const r = reward[p.tokens.reduce((row, x) => row * 5 + x, 0)] as number;
        if (Number.isFinite(r)) {
          c.tell(p.id, { reward: r });
          b = Math.max(b, r);
          sum += r;
          n++;
        } else c.tell(p.id, { failed: 'no latency' });
      }
      ent[w] = (ent[w] as number) + entropy(toks) / SEEDS;
      distinct[w] = (distinct[w] as number) + new Set(toks.map((t) => t.join(''))).size / WINDOW / SEEDS;
      meanR[w] = (meanR[w] as number) + (n === 0 ? 0 : sum / n) / SEEDS;
      best[w] = (best[w] as number) + (optimum - b) / SEEDS;
    }
    c.dispose?.();
  }
  const cells = Array.from(
    { length: windows },
    (_, w) =>
      `H ${(ent[w] as number).toFixed(2)}, distinct ${(100 * (distinct[w] as number)).toFixed(0)}%, mean ${(meanR[w] as number).toFixed(4)}, regret ${(best[w] as number).toFixed(4)}`,
  );
  process.stdout.write(`| ${name} | ${cells.join(' | ')} |\n`);
}

/**
 * `npm run bench:surrogate-rank`: how well the surrogate controller's own
 * model ranks the Fashion-MNIST ground truth (bench/results/ground-truth, 60 networks
 * of the CLI's default space trained with the ground-truth recipe) after k
 * told trials. For each split (seeded), k networks are told as trials with
 * their ground-truth test accuracy as the reward (installed through a
 * snapshot: the told list is the controller's whole state); the controller's
 * `predict()` then ranks the other 60 - k, and Kendall tau against their
 * test accuracy is taken. MACs alone, on the same held-out networks, for
 * comparison. Splits are numbered from `--first-split`: tune on one range
 * and report on another. No training, no timing.
 *
 * Flags: --k 10,20,30  --splits 200  --first-split 0  --features analytic|none  --surrogate '{"minLeaf":2}'
 */
import { SurrogateController, type SurrogateOptions } from 'mnas-ts/controller';
import { kendallTau } from 'mnas-ts/measure';
import { Rng, analyticFeatures, factorizedSpace } from 'mnas-ts/space';
import { benchCommand, integer, jsonObject, numbers, oneOf, recordedArgs } from './args.js';
import { SPACE_OPTIONS, readDataFile } from './ground-truth-data.js';

const opts = benchCommand(
  'surrogate-rank',
  "How well the surrogate controller's model ranks the Fashion-MNIST ground truth after k told networks",
)
  .option('--k <list>', 'told networks', numbers, [10, 20, 30])
  .option('--splits <n>', 'random splits per k', integer(1), 200)
  .option('--first-split <n>', 'number of the first split (the seed of its shuffle and of the controller)', integer(0), 0)
  .option('--features <kind>', 'analytic (log MACs and log params) or none (the tokens only)', oneOf(['analytic', 'none']), 'analytic')
  .option('--surrogate <json>', 'surrogate option overrides', jsonObject, {})
  .parse()
  .opts<{ k: number[]; splits: number; firstSplit: number; features: 'analytic' | 'none'; surrogate: Record<string, unknown> }>();
const KS = opts.k;
const SPLITS = opts.splits;
const FIRST_SPLIT = opts.firstSplit;
const FEATURES = opts.features;
/** Surrogate option overrides. */
const SURROGATE = opts.surrogate as SurrogateOptions;

const data = readDataFile();
if (data === undefined) throw new Error('no bench/results/ground-truth/fashion-mnist.json');
const nets = data.architectures;
const space = factorizedSpace(SPACE_OPTIONS);

function split(k: number, seed: number): { model: number[]; mac: number[]; truth: number[] } {
  const rng = new Rng(`surrogate-rank/${k}/${seed}`);
  const order = nets.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const told = order.slice(0, k).map((i) => nets[i] as (typeof nets)[number]);
  const rest = order.slice(k).map((i) => nets[i] as (typeof nets)[number]);
  const c = new SurrogateController(space, {
    seed,
    ...(FEATURES === 'analytic' ? { features: analyticFeatures(space) } : {}),
    ...SURROGATE,
  });
  const snap = c.snapshot() as { nextId: number; proposed: string[]; state: { told: unknown[] } };
  c.restore({
    ...snap,
    nextId: k,
    proposed: told.map((n) => n.tokens.join(',')),
    state: { ...snap.state, told: told.map((n) => [n.tokens.join(','), n.testAccuracy, 0]) },
  });
  return { model: rest.map((n) => c.predict(n.tokens).mean), mac: rest.map((n) => n.macs), truth: rest.map((n) => n.testAccuracy) };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Standard error of the mean. */
const se = (xs: readonly number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)) / (xs.length - 1));
const lines = [
  `Command: \`npm run bench:surrogate-rank -- ${recordedArgs()}\`; ${nets.length} ground-truth networks (recipe ${data.recipeHash}), ${SPLITS} random splits per k (splits ${FIRST_SPLIT}-${FIRST_SPLIT + SPLITS - 1}), features ${FEATURES}.`,
  '',
  '| told trials k | surrogate tau on the other 60 - k (mean ± se) | 10th-90th percentile | splits with tau >= 0.6 | MACs tau on the same networks (mean ± se) |',
  '|---:|---:|---:|---:|---:|',
];
for (const k of KS) {
  const taus: number[] = [];
  const macs: number[] = [];
  for (let s = FIRST_SPLIT; s < FIRST_SPLIT + SPLITS; s++) {
    const r = split(k, s);
    taus.push(kendallTau(r.model, r.truth));
    macs.push(kendallTau(r.mac, r.truth));
  }
  const sorted = [...taus].sort((a, b) => a - b);
  const q = (p: number): number => sorted[Math.floor(p * (sorted.length - 1))] as number;
  lines.push(
    `| ${k} | ${mean(taus).toFixed(3)} ± ${se(taus).toFixed(3)} | ${q(0.1).toFixed(2)}-${q(0.9).toFixed(2)} | ${taus.filter((t) => t >= 0.6).length} of ${SPLITS} | ${mean(macs).toFixed(3)} ± ${se(macs).toFixed(3)} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);

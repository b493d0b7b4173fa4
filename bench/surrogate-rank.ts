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
 * `--labels proxy` tells each network the reward a search sees instead: the
 * CLI's default proxy (64 Adam steps, accuracy on 2,000 validation images,
 * kept per architecture in bench/results/accuracy-cache by `bench:accuracy`),
 * while tau is still taken against the ground truth. A second table then
 * answers which of the k told networks a search should return: the one with
 * the best told reward (what `search()` returns), the one the model predicts
 * best, or the one with the most MACs, each scored by its ground-truth test
 * accuracy.
 *
 * Flags: --k 10,20,30  --splits 200  --first-split 0  --features analytic|none  --labels test|proxy  --surrogate '{"minLeaf":2}'
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SurrogateController, type SurrogateOptions } from 'mnas-ts/controller';
import { kendallTau } from 'mnas-ts/measure';
import { Rng, analyticFeatures, factorizedSpace } from 'mnas-ts/space';
import { benchCommand, integer, jsonObject, numbers, oneOf, recordedArgs } from './args.js';
import { ROOT, SPACE_OPTIONS, readDataFile } from './ground-truth-data.js';

const opts = benchCommand(
  'surrogate-rank',
  "How well the surrogate controller's model ranks the Fashion-MNIST ground truth after k told networks",
)
  .option('--k <list>', 'told networks', numbers, [10, 20, 30])
  .option('--splits <n>', 'random splits per k', integer(1), 200)
  .option('--first-split <n>', 'number of the first split (the seed of its shuffle and of the controller)', integer(0), 0)
  .option('--features <kind>', 'analytic (log MACs and log params) or none (the tokens only)', oneOf(['analytic', 'none']), 'analytic')
  .option(
    '--labels <kind>',
    "test: the told reward is the ground-truth test accuracy; proxy: the CLI's default proxy score (64 steps, 2,000 validation images)",
    oneOf(['test', 'proxy']),
    'test',
  )
  .option('--surrogate <json>', 'surrogate option overrides', jsonObject, {})
  .parse()
  .opts<{
    k: number[];
    splits: number;
    firstSplit: number;
    features: 'analytic' | 'none';
    labels: 'test' | 'proxy';
    surrogate: Record<string, unknown>;
  }>();
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

/** The proxy's accuracy on 2,000 validation images per architecture hash (bench:accuracy's `proxy-64-validation` cache). */
function proxyScores(): Map<string, number> {
  const dir = join(ROOT, 'bench', 'results', 'accuracy-cache');
  const file = readdirSync(dir).find((f) => /^proxy-64-validation-[0-9a-f]+\.json$/.test(f));
  if (file === undefined) throw new Error(`--labels proxy: no proxy-64-validation-*.json in ${dir} (run bench:accuracy)`);
  const cache = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, { alt: { accuracy2000: number } }>;
  const scores = new Map(Object.entries(cache).map(([hash, e]) => [hash, e.alt.accuracy2000] as const));
  const missing = nets.filter((n) => !scores.has(n.hash));
  if (missing.length > 0) throw new Error(`--labels proxy: ${join(dir, file)} lacks ${missing.length} of the ${nets.length} networks`);
  return scores;
}
const PROXY = opts.labels === 'proxy' ? proxyScores() : undefined;
/** The reward a network is told with. */
const label = (n: (typeof nets)[number]): number => (PROXY === undefined ? n.testAccuracy : (PROXY.get(n.hash) as number));

interface Split {
  /** Held out: the model's prediction, MACs and test accuracy of the 60 - k networks not told. */
  readonly model: number[];
  readonly mac: number[];
  readonly truth: number[];
  /** Told: the test accuracy of the network with the best told reward, the best prediction, the most MACs. */
  readonly pick: { readonly told: number; readonly model: number; readonly macs: number };
}

/** The test accuracy of the network whose `by` is largest (the first on ties). */
function best(ns: readonly (typeof nets)[number][], by: (n: (typeof nets)[number]) => number): number {
  let top = ns[0] as (typeof nets)[number];
  for (const n of ns) if (by(n) > by(top)) top = n;
  return top.testAccuracy;
}

function split(k: number, seed: number): Split {
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
    state: { ...snap.state, told: told.map((n) => [n.tokens.join(','), label(n), 0]) },
  });
  const predicted = new Map(told.map((n) => [n.hash, c.predict(n.tokens).mean] as const));
  return {
    model: rest.map((n) => c.predict(n.tokens).mean),
    mac: rest.map((n) => n.macs),
    truth: rest.map((n) => n.testAccuracy),
    pick: { told: best(told, label), model: best(told, (n) => predicted.get(n.hash) as number), macs: best(told, (n) => n.macs) },
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Standard error of the mean. */
const se = (xs: readonly number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)) / (xs.length - 1));
const lines = [
  `Command: \`npm run bench:surrogate-rank -- ${recordedArgs()}\`; ${nets.length} ground-truth networks (recipe ${data.recipeHash}), ${SPLITS} random splits per k (splits ${FIRST_SPLIT}-${FIRST_SPLIT + SPLITS - 1}), features ${FEATURES}, told rewards ${PROXY === undefined ? 'the ground-truth test accuracy' : "the default proxy's (64 steps, 2,000 validation images)"}.`,
  '',
  '| told trials k | surrogate tau on the other 60 - k (mean ± se) | 10th-90th percentile | splits with tau >= 0.6 | MACs tau on the same networks (mean ± se) |',
  '|---:|---:|---:|---:|---:|',
];
const picks: string[] = [];
for (const k of KS) {
  const taus: number[] = [];
  const macs: number[] = [];
  const picked = { told: [] as number[], model: [] as number[], macs: [] as number[] };
  for (let s = FIRST_SPLIT; s < FIRST_SPLIT + SPLITS; s++) {
    const r = split(k, s);
    taus.push(kendallTau(r.model, r.truth));
    macs.push(kendallTau(r.mac, r.truth));
    picked.told.push(r.pick.told);
    picked.model.push(r.pick.model);
    picked.macs.push(r.pick.macs);
  }
  const cell = (xs: number[]): string => `${(100 * mean(xs)).toFixed(2)} ± ${(100 * se(xs)).toFixed(2)}`;
  picks.push(`| ${k} | ${cell(picked.told)} | ${cell(picked.model)} | ${cell(picked.macs)} |`);
  const sorted = [...taus].sort((a, b) => a - b);
  const q = (p: number): number => sorted[Math.floor(p * (sorted.length - 1))] as number;
  lines.push(
    `| ${k} | ${mean(taus).toFixed(3)} ± ${se(taus).toFixed(3)} | ${q(0.1).toFixed(2)}-${q(0.9).toFixed(2)} | ${taus.filter((t) => t >= 0.6).length} of ${SPLITS} | ${mean(macs).toFixed(3)} ± ${se(macs).toFixed(3)} |`,
  );
}
lines.push(
  '',
  'Which told network to return: mean ground-truth test accuracy (%) of the one with the best told reward, the best prediction of the model, the most MACs (± se over the splits).',
  '',
  '| told trials k | best told reward | best prediction | most MACs |',
  '|---:|---:|---:|---:|',
  ...picks,
);
process.stdout.write(`${lines.join('\n')}\n`);

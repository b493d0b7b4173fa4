/**
 * The ground truth's own noise: the same recipe trained with a second seed
 * (`bench:ground-truth --train-seed 2`, bench/results/ground-truth/fashion-mnist-seed2.json)
 * for a share of the architectures, against the first seed's test accuracy.
 */
import { kendallTau, spearmanRho } from 'mnas-ts/measure';
import { formatInterval, tauInterval } from './bootstrap-tau.js';
import { type GroundTruthEntry, dataFileForSeed, readDataFile } from './ground-truth-data.js';

const sampleSd = (xs: readonly number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

/**
 * Kendall tau of a noise-free estimator against one noisy measurement, given
 * the tau between two independent measurements: with Greiner's relation
 * tau = (2/pi) asin(r) of a bivariate normal, two seeds correlate at
 * r12 = var(true) / var(measured) and the truth with one seed at sqrt(r12).
 */
export const tauCeiling = (tau12: number): number => (2 / Math.PI) * Math.asin(Math.sqrt(Math.max(0, Math.sin((Math.PI * tau12) / 2))));

/** Greiner's tau of a bivariate normal with correlation r. */
const greinerTau = (r: number): number => (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, r)));

/** The page section, or nothing while the second seed's data file does not exist. */
export function noiseSection(entries: readonly GroundTruthEntry[], trainSeed = 2): string[] {
  const second = readDataFile(dataFileForSeed(trainSeed));
  if (second === undefined) return [];
  const first = new Map(entries.map((e) => [e.hash, e]));
  const pairs = second.architectures.flatMap((e) => {
    const a = first.get(e.hash);
    return a === undefined ? [] : [{ index: a.index, one: a.testAccuracy, two: e.testAccuracy }];
  });
  if (pairs.length < 3) return [];
  const one = pairs.map((p) => p.one);
  const two = pairs.map((p) => p.two);
  const diffs = pairs.map((p) => p.two - p.one);
  const seedSd = sampleSd(diffs) / Math.SQRT2;
  const spreadSd = sampleSd(entries.map((e) => e.testAccuracy));
  const tau12 = kendallTau(one, two);
  const rFromVariance = 1 - seedSd ** 2 / spreadSd ** 2;
  const pts = (v: number): string => (v * 100).toFixed(2);
  const planned = entries.filter((e) => e.index % 3 === 0).length;
  const meanDiff = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  return [
    "## The ground truth's own noise",
    '',
    `The same recipe with training seed ${trainSeed} (other initial weights and batch order; \`npm run bench:ground-truth -- --train-seed ${trainSeed} --shard 0/3\`, bench/results/ground-truth/fashion-mnist-seed${trainSeed}.json) for ${pairs.length} of the ${entries.length} architectures (chosen as every third of the list, ${planned} in all; trained: indices ${pairs.map((p) => p.index).join(', ')}).`,
    '',
    ...(pairs.length < planned
      ? [
          `**Partial: ${pairs.length} of the ${planned} networks so far**, so the figures below are rough (the interval says how rough). The run continues with the command above (resumable); rerun \`npm run bench:ground-truth -- --train-seed ${trainSeed} --cache <dir> --render\` and this page.`,
          '',
        ]
      : []),
    `- Seed-to-seed sd of test accuracy: **${pts(seedSd)} points** (sd of the ${pairs.length} differences / sqrt 2; mean difference seed ${trainSeed} - seed 1: ${meanDiff >= 0 ? '+' : ''}${pts(meanDiff)} points, largest |difference| ${pts(Math.max(...diffs.map(Math.abs)))}). It includes the test set's own sampling noise (about 0.3 points at 89% on 10,000 images).`,
    `- The spread between architectures: sd ${pts(spreadSd)} points over all ${entries.length} (seed 1), ${pts(sampleSd(one))} over these ${pairs.length}.`,
    `- The two seeds rank these ${pairs.length} networks at **Kendall tau ${tau12.toFixed(2)}** (bootstrap 95% CI ${formatInterval(tauInterval(one, two))}; Spearman ${spearmanRho(one, two).toFixed(2)}).`,
    `- The ceiling this implies for any estimator ranked against one seed's test accuracy (a perfect predictor of each network's seed-averaged accuracy), with Greiner's tau = (2/pi) asin(r) of a bivariate normal: the two seeds correlate at r = sin(pi tau / 2) = ${Math.sin((Math.PI * tau12) / 2).toFixed(2)} and the truth with one seed at sqrt(r), so **tau ${tauCeiling(tau12).toFixed(2)}**. From the variances instead (r = 1 - seed var / spread var over all ${entries.length} = ${rFromVariance.toFixed(2)}): tau ${greinerTau(Math.sqrt(Math.max(0, rFromVariance))).toFixed(2)}.`,
    '',
  ];
}

/**
 * The proxy scored on more validation images, and by loss (issue 26 item 3).
 *
 * One proxy training per architecture with the CLI default run's recipe
 * (Adam, lr 0.01, cosine decay, batch 32, `steps` steps) on 2,048
 * Fashion-MNIST training images outside the ground truth's 5,000 held-out
 * ones (the ground truth's split, seed 0); the trained network is then
 * validated on the first 500, 2,000 and all 5,000 of those held-out images
 * (nested sets), each by accuracy and by `exp(-loss)` (ProxyTrainer's
 * `score: 'loss'`). The six rows thus differ only in how one trained network
 * is scored. The CPU seconds of a row are the training's (with its own
 * validation of the 5,000 images) less the validation of the images the row
 * does not use, timed per block of 500 images.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { disposeModel } from 'mnas-ts';
import { type ImageDataset, ProxyTrainer, datasetBatch, proxyScoreOf, splitDataset } from 'mnas-ts/evaluate';
import type { Architecture } from 'mnas-ts/space';
import { kendallTau } from 'mnas-ts/measure';
import { type Cached, type Estimator, type Row, type Variant, PROXY_RECIPE } from './accuracy-estimator.js';
import { formatInterval, tauDifferenceInterval } from './bootstrap-tau.js';
import { type GroundTruthEntry, RECIPE } from './ground-truth-data.js';

/** The validation set sizes measured (nested: each is the start of the next). */
export const VALIDATION_SIZES = [500, 2000, 5000] as const;
const BLOCK = 500;
const TRAINING = PROXY_RECIPE;

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

/** Per image of `ds`: right or wrong, and the cross-entropy; and the CPU seconds of each block of 500 images. */
async function perImage(model: LayersModel, ds: ImageDataset, numClasses: number) {
  const correct: number[] = [];
  const loss: number[] = [];
  const blockCpu: number[] = [];
  for (let start = 0; start < ds.count; start += BLOCK) {
    const cpu0 = cpuNow();
    const indices = Array.from({ length: Math.min(BLOCK, ds.count - start) }, (_, k) => start + k);
    const { x, y } = datasetBatch(ds, indices, numClasses);
    const [hits, losses] = tf.tidy(() => {
      const logits = model.predict(x) as tf.Tensor;
      const hit = tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32');
      return [hit, tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.NONE)];
    });
    tf.dispose([x, y]);
    correct.push(...(await hits.data()));
    loss.push(...(await losses.data()));
    tf.dispose([hits, losses]);
    blockCpu.push(cpuNow() - cpu0);
  }
  return { correct, loss, blockCpu };
}

const meanOf = (xs: readonly number[], n: number): number => xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
const sumOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Trains once and scores the network on every validation size: the cached `alt` figures. */
async function scoreAll(trainer: ProxyTrainer, arch: Architecture, validation: ImageDataset): Promise<Record<string, number>> {
  const cpu0 = cpuNow();
  const { result, model } = await trainer.train(arch);
  const trainCpu = cpuNow() - cpu0;
  try {
    const images = await perImage(model, validation, arch.numClasses);
    const own = Number(result.extra?.['validationAccuracy']);
    if (
      Math.abs(meanOf(images.correct, validation.count) - own) > 1e-9 ||
      Math.abs(meanOf(images.loss, validation.count) - (result.loss ?? 0)) > 1e-4
    )
      throw new Error(`the per-image validation disagrees with the trainer's (${own}, ${result.loss})`);
    const alt: Record<string, number> = {};
    for (const v of VALIDATION_SIZES) {
      const figures = { accuracy: meanOf(images.correct, v), loss: meanOf(images.loss, v) };
      alt[`accuracy${v}`] = figures.accuracy;
      alt[`loss${v}`] = figures.loss;
      alt[`lossScore${v}`] = proxyScoreOf('loss', figures);
      alt[`cpu${v}`] = trainCpu - sumOf(images.blockCpu) + sumOf(images.blockCpu.slice(0, Math.ceil(v / BLOCK)));
    }
    return alt;
  } finally {
    disposeModel(model);
  }
}

const pickAlt =
  (score: string, v: number) =>
  (c: Cached): { score: number; cpuSeconds: number } | undefined => {
    const s = c.alt?.[`${score}${v}`];
    const cpu = c.alt?.[`cpu${v}`];
    return s === undefined || cpu === undefined ? undefined : { score: s, cpuSeconds: cpu };
  };

/** The row names: `proxy-<steps>-val<v>` (accuracy) and `proxy-<steps>-val<v>-loss`. */
export const validationRowName = (steps: number, v: number, score: 'accuracy' | 'loss'): string =>
  `proxy-${steps}-val${v}${score === 'loss' ? '-loss' : ''}`;

/** The estimator (one training per architecture) and its six rows. */
export function validationEstimator(steps: number, data: () => ImageDataset): Estimator {
  const config = {
    ...TRAINING,
    epochs: undefined,
    steps,
    dataset: 'fashion-mnist:train outside the ground-truth validation',
    validation: `ground-truth validation, ${VALIDATION_SIZES.join('/')} images`,
    seed: 0,
  };
  let ready: { trainer: ProxyTrainer; validation: ImageDataset } | undefined;
  const setUp = (): { trainer: ProxyTrainer; validation: ImageDataset } => {
    if (ready !== undefined) return ready;
    const split = splitDataset(data(), { validationSize: RECIPE.validationSize, trainSize: TRAINING.trainSize, seed: RECIPE.splitSeed });
    const trainer = new ProxyTrainer({
      dataset: split.train,
      validation: split.validation,
      trainSize: TRAINING.trainSize,
      steps,
      batchSize: TRAINING.batchSize,
      learningRate: TRAINING.learningRate,
      optimizer: TRAINING.optimizer,
      score: 'loss',
      seed: 0,
      backend: 'wasm',
    });
    ready = { trainer, validation: split.validation };
    return ready;
  };
  const variants: Variant[] = VALIDATION_SIZES.flatMap((v) => [
    {
      name: validationRowName(steps, v, 'accuracy'),
      kind: `proxy training, ${steps} steps, accuracy on ${v.toLocaleString('en-US')} validation images`,
      pick: pickAlt('accuracy', v),
    },
    {
      name: validationRowName(steps, v, 'loss'),
      kind: `proxy training, ${steps} steps, exp(-loss) on ${v.toLocaleString('en-US')} validation images`,
      pick: pickAlt('lossScore', v),
    },
  ]);
  return {
    name: `proxy-${steps}-validation`,
    kind: `proxy training, ${steps} steps, scored on ${VALIDATION_SIZES.join(', ')} validation images by accuracy and by loss`,
    config,
    score: async (entry) => {
      const { trainer, validation } = setUp();
      const alt = await scoreAll(trainer, entry.arch, validation);
      return { score: alt[`lossScore${RECIPE.validationSize}`] as number, alt };
    },
    variants,
    variantsOnly: true,
  };
}

/** Kendall tau of a row's scores against the truth on the entries whose list index has the parity. */
function halfTau(row: Row, entries: readonly GroundTruthEntry[], parity: 0 | 1): number | undefined {
  const scores = row.scores;
  if (scores === undefined) return undefined;
  const keep = entries.flatMap((e, i) => (e.index % 2 === parity ? [i] : []));
  return keep.length < 2
    ? undefined
    : kendallTau(
        keep.map((i) => scores[i] as number),
        keep.map((i) => (entries[i] as GroundTruthEntry).testAccuracy),
      );
}

const two = (v: number | undefined): string => (v === undefined ? '-' : v.toFixed(2));

/**
 * The page section of the six rows: tau on all architectures with its
 * bootstrap interval, on the tuning half (even list index) and on the
 * held-out half (odd), and the CPU cost; the pick made on the tuning half.
 */
export function validationSection(rows: readonly Row[], entries: readonly GroundTruthEntry[], steps: number): string[] {
  const mine = VALIDATION_SIZES.flatMap((v) =>
    (['accuracy', 'loss'] as const).flatMap((score) => {
      const row = rows.find((r) => r.name === validationRowName(steps, v, score));
      return row === undefined || row.scores === undefined
        ? []
        : [{ v, score, row, tune: halfTau(row, entries, 0), held: halfTau(row, entries, 1) }];
    }),
  );
  if (mine.length === 0) return [];
  const halves = [0, 1].map((p) => entries.filter((e) => e.index % 2 === p).length);
  const best = [...mine].sort((a, b) => (b.tune ?? -2) - (a.tune ?? -2))[0];
  const base = mine.find((m) => m.v === 500 && m.score === 'accuracy');
  const truth = entries.map((e) => e.testAccuracy);
  const cheap = [...mine]
    .filter((m) => best !== undefined && (m.tune ?? -2) >= (best.tune ?? -2) - 0.02)
    .sort((a, b) => (a.row.cpu ?? 0) - (b.row.cpu ?? 0) || (b.tune ?? -2) - (a.tune ?? -2))[0];
  type Measured = (typeof mine)[number];
  const describe = (m: Measured): string => `${m.v.toLocaleString('en-US')} images by ${m.score === 'loss' ? 'exp(-loss)' : 'accuracy'}`;
  const costRatio = (m: Measured, ref: Measured): string =>
    m.row.cpu !== undefined && ref.row.cpu !== undefined ? `${(m.row.cpu / ref.row.cpu).toFixed(2)}x` : '?';
  return [
    `## Scoring the proxy: validation images and loss`,
    '',
    `One ${steps}-step proxy training per architecture (the CLI default recipe, on 2,048 Fashion-MNIST training images outside the ground truth's 5,000 held-out ones), then the same trained network validated on the first 500, 2,000 and all 5,000 held-out images, by accuracy and by \`exp(-loss)\` (\`ProxyTrainer\`'s \`score: 'loss'\`): the rows differ only in how one training is scored. CPU s / arch: the training with the validation of that many images (blocks of 500 timed). Tuning half: the ${halves[0]} architectures of even list index; held-out half: the ${halves[1]} of odd index.`,
    '',
    '| validation images | score | Kendall tau (all) | tau 95% CI (bootstrap) | tau gain over 500 by accuracy, paired 95% CI | tau, tuning half | tau, held-out half | CPU s / arch |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...mine.map((m) => {
      const gain =
        base?.row.scores === undefined || m === base || m.row.tau === undefined || base.row.tau === undefined
          ? '-'
          : `${(m.row.tau - base.row.tau).toFixed(2)} (${formatInterval(tauDifferenceInterval(m.row.scores as number[], base.row.scores, truth))})`;
      return `| ${m.v.toLocaleString('en-US')} | ${m.score === 'loss' ? 'exp(-loss)' : 'accuracy'} | ${two(m.row.tau)} | ${m.row.tauCi === undefined ? '-' : formatInterval(m.row.tauCi)} | ${gain} | ${two(m.tune)} | ${two(m.held)} | ${m.row.cpu === undefined ? '-' : m.row.cpu.toFixed(2)} |`;
    }),
    '',
    ...(best === undefined || base === undefined
      ? []
      : [
          `Best on the tuning half: ${describe(best)} (tau ${two(best.tune)} there); on the held-out half it ranks at tau ${two(best.held)}, against ${two(base.held)} for 500 images by accuracy, at ${costRatio(best, base)} its CPU cost.`,
          ...(cheap === undefined || cheap === best
            ? []
            : [
                '',
                `The cheapest within 0.02 of that on the tuning half: ${describe(cheap)} (tau ${two(cheap.tune)}; held-out half ${two(cheap.held)}), at ${costRatio(cheap, base)} the CPU cost of 500 images by accuracy.`,
              ]),
          '',
        ]),
  ];
}

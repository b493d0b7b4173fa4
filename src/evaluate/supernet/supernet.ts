/**
 * `Supernet`: one tfjs network holding every choice of a factorized MnasNet
 * space (`factorizedSpace`), for one-shot architecture search (SPOS, Guo et
 * al. 2020; Once-for-All, Cai et al. 2020).
 *
 * Weight sharing by slicing: per block the largest layer count; per layer
 * and conv-op family (`conv`, `dwconv`, `mbconv`; families have separate
 * weights since their shapes differ) one set of weights at the largest
 * input, expanded and output channels and the largest kernel. A subnet uses
 * the first `repeats` layers, the first channels (MBConv e3 is the first half
 * of e6's expansion, fewer filters are the first output channels, SE widths
 * likewise) and the centre of larger kernels (3 x 3 of 5 x 5). Batch-norm
 * scales and shifts are shared by slicing; batch-norm statistics belong to
 * each subnet and are recalibrated on a few training batches.
 *
 * The forward pass is functional (tfjs ops on `tf.Variable`s, not the Layers
 * API) and computes what `buildModel(subnet)` computes with the sliced
 * weights. See `docs/supernet.md`.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { buildModel, disposeModel } from '../../blocks/index.js';
import { InvalidOptionsError, fieldMessage } from '../../errors.js';
import { Rng } from '../../rng.js';
import { factorizedSpace } from '../../space/factorized-space.js';
import type { Architecture, SearchSpace } from '../../space/types.js';
import { type WeightSlot, allocateWeights } from './allocation.js';
import { BnStatistics, type BnMoments } from './bn-statistics.js';
import { type BnMode, forwardLogits } from './forward.js';
import { sliceWeight } from './slice.js';
import {
  type LoadSupernetOptions,
  type SupernetManifest,
  type SupernetTrainingRecord,
  readSupernetFiles,
  writeSupernetFiles,
} from './supernet-io.js';
import { type ResolvedSupernetOptions, type SupernetOptions, resolveSupernetOptions } from './supernet-options.js';

/** Options of {@link Supernet.forward}. */
export interface SupernetForwardOptions {
  /** Batch norm with the batch's own moments (training) instead of `statistics`. @defaultValue false */
  readonly training?: boolean;
  /** Recalibrated statistics of this subnet; required when not `training`. */
  readonly statistics?: BnStatistics;
  /** Seed of the head dropout mask (training only, when the head has dropout). @defaultValue 0 */
  readonly dropoutSeed?: number;
}

/** Options of {@link Supernet.toModel}. */
export interface SupernetToModelOptions {
  /** Batch-norm moving statistics of the model; without them mean 0 and variance 1 (uncalibrated). */
  readonly statistics?: BnStatistics;
  /** `'logits'` or `'softmax'`. @defaultValue `'logits'` */
  readonly output?: 'logits' | 'softmax';
}

/** Standard deviation of a truncated normal at +-2 sigma relative to the untruncated one (Keras' varianceScaling). */
const TRUNCATION = 0.8796256610342398;

function initialValue(slot: WeightSlot, seed: number | string, numClasses: number): tf.Tensor {
  const s = new Rng(`${String(seed)}/${slot.key}`).seed();
  const shape = [...slot.shape];
  if (slot.init === 'ones') return tf.ones(shape);
  if (slot.init === 'zeros') return tf.zeros(shape);
  if (slot.init === 'classifier') {
    const r = 1 / Math.sqrt(numClasses);
    return tf.randomUniform(shape, -r, r, 'float32', s);
  }
  // He normal, fan-out mode, as buildModel's convolutions: fan-out = k * k * output channels.
  const fanOut = (shape[0] as number) * (shape[1] as number) * (shape[3] as number);
  return tf.truncatedNormal(shape, 0, Math.sqrt(2 / fanOut) / TRUNCATION, 'float32', s);
}

/**
 * A weight-sharing supernet over a factorized space (`factorizedSpace`):
 * per block the largest layer count; per layer and conv-op family (`conv`,
 * `dwconv`, `mbconv`) one set of weights at the largest channels and kernel.
 * A subnet uses its first layers, its first channels (MBConv e3 is the first
 * half of e6's expansion) and the centre of larger kernels. The forward pass
 * computes exactly what `buildModel(subnet)` computes with those weights
 * (`toModel` builds that standalone model). Batch-norm affine parameters are
 * shared by slicing; batch-norm statistics belong to a subnet and are
 * recalibrated ({@link Supernet.calibrate}).
 *
 * Holds tfjs variables: free them with {@link Supernet.dispose}.
 *
 * @example
 * const supernet = Supernet.create({ space: defaultSpaceOptions(), seed: 1 });
 * await trainSupernet(supernet, { dataset: 'fashion-mnist', steps: 2000 });
 * await supernet.save('supernet-fmnist');
 * const evaluator = new SupernetEvaluator({ supernet, dataset: 'fashion-mnist' });
 */
export class Supernet {
  /** The search space the supernet covers. */
  readonly space: SearchSpace<Architecture>;
  /** The variables' keys and largest shapes. */
  readonly slots: readonly WeightSlot[];
  private readonly trainingRuns: SupernetTrainingRecord[];

  private constructor(
    /** The resolved options (space options, seed, batch-norm epsilon). */
    readonly options: ResolvedSupernetOptions,
    private readonly weights: Map<string, tf.Variable>,
    history: readonly SupernetTrainingRecord[],
  ) {
    this.space = factorizedSpace(options.space);
    this.slots = allocateWeights(options.resolvedSpace);
    this.trainingRuns = [...history];
  }

  /**
   * A supernet with fresh weights (seeded).
   *
   * @throws InvalidOptionsError or InvalidSpaceError on bad options.
   */
  static create(options: SupernetOptions): Supernet {
    const o = resolveSupernetOptions(options);
    const weights = new Map<string, tf.Variable>();
    for (const slot of allocateWeights(o.resolvedSpace)) {
      weights.set(
        slot.key,
        tf.tidy(() => tf.variable(initialValue(slot, o.seed, o.resolvedSpace.numClasses))),
      );
    }
    return new Supernet(o, weights, []);
  }

  /**
   * Loads a supernet saved with {@link Supernet.save}: the manifest is
   * validated (format, version, space, every weight's key and shape, the
   * weights file's size) before any tensor is made.
   *
   * @param dir - the directory `save` wrote.
   * @param options - `space`: the space the caller expects.
   * @throws EvaluationError naming the bad manifest field or the unreadable file; InvalidSpaceError
   *   when the saved space is not `options.space` (path of the first differing field under `space`).
   * @example
   * const supernet = await Supernet.load('supernet-fmnist', { space: defaultSpaceOptions() });
   */
  static async load(dir: string, options: LoadSupernetOptions = {}): Promise<Supernet> {
    const state = await readSupernetFiles(dir, options);
    return new Supernet(resolveSupernetOptions(state.options), new Map(state.weights), state.history);
  }

  /**
   * Saves the supernet to directory `dir` (created if needed): `supernet.json`
   * (space options, seed, batch-norm epsilon, training runs and steps, weight
   * keys and shapes) and `weights.bin` (float32).
   *
   * @returns the manifest written.
   * @throws EvaluationError when the files cannot be written.
   */
  async save(dir: string): Promise<SupernetManifest> {
    return writeSupernetFiles({ options: this.options, weights: this.weights, history: this.trainingRuns }, dir);
  }

  /** The variables by key (for training and saving; do not dispose them). */
  variables(): ReadonlyMap<string, tf.Variable> {
    return this.weights;
  }

  /** The training runs so far, oldest first. */
  get history(): readonly SupernetTrainingRecord[] {
    return this.trainingRuns;
  }

  /** Total optimizer steps over every training run. */
  get steps(): number {
    return this.trainingRuns.reduce((n, r) => n + r.steps, 0);
  }

  /** Appends a training run to the history (called by `trainSupernet`). */
  recordTraining(record: SupernetTrainingRecord): void {
    this.trainingRuns.push({ steps: record.steps, recipe: { ...record.recipe } });
  }

  /** @throws InvalidArchitectureError when `arch` is not in the supernet's space. */
  private check(arch: Architecture): void {
    this.space.encode(arch);
  }

  /** The forward pass in a given batch-norm mode, for `arch` already checked. @internal */
  logits(x: tf.Tensor4D, arch: Architecture, mode: BnMode, dropoutSeed = 0): tf.Tensor2D {
    return forwardLogits({ weights: this.weights, arch, epsilon: this.options.bnEpsilon, mode, dropoutSeed }, x);
  }

  /**
   * The logits of subnet `arch` on `x` (`[batch, ...inputShape]`), as a new
   * tensor the caller disposes.
   *
   * @throws InvalidArchitectureError when `arch` is not in the space; InvalidOptionsError
   *   when neither `training` nor `statistics` is given; EvaluationError when a statistic is missing.
   */
  forward(x: tf.Tensor4D, arch: Architecture, options: SupernetForwardOptions = {}): tf.Tensor2D {
    this.check(arch);
    const training = options.training ?? false;
    if (!training && options.statistics === undefined) {
      throw new InvalidOptionsError(
        fieldMessage('forward option', ['statistics'], 'recalibrated statistics (or training: true)', undefined),
        { path: ['statistics'] },
      );
    }
    const mode: BnMode = training ? { kind: 'train' } : { kind: 'infer', statistics: options.statistics as BnStatistics };
    return tf.tidy(() => this.logits(x, arch, mode, options.dropoutSeed ?? 0));
  }

  /**
   * Recalibrates the batch-norm statistics of subnet `arch`: one forward pass
   * per batch with batch statistics, averaging the batch means and variances
   * per layer. Adds to `into` when given (so batches can come one at a time).
   * The batches stay the caller's.
   *
   * @throws InvalidArchitectureError when `arch` is not in the space.
   */
  calibrate(arch: Architecture, batches: Iterable<tf.Tensor4D>, into: BnStatistics = new BnStatistics()): BnStatistics {
    this.check(arch);
    for (const x of batches) {
      const names: string[] = [];
      const flat = tf.tidy(() => {
        const recorded = new Map<string, BnMoments>();
        this.logits(x, arch, { kind: 'calibrate', moments: recorded });
        const kept: tf.Tensor[] = [];
        for (const [name, m] of recorded) {
          names.push(name);
          kept.push(m.mean, m.variance);
        }
        return kept;
      });
      into.add(new Map(names.map((name, i) => [name, { mean: flat[2 * i] as tf.Tensor1D, variance: flat[2 * i + 1] as tf.Tensor1D }])));
    }
    return into;
  }

  /**
   * The standalone model of subnet `arch` (`buildModel(arch)`) with the
   * supernet's sliced weights and, when given, the recalibrated statistics
   * as its batch-norm moving statistics. The caller owns the model.
   *
   * @throws InvalidArchitectureError when `arch` is not in the space.
   */
  toModel(arch: Architecture, options: SupernetToModelOptions = {}): tf.LayersModel {
    this.check(arch);
    const output = options.output ?? 'logits';
    if (output !== 'logits' && output !== 'softmax') {
      throw new InvalidOptionsError(fieldMessage('toModel option', ['output'], "'logits' or 'softmax'", output), { path: ['output'] });
    }
    const model = buildModel(arch, { seed: this.options.seed, output, bnEpsilon: this.options.bnEpsilon });
    try {
      for (const layer of model.layers) {
        if (layer.weights.length === 0) continue;
        tf.tidy(() => layer.setWeights(layer.weights.map((lw) => this.layerWeight(arch, layer.name, lw, options.statistics))));
      }
      return model;
    } catch (error) {
      disposeModel(model);
      throw error;
    }
  }

  private layerWeight(arch: Architecture, layer: string, lw: tf.LayerVariable, statistics: BnStatistics | undefined): tf.Tensor {
    const weight = lw.originalName.split('/').pop() as string;
    const shape = lw.shape as number[];
    if (weight === 'moving_mean' || weight === 'moving_variance') {
      const stats = statistics?.get(layer);
      if (stats === undefined) return weight === 'moving_mean' ? tf.zeros(shape) : tf.ones(shape);
      return weight === 'moving_mean' ? stats.mean : stats.variance;
    }
    return sliceWeight(this.weights, arch, layer, weight, shape);
  }

  /** Frees every variable. The supernet is unusable afterwards. */
  dispose(): void {
    for (const v of this.weights.values()) v.dispose();
    this.weights.clear();
  }
}

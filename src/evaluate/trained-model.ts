/**
 * What {@link ProxyTrainer.train} takes and hands back: a trained model,
 * with logits or softmax outputs.
 *
 * @module
 */

import type * as tf from '../tfjs.js';
import { buildModel } from '../blocks/build-model.js';
import { disposeModel } from '../blocks/dispose-model.js';
import type { Architecture } from '../space/types.js';
import type { ResolvedProxyTrainerOptions } from './proxy-trainer-options.js';
import type { EvaluateOptions, EvaluationResult } from './types.js';

/** Options of {@link ProxyTrainer.train}: those of an evaluation, and the output of the returned model. */
export interface ProxyTrainOptions extends EvaluateOptions {
  /**
   * What the returned model outputs: `'logits'` (as trained) or `'softmax'`
   * probabilities (for export or deployment). @defaultValue `'logits'`
   */
  readonly output?: 'logits' | 'softmax';
}

/** What {@link ProxyTrainer.train} hands back. The caller owns `model` and frees it with `disposeModel`. */
export interface TrainedModel {
  /** The result {@link ProxyTrainer.evaluate} would have returned. */
  readonly result: EvaluationResult;
  /** The trained model. */
  readonly model: tf.LayersModel;
}

/**
 * The trained logits model's weights in a softmax-output model of the same
 * architecture (same layers in the same order; only the classifier's
 * activation differs). The caller still owns and disposes `logits`.
 */
export function withSoftmax(arch: Architecture, logits: tf.LayersModel, o: ResolvedProxyTrainerOptions): tf.LayersModel {
  const model = buildModel(arch, { seed: o.seed, output: 'softmax', bnMomentum: o.bnMomentum });
  try {
    model.setWeights(logits.getWeights());
    return model;
  } catch (error) {
    disposeModel(model);
    throw error;
  }
}

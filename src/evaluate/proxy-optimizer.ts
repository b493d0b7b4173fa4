/**
 * The optimizer of a proxy training: made from the options, its learning
 * rate set each step, disposed with every tensor it holds.
 *
 * @module
 */

import * as tf from '../tfjs.js';
import type { ResolvedProxyTrainerOptions } from './proxy-trainer-options.js';

export function makeOptimizer(o: ResolvedProxyTrainerOptions): tf.Optimizer {
  if (o.optimizer === 'adam') return tf.train.adam(o.learningRate);
  if (o.optimizer === 'momentum') return tf.train.momentum(o.learningRate, o.momentum);
  return tf.train.sgd(o.learningRate);
}

/** SGD and momentum hold the rate in a scalar set by setLearningRate; Adam reads its field each step. (No instanceof: tfjs optimizers answer it by duck typing.) */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** Disposes an optimizer, including the learning-rate scalar that tfjs' MomentumOptimizer.dispose() forgets. */
export function disposeOptimizer(optimizer: tf.Optimizer | undefined): void {
  if (optimizer === undefined) return;
  optimizer.dispose();
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c !== undefined && !c.isDisposed) c.dispose();
}

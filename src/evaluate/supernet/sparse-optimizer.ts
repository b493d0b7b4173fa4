/**
 * `SparseOptimizer`: SGD, momentum or Adam that updates only the variables a
 * step has gradients for, with its state kept per variable key.
 *
 * tfjs' own optimizers keep their slots by the position of a variable in the
 * gradient list of each call, which shifts when one single-path step touches
 * other variables than the previous one; a supernet step therefore needs
 * state keyed by variable.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import type { ProxyOptimizer } from '../proxy-trainer-options.js';

/** Hyper-parameters of a `SparseOptimizer`. */
export interface SparseOptimizerConfig {
  readonly kind: ProxyOptimizer;
  readonly momentum: number;
}

interface Slot {
  m: tf.Tensor;
  v: tf.Tensor | undefined;
  steps: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/**
 * Updates, for `sgd`: `w -= lr g`; for `momentum` (tfjs' form): `a = m a + g,
 * w -= lr a`; for `adam` (Kingma and Ba 2015, in tfjs' form and with its
 * defaults beta1 0.9, beta2 0.999, epsilon 1e-7), with the bias correction
 * counted per variable (a variable's own number of updates). A variable
 * without a gradient in a step is left alone, state included. When every
 * variable has a gradient at every step, the updates are tfjs' optimizers'.
 */
export class SparseOptimizer {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly config: SparseOptimizerConfig) {}

  /** Applies one step of gradients (by variable key) at learning rate `lr`; does not dispose `grads`. */
  apply(variables: ReadonlyMap<string, tf.Variable>, grads: ReadonlyMap<string, tf.Tensor>, lr: number): void {
    for (const [key, g] of grads) {
      const v = variables.get(key);
      if (v === undefined) continue;
      if (this.config.kind === 'sgd') {
        tf.tidy(() => v.assign(tf.sub(v, tf.mul(g, lr))));
        continue;
      }
      const slot = this.slots.get(key) ?? { m: tf.zerosLike(v), v: this.config.kind === 'adam' ? tf.zerosLike(v) : undefined, steps: 0 };
      this.slots.set(key, slot);
      slot.steps += 1;
      const [m, s, update] = tf.tidy(() => {
        if (slot.v === undefined) {
          const a = tf.add(tf.mul(slot.m, this.config.momentum), g);
          return [a, undefined, tf.mul(a, lr)];
        }
        const m1 = tf.add(tf.mul(slot.m, BETA1), tf.mul(g, 1 - BETA1));
        const v1 = tf.add(tf.mul(slot.v, BETA2), tf.mul(tf.square(g), 1 - BETA2));
        const mHat = tf.div(m1, 1 - BETA1 ** slot.steps);
        const vHat = tf.div(v1, 1 - BETA2 ** slot.steps);
        return [m1, v1, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), EPSILON)), lr)];
      });
      tf.tidy(() => v.assign(tf.sub(v, update)));
      tf.dispose([slot.m, slot.v, update]);
      slot.m = m;
      slot.v = s;
    }
  }

  /** Frees the optimizer state. */
  dispose(): void {
    for (const s of this.slots.values()) tf.dispose([s.m, s.v]);
    this.slots.clear();
  }
}

/**
 * Test oracle: the LSTM policy as a tfjs function of its weights, for
 * gradients: the same computation as `LstmPolicy.run` (teacher-forced on a
 * batch of token lists), the REINFORCE and PPO losses, and their gradients,
 * differentiated by tfjs. The hand-written passes of
 * `src/controller/policy/lstm-backprop.ts` are checked against it. Runs on
 * whichever tfjs backend is active; every tensor is released before returning.
 *
 * @module
 */

import * as tf from '../../../src/tfjs.js';
import type { PolicyBatch, PolicyGradients, PolicyLoss, PolicyNetwork } from '../../../src/controller/policy/types.js';

interface Inputs {
  readonly inputRows: Int32Array;
  readonly chosen: Float32Array;
  readonly segment: Float32Array;
}

/** Index arrays of a batch, time-major (row t * B + b). */
function batchInputs(policy: PolicyNetwork, tokens: readonly (readonly number[])[]): Inputs {
  const T = policy.decisions.length;
  const B = tokens.length;
  const S = policy.totalOptions;
  const inputRows = new Int32Array(T * B);
  const chosen = new Float32Array(T * B * S);
  const segment = new Float32Array(T * B * S);
  for (let t = 0; t < T; t++) {
    const off = policy.offsets[t] as number;
    const size = (policy.decisions[t] as { size: number }).size;
    for (let b = 0; b < B; b++) {
      const seq = tokens[b] as readonly number[];
      const r = t * B + b;
      inputRows[r] = t === 0 ? 0 : policy.inputRow(t - 1, seq[t - 1] as number);
      chosen[r * S + off + (seq[t] as number)] = 1;
      for (let j = 0; j < size; j++) segment[r * S + off + j] = 1;
    }
  }
  return { inputRows, chosen, segment };
}

/** Per-step log-probabilities of the chosen tokens and entropies, both [T, B]. */
function forward(
  policy: PolicyNetwork,
  params: readonly tf.Tensor[],
  inputs: Inputs,
  B: number,
): { logp: tf.Tensor2D; entropy: tf.Tensor2D } {
  const [emb, wh, bias, wo, bo] = params as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
  const T = policy.decisions.length;
  const H = policy.shape.hiddenSize;
  const S = policy.totalOptions;
  const { temperature, tanhConstant } = policy.shape;
  const xg = tf.gather(emb, tf.tensor1d(inputs.inputRows, 'int32'));
  const steps = tf.split(xg, T, 0);
  let h: tf.Tensor2D = tf.zeros([B, H]);
  let c: tf.Tensor2D = tf.zeros([B, H]);
  const hs: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const gates = tf.add(tf.add(steps[t] as tf.Tensor2D, tf.matMul(h, wh)), bias);
    const [i, f, g, o] = tf.split(gates, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    h = tf.mul(tf.sigmoid(o), tf.tanh(c));
    hs.push(h);
  }
  let z: tf.Tensor2D = tf.div(tf.add(tf.matMul(tf.concat(hs, 0), wo), bo), temperature);
  if (tanhConstant > 0) z = tf.mul(tf.tanh(z), tanhConstant);
  const segment = tf.tensor2d(inputs.segment, [T * B, S]);
  const masked = tf.add(z, tf.mul(tf.sub(1, segment), -1e9));
  const lsm = tf.logSoftmax(masked);
  const logp = tf.reshape(tf.sum(tf.mul(lsm, tf.tensor2d(inputs.chosen, [T * B, S])), 1), [T, B]) as tf.Tensor2D;
  const entropy = tf.reshape(tf.neg(tf.sum(tf.mul(tf.mul(tf.exp(lsm), lsm), segment), 1)), [T, B]) as tf.Tensor2D;
  return { logp, entropy };
}

/**
 * Per-step log-probabilities and entropies of given token lists, computed
 * with tfjs (used to check the plain-JS forward pass).
 * @returns `[b][t]` arrays.
 */
export function tfStepLogProbs(policy: PolicyNetwork, tokens: readonly (readonly number[])[]): { logp: number[][]; entropy: number[][] } {
  const B = tokens.length;
  const inputs = batchInputs(policy, tokens);
  const [logp, entropy] = tf.tidy(() => {
    const params = policy.params.map((p, k) => tf.tensor(Float32Array.from(p), policy.shapes[k] as number[]));
    const out = forward(policy, params, inputs, B);
    return [tf.transpose(out.logp), tf.transpose(out.entropy)];
  });
  const result = { logp: (logp as tf.Tensor2D).arraySync(), entropy: (entropy as tf.Tensor2D).arraySync() };
  tf.dispose([logp as tf.Tensor, entropy as tf.Tensor]);
  return result;
}

/**
 * Gradients of the loss with respect to every policy parameter, for one
 * (mini)batch. REINFORCE: `-(1/B) sum_b A_b sum_t log pi(a_bt)`; PPO:
 * `-(1/B) sum_b sum_t min(r_bt A_b, clip(r_bt, 1 - eps, 1 + eps) A_b)` with
 * per-decision ratios `r_bt = pi(a_bt) / pi_old(a_bt)`; both minus
 * `entropyWeight * (1/B) sum_b sum_t H_bt`.
 * @returns the loss and one Float64Array per parameter.
 */
export function policyGradients(policy: PolicyNetwork, batch: PolicyBatch, loss: PolicyLoss): PolicyGradients {
  const B = batch.tokens.length;
  const T = policy.decisions.length;
  const inputs = batchInputs(policy, batch.tokens);
  const adv = Float32Array.from({ length: T * B }, (_, r) => batch.advantages[r % B] as number);
  const old = new Float32Array(T * B);
  if (loss.kind === 'ppo') {
    for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) old[t * B + b] = batch.oldLogp?.[b]?.[t] ?? 0;
  }
  const out = tf.tidy(() => {
    const params = policy.params.map((p, k) => tf.tensor(Float32Array.from(p), policy.shapes[k] as number[]));
    const f = (...ps: tf.Tensor[]): tf.Scalar => {
      const { logp, entropy } = forward(policy, ps, inputs, B);
      const a = tf.tensor2d(adv, [T, B]);
      let objective: tf.Tensor;
      if (loss.kind === 'reinforce') objective = tf.mul(logp, a);
      else {
        const ratio = tf.exp(tf.sub(logp, tf.tensor2d(old, [T, B])));
        const clipped = tf.clipByValue(ratio, 1 - loss.clipRange, 1 + loss.clipRange);
        objective = tf.minimum(tf.mul(ratio, a), tf.mul(clipped, a));
      }
      const total = tf.add(objective, tf.mul(entropy, loss.entropyWeight));
      return tf.div(tf.neg(tf.sum(total)), B) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(f)(params);
    return [value, ...grads];
  });
  const [value, ...grads] = out;
  const result = { loss: (value as tf.Tensor).dataSync()[0] as number, grads: grads.map((g) => Float64Array.from(g.dataSync())) };
  tf.dispose(out);
  return result;
}

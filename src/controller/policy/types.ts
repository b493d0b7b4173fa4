/**
 * Types shared by the LSTM policy's files: its shape, the read-only view of
 * its weights that the passes work on, the batches and losses it learns
 * from, and the activations kept for backpropagation.
 *
 * @module
 */

import type { Decision } from '../../space/types.js';

/** Shape options of the policy (resolved). */
export interface LstmPolicyShape {
  readonly hiddenSize: number;
  readonly temperature: number;
  readonly tanhConstant: number;
  readonly initScale: number;
}

/** What the forward and backward passes read of an LSTM policy (implemented by `LstmPolicy`). */
export interface PolicyNetwork {
  readonly decisions: readonly Decision[];
  readonly shape: LstmPolicyShape;
  /** Parameters: embedding [V, 4H] (V = 1 + S rows: start token, then every option of every decision), recurrentKernel [H, 4H], bias [4H], headKernel [H, S], headBias [S]. */
  readonly params: readonly Float64Array[];
  /** Shapes of {@link PolicyNetwork.params}. */
  readonly shapes: readonly (readonly number[])[];
  /** Offset of each decision's options among the S head outputs. */
  readonly offsets: readonly number[];
  /** Total number of options S (sum of decision sizes). */
  readonly totalOptions: number;
  /** Row of the embedding fed after choosing `token` at step `t` (row 0 is the start token). */
  inputRow(t: number, token: number): number;
}

/** A batch of finished trials to learn from. */
export interface PolicyBatch {
  /** Token lists, one per trial. */
  readonly tokens: readonly (readonly number[])[];
  /** Advantage (reward minus baseline) of each trial. */
  readonly advantages: readonly number[];
  /** Per-step log-probabilities under the policy that sampled the trial (PPO only). */
  readonly oldLogp?: readonly (readonly number[])[];
}

/** Which loss to differentiate. */
export type PolicyLoss =
  | { readonly kind: 'reinforce'; readonly entropyWeight: number }
  | { readonly kind: 'ppo'; readonly entropyWeight: number; readonly clipRange: number };

/** The loss of a batch and its gradient, one Float64Array per parameter. */
export interface PolicyGradients {
  readonly loss: number;
  readonly grads: Float64Array[];
}

/** Activations of a time-major batch (row r = t * B + b), kept for backpropagation. */
export interface BatchCache {
  readonly B: number;
  readonly tokens: number[][];
  readonly gates: Float64Array;
  readonly cs: Float64Array;
  readonly tcs: Float64Array;
  readonly hs: Float64Array;
  readonly rows: Int32Array;
  /** Head arrays at (offsets[t] * B + b * size_t + j). */
  readonly P: Float64Array;
  readonly LSM: Float64Array;
  readonly DZDU: Float64Array;
  readonly ENT: Float64Array;
}

/** Chooses the token of sequence b at step t from the log-probabilities `lsm[at .. at + size)`. */
export type ChooseToken = (t: number, b: number, lsm: Float64Array, at: number, size: number) => number;

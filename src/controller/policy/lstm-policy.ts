/**
 * The LSTM policy shared by {@link ReinforceController} and
 * {@link PpoController}: weights as plain Float64Arrays, the sampling
 * (forward) pass and the gradients in plain JavaScript (`lstm-backprop.ts`),
 * on scratch memory the policy owns.
 *
 * Architecture (Zoph and Le 2017; NASNet, Zoph et al. 2018; MnasNet, Tan et
 * al. 2019): one LSTM layer, one decision per step; the input of step t is an
 * embedding of the option chosen at step t-1 (a learned start embedding at
 * step 0); step t has its own softmax head sized to decision t. The embedding
 * is looked up directly in gate space (4H wide): that is the usual embedding
 * followed by the LSTM's input kernel, folded into one table, which saves
 * three V x E x 4H products per update. Logits are
 * `C * tanh(z / T)` with temperature T and tanh constant C (ENAS, Pham et al.
 * 2018); C = 0 turns the tanh off (plain `z / T`).
 *
 * @module
 */

import type { Rng } from '../../rng.js';
import type { Decision } from '../../space/types.js';
import { badSnapshot, packFloat64, snapFloat64, snapObject } from '../validate.js';
import { Workspace } from './kernels.js';
import { forwardBatch, jsPolicyGradients } from './lstm-backprop.js';
import type { BatchCache, ChooseToken, LstmPolicyShape, PolicyBatch, PolicyGradients, PolicyLoss, PolicyNetwork } from './types.js';

/** Parameter names, in the order of {@link LstmPolicy.params}. */
export const PARAM_NAMES = ['embedding', 'recurrentKernel', 'bias', 'headKernel', 'headBias'] as const;

/** The LSTM policy's weights and its plain-JS forward and backward passes. */
export class LstmPolicy implements PolicyNetwork {
  /** Parameters: embedding [V, 4H] (V = 1 + S rows: start token, then every option of every decision), recurrentKernel [H, 4H], bias [4H], headKernel [H, S], headBias [S]. */
  params: Float64Array[];
  /** Shapes of {@link LstmPolicy.params}. */
  readonly shapes: readonly (readonly number[])[];
  /** Offset of each decision's options among the S head outputs. */
  readonly offsets: readonly number[];
  /** Total number of options S (sum of decision sizes). */
  readonly totalOptions: number;
  /** Scratch memory of this policy's passes. */
  private readonly workspace: Workspace;

  /** @param useWasm - false runs the passes without the WebAssembly kernel (same numbers). */
  constructor(
    readonly decisions: readonly Decision[],
    readonly shape: LstmPolicyShape,
    rng: Rng,
    useWasm = true,
  ) {
    this.workspace = new Workspace(useWasm);
    const offsets: number[] = [];
    let s = 0;
    for (const d of decisions) {
      offsets.push(s);
      s += d.size;
    }
    this.offsets = offsets;
    this.totalOptions = s;
    const H = shape.hiddenSize;
    this.shapes = [[1 + s, 4 * H], [H, 4 * H], [4 * H], [H, s], [s]];
    // Uniform init in [-initScale, initScale] (NASNet/ENAS controllers use 0.1; Zoph and Le 0.08).
    this.params = this.shapes.map((sh) => {
      const a = new Float64Array(sh.reduce((x, y) => x * y, 1));
      for (let i = 0; i < a.length; i++) a[i] = (2 * rng.next() - 1) * shape.initScale;
      return a;
    });
  }

  /** Row of the embedding fed after choosing `token` at step `t` (row 0 is the start token). */
  inputRow(t: number, token: number): number {
    return 1 + (this.offsets[t] as number) + token;
  }

  /** Incremented by {@link LstmPolicy.invalidate}: activations cached under another version are stale. */
  version = 0;

  /** Call after changing {@link LstmPolicy.params}. */
  invalidate(): void {
    this.version += 1;
  }

  /**
   * Runs the policy over the decisions. With `rng`, samples each token; with
   * `tokens`, scores the given ones (teacher forcing).
   * @returns the tokens, the log-probability of each chosen token, each step's entropy, and the activations (for backpropagation).
   */
  run(source: { readonly rng: Rng } | { readonly tokens: readonly number[] }): {
    tokens: number[];
    logp: number[];
    entropy: number[];
    cache: BatchCache;
  } {
    const choose: ChooseToken =
      'rng' in source ? (_t, _b, lsm, at, size) => sampleLog(lsm, at, size, source.rng) : (t) => source.tokens[t] as number;
    const cache = forwardBatch(this, this.workspace, 1, choose);
    const tokens = cache.tokens[0] as number[];
    const logp = tokens.map((a, t) => cache.LSM[(this.offsets[t] as number) + a] as number);
    return { tokens, logp, entropy: Array.from(cache.ENT), cache };
  }

  /**
   * The REINFORCE or PPO loss of `batch` and its gradient with respect to
   * every parameter (see `jsPolicyGradients` in `lstm-backprop.ts`).
   * @param cache - the forward pass of exactly these token lists under the current weights, when known.
   */
  gradients(batch: PolicyBatch, loss: PolicyLoss, cache?: BatchCache): PolicyGradients {
    return jsPolicyGradients(this, this.workspace, batch, loss, cache);
  }

  /** Weights as plain JSON, each array as base64 bytes (`packFloat64`). */
  save(): unknown {
    return Object.fromEntries(PARAM_NAMES.map((name, k) => [name, packFloat64(this.params[k] as Float64Array)]));
  }

  /** Validates saved weights; returns a function that installs them. */
  load(state: unknown, path: readonly (string | number)[]): () => void {
    const s = snapObject(state, path);
    const params = PARAM_NAMES.map((name, k) => snapFloat64(s[name], [...path, name], (this.params[k] as Float64Array).length));
    if (Object.keys(s).length !== PARAM_NAMES.length) badSnapshot(path, PARAM_NAMES.join(', '), Object.keys(s));
    return () => {
      this.params = params;
      this.invalidate();
    };
  }
}

function sampleLog(lsm: Float64Array, at: number, size: number, rng: Rng): number {
  let u = rng.next();
  for (let j = 0; j < size; j++) {
    u -= Math.exp(lsm[at + j] as number);
    if (u < 0) return j;
  }
  return size - 1;
}

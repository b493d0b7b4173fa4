/**
 * The LSTM policy shared by {@link ReinforceController} and
 * {@link PpoController}: weights as plain Float32Arrays, and the sampling
 * (forward) pass in plain JavaScript. Gradients come from tfjs
 * (`policyGraph.ts`), which defines the same function on tensors.
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

import type { Rng } from '../rng.js';
import type { Decision } from '../space/types.js';
import { badSnapshot, snapNumbers, snapObject } from './validate.js';

/** Shape options of the policy (resolved). */
export interface LstmPolicyShape {
  readonly hiddenSize: number;
  readonly temperature: number;
  readonly tanhConstant: number;
  readonly initScale: number;
}

/** Parameter names, in the order of {@link LstmPolicy.params}. */
export const PARAM_NAMES = ['embedding', 'recurrentKernel', 'bias', 'headKernel', 'headBias'] as const;

/** The LSTM policy's weights and its plain-JS forward pass. */
export class LstmPolicy {
  /** Parameters: embedding [V, 4H] (V = 1 + S rows: start token, then every option of every decision), recurrentKernel [H, 4H], bias [4H], headKernel [H, S], headBias [S]. */
  params: Float32Array[];
  /** Shapes of {@link LstmPolicy.params}. */
  readonly shapes: readonly (readonly number[])[];
  /** Offset of each decision's options among the S head outputs. */
  readonly offsets: readonly number[];
  /** Total number of options S (sum of decision sizes). */
  readonly totalOptions: number;

  constructor(
    readonly decisions: readonly Decision[],
    readonly shape: LstmPolicyShape,
    rng: Rng,
  ) {
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
      const a = new Float32Array(sh.reduce((x, y) => x * y, 1));
      for (let i = 0; i < a.length; i++) a[i] = (2 * rng.next() - 1) * shape.initScale;
      return a;
    });
  }

  /** Row of the embedding fed after choosing `token` at step `t` (row 0 is the start token). */
  inputRow(t: number, token: number): number {
    return 1 + (this.offsets[t] as number) + token;
  }

  /** Call after changing {@link LstmPolicy.params} (nothing is cached at present; kept for subclasses and callers). */
  invalidate(): void {}

  /**
   * Runs the policy over the decisions. With `rng`, samples each token; with
   * `tokens`, scores the given ones (teacher forcing).
   * @returns the tokens, the log-probability of each chosen token, and each step's entropy.
   */
  run(source: { readonly rng: Rng } | { readonly tokens: readonly number[] }): { tokens: number[]; logp: number[]; entropy: number[] } {
    const { hiddenSize: H, temperature, tanhConstant } = this.shape;
    const G = 4 * H;
    const [xg, wh, b, wo, bo] = this.params as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    const S = this.totalOptions;
    const h = new Float64Array(H);
    const c = new Float64Array(H);
    const gates = new Float64Array(G);
    const tokens: number[] = [];
    const logp: number[] = [];
    const entropy: number[] = [];
    let row = 0;
    for (let t = 0; t < this.decisions.length; t++) {
      for (let j = 0; j < G; j++) gates[j] = (xg[row * G + j] as number) + (b[j] as number);
      for (let k = 0; k < H; k++) {
        const hk = h[k] as number;
        const base = k * G;
        for (let j = 0; j < G; j++) gates[j] = (gates[j] as number) + hk * (wh[base + j] as number);
      }
      for (let k = 0; k < H; k++) {
        const ig = sigmoid(gates[k] as number);
        const fg = sigmoid(gates[H + k] as number);
        const gg = Math.tanh(gates[2 * H + k] as number);
        const og = sigmoid(gates[3 * H + k] as number);
        c[k] = fg * (c[k] as number) + ig * gg;
        h[k] = og * Math.tanh(c[k] as number);
      }
      const size = (this.decisions[t] as Decision).size;
      const off = this.offsets[t] as number;
      const z = new Float64Array(size);
      for (let j = 0; j < size; j++) {
        let acc = bo[off + j] as number;
        for (let k = 0; k < H; k++) acc += (h[k] as number) * (wo[k * S + off + j] as number);
        z[j] = tanhConstant > 0 ? tanhConstant * Math.tanh(acc / temperature) : acc / temperature;
      }
      const lsm = logSoftmax(z);
      const token = 'rng' in source ? sampleLog(lsm, source.rng) : (source.tokens[t] as number);
      let ent = 0;
      for (let j = 0; j < size; j++) ent -= Math.exp(lsm[j] as number) * (lsm[j] as number);
      tokens.push(token);
      logp.push(lsm[token] as number);
      entropy.push(ent);
      row = this.inputRow(t, token);
    }
    return { tokens, logp, entropy };
  }

  /** Weights as plain JSON (number arrays). */
  save(): unknown {
    return Object.fromEntries(PARAM_NAMES.map((name, k) => [name, Array.from(this.params[k] as Float32Array)]));
  }

  /** Validates saved weights; returns a function that installs them. */
  load(state: unknown, path: readonly (string | number)[]): () => void {
    const s = snapObject(state, path);
    const params = PARAM_NAMES.map((name, k) => Float32Array.from(snapNumbers(s[name], [...path, name], (this.params[k] as Float32Array).length)));
    if (Object.keys(s).length !== PARAM_NAMES.length) badSnapshot(path, PARAM_NAMES.join(', '), Object.keys(s));
    return () => {
      this.params = params;
    };
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function logSoftmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (const v of z) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  return z.map((v) => v - lse);
}

function sampleLog(lsm: Float64Array, rng: Rng): number {
  let u = rng.next();
  for (let j = 0; j < lsm.length; j++) {
    u -= Math.exp(lsm[j] as number);
    if (u < 0) return j;
  }
  return lsm.length - 1;
}

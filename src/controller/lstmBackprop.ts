/**
 * The REINFORCE and PPO gradients of the LSTM policy by hand-written
 * backpropagation through time on Float32Arrays: the same loss as
 * `policyGradients` in `policyGraph.ts` (tfjs), which the tests use as the
 * reference. It exists because the tfjs 'cpu' backend spends most of its time
 * in per-op overhead on a 100-unit LSTM (see docs/controllers.md).
 *
 * @module
 */

import type { LstmPolicy } from './lstmPolicy.js';
import type { PolicyBatch, PolicyLoss } from './policyGraph.js';

interface StepCache {
  readonly row: number;
  readonly gates: Float64Array; // activated i, f, g, o (4H)
  readonly c: Float64Array;
  readonly tc: Float64Array;
  readonly h: Float64Array;
  readonly p: Float64Array;
  readonly lsm: Float64Array;
  readonly dzdu: Float64Array;
  readonly entropy: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function forwardSample(policy: LstmPolicy, xg: Float32Array, tokens: readonly number[]): StepCache[] {
  const { hiddenSize: H, temperature: T, tanhConstant: C } = policy.shape;
  const G = 4 * H;
  const S = policy.totalOptions;
  const [, wh, b, wo, bo] = policy.params as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  let hPrev = new Float64Array(H);
  let cPrev = new Float64Array(H);
  const steps: StepCache[] = [];
  let row = 0;
  for (let t = 0; t < tokens.length; t++) {
    const pre = new Float64Array(G);
    for (let j = 0; j < G; j++) pre[j] = (xg[row * G + j] as number) + (b[j] as number);
    for (let k = 0; k < H; k++) {
      const hk = hPrev[k] as number;
      if (hk === 0) continue;
      const base = k * G;
      for (let j = 0; j < G; j++) pre[j] = (pre[j] as number) + hk * (wh[base + j] as number);
    }
    const gates = new Float64Array(G);
    const c = new Float64Array(H);
    const tc = new Float64Array(H);
    const h = new Float64Array(H);
    for (let k = 0; k < H; k++) {
      const ig = sigmoid(pre[k] as number);
      const fg = sigmoid(pre[H + k] as number);
      const gg = Math.tanh(pre[2 * H + k] as number);
      const og = sigmoid(pre[3 * H + k] as number);
      gates[k] = ig;
      gates[H + k] = fg;
      gates[2 * H + k] = gg;
      gates[3 * H + k] = og;
      c[k] = fg * (cPrev[k] as number) + ig * gg;
      tc[k] = Math.tanh(c[k] as number);
      h[k] = og * (tc[k] as number);
    }
    const size = (policy.decisions[t] as { size: number }).size;
    const off = policy.offsets[t] as number;
    const z = new Float64Array(size);
    const dzdu = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      let u = bo[off + j] as number;
      for (let k = 0; k < H; k++) u += (h[k] as number) * (wo[k * S + off + j] as number);
      if (C > 0) {
        const th = Math.tanh(u / T);
        z[j] = C * th;
        dzdu[j] = (C / T) * (1 - th * th);
      } else {
        z[j] = u / T;
        dzdu[j] = 1 / T;
      }
    }
    let max = -Infinity;
    for (const v of z) if (v > max) max = v;
    let sum = 0;
    for (const v of z) sum += Math.exp(v - max);
    const lse = max + Math.log(sum);
    const lsm = z.map((v) => v - lse);
    const p = lsm.map(Math.exp);
    let entropy = 0;
    for (let j = 0; j < size; j++) entropy -= (p[j] as number) * (lsm[j] as number);
    steps.push({ row, gates, c, tc, h, p, lsm, dzdu, entropy });
    row = policy.inputRow(t, tokens[t] as number);
    hPrev = h;
    cPrev = c;
  }
  return steps;
}

/**
 * Gradients of the REINFORCE or PPO loss (see `policyGradients`) with respect
 * to every policy parameter, in plain JavaScript.
 * @returns the loss and one Float32Array per parameter.
 */
export function jsPolicyGradients(policy: LstmPolicy, batch: PolicyBatch, loss: PolicyLoss): { loss: number; grads: Float32Array[] } {
  const H = policy.shape.hiddenSize;
  const G = 4 * H;
  const S = policy.totalOptions;
  const V = 1 + S;
  const [xg, wh, , wo] = policy.params as [Float32Array, Float32Array, Float32Array, Float32Array];
  const dXG = new Float64Array(V * G);
  const dWh = new Float64Array(H * G);
  const db = new Float64Array(G);
  const dWo = new Float64Array(H * S);
  const dbo = new Float64Array(S);
  const B = batch.tokens.length;
  const beta = loss.entropyWeight;
  let total = 0;
  for (let s = 0; s < B; s++) {
    const tokens = batch.tokens[s] as readonly number[];
    const adv = batch.advantages[s] as number;
    const steps = forwardSample(policy, xg, tokens);
    let dhNext = new Float64Array(H);
    let dcNext = new Float64Array(H);
    for (let t = steps.length - 1; t >= 0; t--) {
      const st = steps[t] as StepCache;
      const a = tokens[t] as number;
      const logp = st.lsm[a] as number;
      // d(objective)/d(logp) and the objective itself.
      let w = adv;
      let obj = adv * logp;
      if (loss.kind === 'ppo') {
        const r = Math.exp(logp - (batch.oldLogp?.[s]?.[t] ?? 0));
        const clipped = Math.min(Math.max(r, 1 - loss.clipRange), 1 + loss.clipRange);
        const unclipped = r * adv <= clipped * adv;
        obj = unclipped ? r * adv : clipped * adv;
        w = unclipped ? r * adv : 0;
      }
      total -= obj + beta * st.entropy;
      const off = policy.offsets[t] as number;
      const dh = dhNext;
      for (let j = 0; j < st.p.length; j++) {
        const pj = st.p[j] as number;
        const dz = -w * ((j === a ? 1 : 0) - pj) + beta * pj * ((st.lsm[j] as number) + st.entropy);
        const du = dz * (st.dzdu[j] as number);
        if (du === 0) continue;
        dbo[off + j] = (dbo[off + j] as number) + du;
        for (let k = 0; k < H; k++) {
          const idx = k * S + off + j;
          dWo[idx] = (dWo[idx] as number) + (st.h[k] as number) * du;
          dh[k] = (dh[k] as number) + (wo[idx] as number) * du;
        }
      }
      const prev = t > 0 ? (steps[t - 1] as StepCache) : undefined;
      const dpre = new Float64Array(G);
      const dcPrev = new Float64Array(H);
      for (let k = 0; k < H; k++) {
        const ig = st.gates[k] as number;
        const fg = st.gates[H + k] as number;
        const gg = st.gates[2 * H + k] as number;
        const og = st.gates[3 * H + k] as number;
        const tck = st.tc[k] as number;
        const dhk = dh[k] as number;
        const dc = (dcNext[k] as number) + dhk * og * (1 - tck * tck);
        const cPrev = prev === undefined ? 0 : (prev.c[k] as number);
        dpre[k] = dc * gg * ig * (1 - ig);
        dpre[H + k] = dc * cPrev * fg * (1 - fg);
        dpre[2 * H + k] = dc * ig * (1 - gg * gg);
        dpre[3 * H + k] = dhk * tck * og * (1 - og);
        dcPrev[k] = dc * fg;
      }
      const dhPrev = new Float64Array(H);
      for (let j = 0; j < G; j++) {
        const d = dpre[j] as number;
        db[j] = (db[j] as number) + d;
        dXG[st.row * G + j] = (dXG[st.row * G + j] as number) + d;
      }
      if (prev !== undefined) {
        for (let k = 0; k < H; k++) {
          const hk = prev.h[k] as number;
          const base = k * G;
          let acc = 0;
          for (let j = 0; j < G; j++) {
            const d = dpre[j] as number;
            dWh[base + j] = (dWh[base + j] as number) + hk * d;
            acc += (wh[base + j] as number) * d;
          }
          dhPrev[k] = acc;
        }
      }
      dhNext = dhPrev;
      dcNext = dcPrev;
    }
  }
  const scale = (a: ArrayLike<number>): Float32Array => Float32Array.from(a, (x) => x / B);
  return { loss: total / B, grads: [scale(dXG), scale(dWh), scale(db), scale(dWo), scale(dbo)] };
}

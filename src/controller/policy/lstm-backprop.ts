/**
 * The LSTM policy's forward pass and the REINFORCE and PPO gradients by
 * hand-written backpropagation through time on Float64Arrays (the tests
 * check them against tfjs differentiating the same loss). Plain JavaScript
 * because the tfjs 'cpu' backend spends most of its time in per-op overhead
 * on a 100-unit LSTM (see docs/controllers.md). The batch is processed
 * time-major; the recurrent products go through the matrix kernel of
 * `kernels.ts` (WebAssembly SIMD where available) in the caller's
 * {@link Workspace}, and the recurrent kernel's gradient is one product over
 * all steps at the end.
 *
 * @module
 */

import { transpose, type Workspace } from './kernels.js';
import type { BatchCache, ChooseToken, PolicyBatch, PolicyGradients, PolicyLoss, PolicyNetwork } from './types.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The forward pass over B sequences, time-major. `choose` picks each token
 * (teacher forcing or sampling); the same code serves sampling (B = 1) and
 * gradients, so their numbers are bitwise identical. `workspace` holds the
 * scratch arrays (the returned cache is copied out of it).
 */
export function forwardBatch(policy: PolicyNetwork, workspace: Workspace, B: number, choose: ChooseToken): BatchCache {
  const { hiddenSize: H, temperature: TEMP, tanhConstant: C } = policy.shape;
  const G = 4 * H;
  const S = policy.totalOptions;
  const T = policy.decisions.length;
  const [xg, wh, bias, wo, bo] = policy.params as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const tokens: number[][] = Array.from({ length: B }, () => []);
  const tok = (b: number, t: number): number => (tokens[b] as number[])[t] as number;
  const gates = new Float64Array(T * B * G);
  const cs = new Float64Array(T * B * H);
  const tcs = new Float64Array(T * B * H);
  workspace.begin(H * G + T * B * H + B * G);
  const whW = workspace.alloc(H * G);
  whW.set(wh);
  const hs = workspace.alloc(T * B * H);
  const rows = new Int32Array(T * B);
  const P = new Float64Array(B * S);
  const LSM = new Float64Array(B * S);
  const DZDU = new Float64Array(B * S);
  const ENT = new Float64Array(T * B);
  const pre = workspace.alloc(B * G);
  const headAt = (t: number, b: number): number => (policy.offsets[t] as number) * B + b * (policy.decisions[t] as { size: number }).size;
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const row = t === 0 ? 0 : policy.inputRow(t - 1, tok(b, t - 1));
      rows[t * B + b] = row;
      for (let j = 0; j < G; j++) pre[b * G + j] = (xg[row * G + j] as number) + (bias[j] as number);
    }
    if (t > 0) workspace.matmul(B, G, H, hs, (t - 1) * B * H, H, whW, 0, G, pre, 0, G, true);
    const size = (policy.decisions[t] as { size: number }).size;
    const off = policy.offsets[t] as number;
    for (let b = 0; b < B; b++) {
      const r = t * B + b;
      for (let k = 0; k < H; k++) {
        const ig = sigmoid(pre[b * G + k] as number);
        const fg = sigmoid(pre[b * G + H + k] as number);
        const gg = Math.tanh(pre[b * G + 2 * H + k] as number);
        const og = sigmoid(pre[b * G + 3 * H + k] as number);
        gates[r * G + k] = ig;
        gates[r * G + H + k] = fg;
        gates[r * G + 2 * H + k] = gg;
        gates[r * G + 3 * H + k] = og;
        const cPrev = t === 0 ? 0 : (cs[((t - 1) * B + b) * H + k] as number);
        const c = fg * cPrev + ig * gg;
        const tc = Math.tanh(c);
        cs[r * H + k] = c;
        tcs[r * H + k] = tc;
        hs[r * H + k] = og * tc;
      }
      const at = headAt(t, b);
      let max = -Infinity;
      for (let j = 0; j < size; j++) {
        let u = bo[off + j] as number;
        for (let k = 0; k < H; k++) u += (hs[r * H + k] as number) * (wo[k * S + off + j] as number);
        let z: number;
        if (C > 0) {
          const th = Math.tanh(u / TEMP);
          z = C * th;
          DZDU[at + j] = (C / TEMP) * (1 - th * th);
        } else {
          z = u / TEMP;
          DZDU[at + j] = 1 / TEMP;
        }
        LSM[at + j] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let j = 0; j < size; j++) sum += Math.exp((LSM[at + j] as number) - max);
      const lse = max + Math.log(sum);
      let ent = 0;
      for (let j = 0; j < size; j++) {
        const l = (LSM[at + j] as number) - lse;
        LSM[at + j] = l;
        const pj = Math.exp(l);
        P[at + j] = pj;
        ent -= pj * l;
      }
      ENT[r] = ent;
      (tokens[b] as number[]).push(choose(t, b, LSM, at, size));
    }
  }
  return { B, tokens, gates, cs, tcs, hs: hs.slice(), rows, P, LSM, DZDU, ENT };
}

/**
 * Gradients of the REINFORCE or PPO loss with respect to every policy
 * parameter. REINFORCE: `-(1/B) sum_b A_b sum_t log pi(a_bt)`; PPO:
 * `-(1/B) sum_b sum_t min(r_bt A_b, clip(r_bt, 1 - eps, 1 + eps) A_b)` with
 * per-decision ratios `r_bt = pi(a_bt) / pi_old(a_bt)`; both minus
 * `entropyWeight * (1/B) sum_b sum_t H_bt`.
 * @param workspace - scratch memory of the passes.
 * @param cache - the forward pass of exactly these token lists under the current weights, when known.
 * @returns the loss and one Float64Array per parameter.
 */
export function jsPolicyGradients(
  policy: PolicyNetwork,
  workspace: Workspace,
  batch: PolicyBatch,
  loss: PolicyLoss,
  cache?: BatchCache,
): PolicyGradients {
  const { hiddenSize: H } = policy.shape;
  const G = 4 * H;
  const S = policy.totalOptions;
  const T = policy.decisions.length;
  const B = batch.tokens.length;
  const [, wh, , wo] = policy.params as [Float64Array, Float64Array, Float64Array, Float64Array];
  const fwd = cache ?? forwardBatch(policy, workspace, B, (t, b) => (batch.tokens[b] as readonly number[])[t] as number);
  const { gates, cs, tcs, hs, rows, P, LSM, DZDU, ENT } = fwd;
  const tok = (b: number, t: number): number => (batch.tokens[b] as readonly number[])[t] as number;
  const headAt = (t: number, b: number): number => (policy.offsets[t] as number) * B + b * (policy.decisions[t] as { size: number }).size;
  // ---- backward
  const dXG = new Float64Array((1 + S) * G);
  const dWh = new Float64Array(H * G);
  const db = new Float64Array(G);
  const dWo = new Float64Array(H * S);
  const dbo = new Float64Array(S);
  const R = (T - 1) * B;
  workspace.begin(2 * G * H + T * B * G + 2 * B * H + H * R);
  // The recurrent kernel transposed, for dh(t-1) = dpre(t) wh^T.
  const whT = workspace.alloc(G * H);
  transpose(wh, 0, G, H, G, whT);
  let dh = workspace.alloc(B * H);
  let dhNext = workspace.alloc(B * H);
  const dc = new Float64Array(B * H);
  // dpre of every row (t * B + b), kept for the recurrent kernel's gradient, computed once at the end.
  const dpre = workspace.alloc(T * B * G);
  const beta = loss.entropyWeight;
  let total = 0;
  for (let t = T - 1; t >= 0; t--) {
    const size = (policy.decisions[t] as { size: number }).size;
    const off = policy.offsets[t] as number;
    for (let b = 0; b < B; b++) {
      const r = t * B + b;
      const at = headAt(t, b);
      const a = tok(b, t);
      const adv = batch.advantages[b] as number;
      const logp = LSM[at + a] as number;
      const entropy = ENT[r] as number;
      // d(objective)/d(logp) and the objective itself.
      let w = adv;
      let obj = adv * logp;
      if (loss.kind === 'ppo') {
        const ratio = Math.exp(logp - (batch.oldLogp?.[b]?.[t] ?? 0));
        const clipped = Math.min(Math.max(ratio, 1 - loss.clipRange), 1 + loss.clipRange);
        const unclipped = ratio * adv <= clipped * adv;
        obj = unclipped ? ratio * adv : clipped * adv;
        w = unclipped ? ratio * adv : 0;
      }
      total -= obj + beta * entropy;
      for (let j = 0; j < size; j++) {
        const pj = P[at + j] as number;
        const dz = -w * ((j === a ? 1 : 0) - pj) + beta * pj * ((LSM[at + j] as number) + entropy);
        const du = dz * (DZDU[at + j] as number);
        if (du === 0) continue;
        dbo[off + j] = (dbo[off + j] as number) + du;
        for (let k = 0; k < H; k++) {
          const idx = k * S + off + j;
          dWo[idx] = (dWo[idx] as number) + (hs[r * H + k] as number) * du;
          dh[b * H + k] = (dh[b * H + k] as number) + (wo[idx] as number) * du;
        }
      }
      for (let k = 0; k < H; k++) {
        const ig = gates[r * G + k] as number;
        const fg = gates[r * G + H + k] as number;
        const gg = gates[r * G + 2 * H + k] as number;
        const og = gates[r * G + 3 * H + k] as number;
        const tc = tcs[r * H + k] as number;
        const dhk = dh[b * H + k] as number;
        const dck = (dc[b * H + k] as number) + dhk * og * (1 - tc * tc);
        const cPrev = t === 0 ? 0 : (cs[((t - 1) * B + b) * H + k] as number);
        dpre[r * G + k] = dck * gg * ig * (1 - ig);
        dpre[r * G + H + k] = dck * cPrev * fg * (1 - fg);
        dpre[r * G + 2 * H + k] = dck * ig * (1 - gg * gg);
        dpre[r * G + 3 * H + k] = dhk * tc * og * (1 - og);
        dc[b * H + k] = dck * fg;
      }
      const row = rows[r] as number;
      for (let j = 0; j < G; j++) {
        const d = dpre[r * G + j] as number;
        db[j] = (db[j] as number) + d;
        dXG[row * G + j] = (dXG[row * G + j] as number) + d;
      }
    }
    if (t > 0) workspace.matmul(B, H, G, dpre, t * B * G, G, whT, 0, H, dhNext, 0, H, false);
    else dhNext.fill(0);
    const swap = dh;
    dh = dhNext;
    dhNext = swap;
  }
  // dWh[k][j] = sum over rows r of step >= 1 of h(r - B)[k] * dpre(r)[j], as dot products of transposed rows.
  if (R > 0) {
    const hT = workspace.alloc(H * R);
    const dWhW = workspace.alloc(H * G);
    transpose(hs, 0, H, R, H, hT);
    workspace.matmul(H, G, R, hT, 0, R, dpre, B * G, G, dWhW, 0, G, false);
    dWh.set(dWhW);
  }
  const scale = (a: Float64Array): Float64Array => {
    for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) / B;
    return a;
  };
  return { loss: total / B, grads: [scale(dXG), scale(dWh), scale(db), scale(dWo), scale(dbo)] };
}

/** Joins the single-sequence caches of several samples into one batch cache (same layout as {@link forwardBatch}). */
export function mergeCaches(policy: PolicyNetwork, caches: readonly BatchCache[]): BatchCache {
  const H = policy.shape.hiddenSize;
  const G = 4 * H;
  const S = policy.totalOptions;
  const T = policy.decisions.length;
  const B = caches.length;
  const out: BatchCache = {
    B,
    tokens: caches.map((c) => (c.tokens[0] as number[]).slice()),
    gates: new Float64Array(T * B * G),
    cs: new Float64Array(T * B * H),
    tcs: new Float64Array(T * B * H),
    hs: new Float64Array(T * B * H),
    rows: new Int32Array(T * B),
    P: new Float64Array(B * S),
    LSM: new Float64Array(B * S),
    DZDU: new Float64Array(B * S),
    ENT: new Float64Array(T * B),
  };
  caches.forEach((c, b) => {
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      out.gates.set(c.gates.subarray(t * G, (t + 1) * G), r * G);
      out.cs.set(c.cs.subarray(t * H, (t + 1) * H), r * H);
      out.tcs.set(c.tcs.subarray(t * H, (t + 1) * H), r * H);
      out.hs.set(c.hs.subarray(t * H, (t + 1) * H), r * H);
      out.rows[r] = c.rows[t] as number;
      out.ENT[r] = c.ENT[t] as number;
      const size = (policy.decisions[t] as { size: number }).size;
      const off = policy.offsets[t] as number;
      const at = off * B + b * size;
      out.P.set(c.P.subarray(off, off + size), at);
      out.LSM.set(c.LSM.subarray(off, off + size), at);
      out.DZDU.set(c.DZDU.subarray(off, off + size), at);
    }
  });
  return out;
}

import * as tf from '../../../src/tfjs.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeCaches } from '../../../src/controller/policy/lstm-backprop.js';
import { LstmPolicy } from '../../../src/controller/policy/lstm-policy.js';
import type { PolicyLoss } from '../../../src/controller/policy/types.js';
import { Rng } from '../../../src/rng.js';
import { policyGradients, tfStepLogProbs } from './policy-graph.js';

const decisions = [3, 1, 4, 2, 5].map((size, i) => ({ name: `d${i}`, size }));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('LstmPolicy', () => {
  it('samples with the same log-probabilities and entropies as the tfjs forward pass', () => {
    const before = tf.memory().numTensors;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(0, 2.5), (seed, tanhConstant) => {
        const rng = new Rng(seed);
        const policy = new LstmPolicy(decisions, { hiddenSize: 12, temperature: 1.7, tanhConstant, initScale: 0.6 }, rng);
        const runs = [0, 1, 2].map(() => policy.run({ rng }));
        const ref = tfStepLogProbs(
          policy,
          runs.map((r) => r.tokens),
        );
        runs.forEach((r, b) => {
          expect(maxAbsDiff(r.logp, ref.logp[b]!)).toBeLessThan(1e-5);
          expect(maxAbsDiff(r.entropy, ref.entropy[b]!)).toBeLessThan(1e-5);
          expect(policy.run({ tokens: r.tokens })).toEqual(r);
        });
      }),
      { numRuns: 8 },
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('computes the same REINFORCE and PPO gradients by hand as tfjs does', () => {
    const before = tf.memory().numTensors;
    const losses: PolicyLoss[] = [
      { kind: 'reinforce', entropyWeight: 0.05 },
      { kind: 'ppo', entropyWeight: 0.05, clipRange: 0.2 },
    ];
    for (const tanhConstant of [0, 2.5]) {
      const rng = new Rng(tanhConstant * 2);
      const policy = new LstmPolicy(decisions, { hiddenSize: 10, temperature: 1.5, tanhConstant, initScale: 0.5 }, rng);
      const runs = [0, 1, 2, 3].map(() => policy.run({ rng }));
      // old log-probs perturbed so that some ratios fall outside the clip range
      const batch = {
        tokens: runs.map((r) => r.tokens),
        advantages: [0.5, -1, 2, 0.1],
        oldLogp: runs.map((r) => r.logp.map((l) => l + 0.3 * rng.normal())),
      };
      for (const loss of losses) {
        const ref = policyGradients(policy, batch, loss);
        const mine = policy.gradients(batch, loss);
        expect(mine.loss).toBeCloseTo(ref.loss, 5);
        ref.grads.forEach((g, k) => {
          const scale = Math.max(1e-3, ...Array.from(g, Math.abs));
          expect(maxAbsDiff(mine.grads[k]!, g) / scale).toBeLessThan(1e-4);
        });
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives bitwise the same gradients from the sampling activations as from a fresh forward pass', () => {
    const rng = new Rng(9);
    const policy = new LstmPolicy(decisions, { hiddenSize: 10, temperature: 5, tanhConstant: 2.5, initScale: 0.3 }, rng);
    const runs = [0, 1, 2].map(() => policy.run({ rng }));
    const batch = { tokens: runs.map((r) => r.tokens), advantages: [0.2, -0.4, 0.1], oldLogp: runs.map((r) => r.logp) };
    const loss = { kind: 'ppo', entropyWeight: 0.03, clipRange: 0.2 } as const;
    const fresh = policy.gradients(batch, loss);
    const cached = policy.gradients(
      batch,
      loss,
      mergeCaches(
        policy,
        runs.map((r) => r.cache),
      ),
    );
    expect(cached).toEqual(fresh);
  });

  it('samples and differentiates bitwise the same with and without the WebAssembly kernel', () => {
    const shape = { hiddenSize: 9, temperature: 2, tanhConstant: 2.5, initScale: 0.4 };
    const wasm = new LstmPolicy(decisions, shape, new Rng(4));
    const js = new LstmPolicy(decisions, shape, new Rng(4), false);
    const [r1, r2] = [new Rng(11), new Rng(11)];
    const a = [0, 1, 2].map(() => wasm.run({ rng: r1 }));
    const b = [0, 1, 2].map(() => js.run({ rng: r2 }));
    expect(b).toEqual(a);
    const batch = { tokens: a.map((r) => r.tokens), advantages: [1, -0.5, 0.25] };
    const loss = { kind: 'reinforce', entropyWeight: 0.02 } as const;
    expect(js.gradients(batch, loss)).toEqual(wasm.gradients(batch, loss));
  });

  it('saves its weights as plain JSON and loads them back', () => {
    const a = new LstmPolicy(decisions, { hiddenSize: 4, temperature: 1, tanhConstant: 0, initScale: 0.1 }, new Rng(1));
    const b = new LstmPolicy(decisions, { hiddenSize: 4, temperature: 1, tanhConstant: 0, initScale: 0.1 }, new Rng(2));
    b.load(JSON.parse(JSON.stringify(a.save())), ['policy'])();
    expect(b.params).toEqual(a.params);
  });
});

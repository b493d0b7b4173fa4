/** Shared tests of the two LSTM policy controllers. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, RandomController, type Controller, type HasDecisions, type PolicyControllerOptions } from '../../src/index.js';

/** A 6-decision toy problem: reward = fraction of decisions set to option 2 (optimum 1). */
const TOY: HasDecisions = { decisions: Array.from({ length: 6 }, (_, i) => ({ name: `x${i}`, size: 4 })) };
const toy = (tokens: readonly number[]): number => tokens.filter((t) => t === 2).length / tokens.length;

function meanRewardOfLast(c: Controller, trials: number, last: number): number {
  let sum = 0;
  for (let i = 0; i < trials; i++) {
    const p = c.ask();
    const r = toy(p.tokens);
    if (i >= trials - last) sum += r;
    c.tell(p.id, { reward: r });
  }
  return sum / last;
}

/** Learning, engine-equivalence and tensor-hygiene tests for a policy controller class. */
export function policyControllerTests(name: string, make: (space: HasDecisions, options: PolicyControllerOptions & { seed: number }) => Controller): void {
  describe(`${name} (policy)`, () => {
    it('learns a toy problem much better than random search (pinned seeds)', () => {
      for (const seed of [1, 2]) {
        const learned = meanRewardOfLast(make(TOY, { seed, hiddenSize: 16 }), 300, 50);
        const random = meanRewardOfLast(new RandomController(TOY, { seed }), 300, 50);
        expect(learned).toBeGreaterThan(random + 0.25);
      }
    });

    it('makes the same updates with tfjs gradients as with the hand-written ones, leaking no tensors', async () => {
      await tf.setBackend('cpu');
      const before = tf.memory().numTensors;
      const js = make(TOY, { seed: 3, hiddenSize: 8, batchSize: 4 });
      const viaTf = make(TOY, { seed: 3, hiddenSize: 8, batchSize: 4, gradients: 'tfjs' });
      for (let i = 0; i < 12; i++) {
        const p = js.ask();
        const q = viaTf.ask();
        expect(q.tokens).toEqual(p.tokens);
        js.tell(p.id, { reward: toy(p.tokens) });
        viaTf.tell(q.id, { reward: toy(q.tokens) });
      }
      expect(tf.memory().numTensors).toBe(before);
      const a = (js.snapshot() as { state: { policy: Record<string, number[]> } }).state.policy;
      const b = (viaTf.snapshot() as { state: { policy: Record<string, number[]> } }).state.policy;
      for (const key of Object.keys(a)) {
        a[key]!.forEach((x, i) => expect(Math.abs(x - b[key]![i]!)).toBeLessThan(1e-4));
      }
    });

    it('with normalized advantages, learns the same from rewards under any positive affine map (and not without)', () => {
      const run = (normalizeAdvantages: boolean, map: (r: number) => number): number[][] => {
        const c = make(TOY, { seed: 5, hiddenSize: 8, batchSize: 4, normalizeAdvantages, entropyWeight: 0.01 });
        const seen: number[][] = [];
        for (let i = 0; i < 40; i++) {
          const p = c.ask();
          seen.push([...p.tokens]);
          c.tell(p.id, { reward: map(toy(p.tokens)) });
        }
        return seen;
      };
      const scaled = (r: number): number => 0.001 * r + 0.9;
      expect(run(true, scaled)).toEqual(run(true, (r) => r));
      expect(run(false, scaled)).not.toEqual(run(false, (r) => r));
    });

    it('validates its options', () => {
      expect(() => make(TOY, { seed: 1, normalizeAdvantages: 'yes' as never })).toThrowErrorMatchingInlineSnapshot(`[InvalidOptionsError: Invalid option normalizeAdvantages: expected true or false, received "yes"]`);
      expect(() => make(TOY, { seed: 1, hiddenSize: 0 })).toThrow(InvalidOptionsError);
      expect(() => make(TOY, { seed: 1, learningRate: -1 })).toThrow(InvalidOptionsError);
      expect(() => make(TOY, { seed: 1, gradients: 'gpu' as never })).toThrowErrorMatchingInlineSnapshot(
        `[InvalidOptionsError: Invalid option gradients: expected "js" or "tfjs", received "gpu"]`,
      );
    });
  });
}

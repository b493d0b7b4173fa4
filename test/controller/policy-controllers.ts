/** Shared tests of the two LSTM policy controllers. */
import * as tf from '../../src/tfjs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LstmPolicy } from '../../src/controller/policy/lstm-policy.js';
import type { LearningState } from '../../src/controller/policy-state.js';
import {
  InvalidOptionsError,
  RandomController,
  type Controller,
  type HasDecisions,
  type PolicyControllerOptions,
} from '../../src/index.js';

/** A 6-decision toy problem: reward = fraction of decisions set to option 2 (optimum 1). */
const TOY: HasDecisions = { decisions: Array.from({ length: 6 }, (_, i) => ({ name: `x${i}`, size: 4 })) };
const toy = (tokens: readonly number[]): number => tokens.filter((t) => t === 2).length / tokens.length;

/** A 3-decision space with 27 architectures. */
const SMALL: HasDecisions = { decisions: Array.from({ length: 3 }, (_, i) => ({ name: `y${i}`, size: 3 })) };

/** The LSTM policy inside a policy controller (white-box, for tests). */
const policyOf = (c: Controller): LstmPolicy => (c as unknown as { policy: LstmPolicy }).policy;
/** The learning state inside a policy controller (white-box, for tests). */
const learningOf = (c: Controller): LearningState => (c as unknown as { learning: LearningState }).learning;

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

/** Builds a policy controller of the class under test. */
export type PolicyControllerFactory = (space: HasDecisions, options: PolicyControllerOptions & { seed: number }) => Controller;

/**
 * Learning, engine-equivalence and tensor-hygiene tests for a policy
 * controller class. `makeTfjs` builds the same class with its gradients
 * differentiated by tfjs (a test subclass overriding `gradients`, see
 * `policy/policy-graph.ts`).
 */
export function policyControllerTests(name: string, make: PolicyControllerFactory, makeTfjs: PolicyControllerFactory): void {
  describe(`${name} (policy)`, () => {
    it('learns a toy problem much better than random search (pinned seeds)', () => {
      for (const seed of [1, 2]) {
        // Repeats allowed: the mean of the last proposals measures the policy, and 300 distinct
        // points of TOY cannot average above 0.5 over the last 50 however well it has learned.
        const learned = meanRewardOfLast(make(TOY, { seed, hiddenSize: 16, duplicateRetries: 0 }), 300, 50);
        const random = meanRewardOfLast(new RandomController(TOY, { seed }), 300, 50);
        expect(learned).toBeGreaterThan(random + 0.25);
      }
    });

    it('makes the same updates with tfjs gradients as with the hand-written ones, leaking no tensors', async () => {
      await tf.setBackend('cpu');
      const before = tf.memory().numTensors;
      const js = make(TOY, { seed: 3, hiddenSize: 8, batchSize: 4 });
      const viaTf = makeTfjs(TOY, { seed: 3, hiddenSize: 8, batchSize: 4 });
      for (let i = 0; i < 12; i++) {
        const p = js.ask();
        const q = viaTf.ask();
        expect(q.tokens).toEqual(p.tokens);
        js.tell(p.id, { reward: toy(p.tokens) });
        viaTf.tell(q.id, { reward: toy(q.tokens) });
      }
      expect(tf.memory().numTensors).toBe(before);
      const a = policyOf(js).params;
      const b = policyOf(viaTf).params;
      expect(b.map((w) => w.length)).toEqual(a.map((w) => w.length));
      a.forEach((w, k) => w.forEach((x, i) => expect(Math.abs(x - b[k]![i]!)).toBeLessThan(1e-4)));
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

    it('with self-imitation, makes the best trial so far more likely than the same update without it', () => {
      const withSil = make(TOY, { seed: 6, hiddenSize: 8, batchSize: 5, selfImitationSize: 3 });
      const without = make(TOY, { seed: 6, hiddenSize: 8, batchSize: 5, selfImitationSize: 0 });
      let best: { tokens: readonly number[]; reward: number } | undefined;
      for (let i = 0; i < 5; i++) {
        const p = withSil.ask();
        const q = without.ask();
        // Self-imitation changes nothing before the first update.
        expect(q.tokens).toEqual(p.tokens);
        const reward = toy(p.tokens) + i * 1e-3;
        if (best === undefined || reward > best.reward) best = { tokens: p.tokens, reward };
        withSil.tell(p.id, { reward });
        without.tell(q.id, { reward });
      }
      const logp = (c: Controller): number =>
        policyOf(c)
          .run({ tokens: best!.tokens })
          .logp.reduce((a, b) => a + b, 0);
      expect(logp(withSil)).toBeGreaterThan(logp(without) + 0.01);
    });

    it('keeps the best selfImitationSize distinct trials, best first, and restores them from a snapshot (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 27, maxLength: 27 }),
          fc.integer({ min: 1, max: 30 }),
          fc.integer({ min: 1, max: 6 }),
          (table, trials, size) => {
            // The reward is a function of the architecture (one of SMALL's 27), so a repeat scores the same.
            const rewardOf = (tokens: readonly number[]): number => table[tokens.reduce((r, x) => r * 3 + x, 0)]!;
            const c = make(SMALL, { seed: 2, hiddenSize: 4, batchSize: 3, selfImitationSize: size, duplicateRetries: 0 });
            const told: (readonly number[])[] = [];
            for (let i = 0; i < trials; i++) {
              const p = c.ask();
              told.push(p.tokens);
              c.tell(p.id, { reward: rewardOf(p.tokens) });
            }
            const state = learningOf(c);
            // Trials still in the buffer have not been learned from yet.
            const learned = told.slice(0, trials - state.buffer.length);
            const distinct = [...new Map(learned.map((t) => [t.join(','), rewardOf(t)])).values()].sort((a, b) => b - a);
            expect(state.elites.map((e) => e.reward)).toEqual(distinct.slice(0, size));
            expect(new Set(state.elites.map((e) => e.tokens.join(','))).size).toBe(state.elites.length);
            for (const e of state.elites) expect(e.reward).toBe(rewardOf(e.tokens));
            const copy = make(SMALL, { seed: 9, hiddenSize: 4, batchSize: 3, selfImitationSize: size, duplicateRetries: 0 });
            copy.restore(c.snapshot());
            expect(learningOf(copy).elites).toEqual(state.elites);
            expect(copy.snapshot()).toEqual(c.snapshot());
          },
        ),
        { numRuns: 40 },
      );
    });

    it('validates its options', () => {
      expect(() => make(TOY, { seed: 1, selfImitationSize: 2.5 })).toThrow(/selfImitationSize/);
      expect(() => make(TOY, { seed: 1, selfImitationWeight: -1 })).toThrow(/selfImitationWeight/);
      expect(() => make(TOY, { seed: 1, normalizeAdvantages: 'yes' as never })).toThrowErrorMatchingInlineSnapshot(
        `[InvalidOptionsError: Invalid controller option at normalizeAdvantages: expected true or false, received "yes"]`,
      );
      expect(() => make(TOY, { seed: 1, hiddenSize: 0 })).toThrow(InvalidOptionsError);
      expect(() => make(TOY, { seed: 1, learningRate: -1 })).toThrow(InvalidOptionsError);
    });
  });
}

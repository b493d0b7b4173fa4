import { describe, expect, it } from 'vitest';
import { type HasDecisions, InvalidOptionsError, SurrogateController, kendallTau } from '../../src/index.js';
import { Rng } from '../../src/rng.js';
import { thrown } from '../space/thrown.js';
import { controllerContract } from './contract.js';

controllerContract(
  'SurrogateController (linear trend)',
  (space, options) =>
    new SurrogateController(space, {
      ...options,
      initialTrials: 3,
      trees: 6,
      candidates: 40,
      trend: 'linear',
      trendWeight: 2,
      features: (t) => [t.reduce((a, b) => a + b, 0), Math.log(1 + (t[0] as number))],
    }),
);

/** 6 decisions of 4 options; the free feature is the tokens' sum, and the reward follows it with a bump of its own per network. */
const SPACE: HasDecisions = { decisions: Array.from({ length: 6 }, (_, i) => ({ name: `d${i}`, size: 4 })) };
const sum = (t: readonly number[]): number => t.reduce((a, b) => a + b, 0);
const reward = (t: readonly number[]): number => 0.5 + 0.02 * sum(t) + 0.01 * (new Rng(`bump/${t.join(',')}`).next() - 0.5);

/** Kendall tau of the controller's predictions against the reward on 80 networks it was not told, after `k` told ones. */
function rankAfter(k: number, options: ConstructorParameters<typeof SurrogateController>[1], seed: number): number {
  const c = new SurrogateController(SPACE, { seed, features: (t) => [sum(t)], initialTrials: k, ...options });
  for (let i = 0; i < k; i++) {
    const p = c.ask();
    c.tell(p.id, { reward: reward(p.tokens) });
  }
  const rng = new Rng(`probe/${seed}`);
  const probes = Array.from({ length: 80 }, () => SPACE.decisions.map((d) => rng.int(d.size)));
  return kendallTau(
    probes.map((t) => c.predict(t).mean),
    probes.map(reward),
  );
}

describe('SurrogateController with a linear trend', () => {
  it('ranks untold networks as the features do after a few trials, where the forest alone does not yet', () => {
    const seeds = [1, 2, 3, 4, 5];
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const trended = mean(seeds.map((s) => rankAfter(8, { trend: 'linear', trendWeight: 2 }, s)));
    const plain = mean(seeds.map((s) => rankAfter(8, {}, s)));
    expect(trended).toBeGreaterThan(0.8);
    expect(trended).toBeGreaterThan(plain + 0.1);
  });

  it('is the forest alone by default, and with trend none', () => {
    const a = new SurrogateController(SPACE, { seed: 3, features: (t) => [sum(t)] });
    const b = new SurrogateController(SPACE, { seed: 3, features: (t) => [sum(t)], trend: 'none', trendWeight: 5, ridge: 9 });
    for (let i = 0; i < 14; i++) {
      const p = a.ask();
      const q = b.ask();
      expect(q.tokens).toEqual(p.tokens);
      a.tell(p.id, { reward: reward(p.tokens) });
      b.tell(q.id, { reward: reward(q.tokens) });
    }
    expect(b.predict([1, 2, 3, 0, 1, 2])).toEqual(a.predict([1, 2, 3, 0, 1, 2]));
  });

  it('refuses a bad trend, ridge or trendWeight, naming it', () => {
    const bad: [object, string][] = [
      [{ trend: 'quadratic' }, 'trend'],
      [{ ridge: -1 }, 'ridge'],
      [{ ridge: Number.NaN }, 'ridge'],
      [{ trendWeight: -0.5 }, 'trendWeight'],
      [{ trendWeight: '2' }, 'trendWeight'],
    ];
    for (const [options, path] of bad) {
      const error = thrown(() => new SurrogateController(SPACE, options as object));
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect((error as InvalidOptionsError).path).toEqual([path]);
    }
  });
});

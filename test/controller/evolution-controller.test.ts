import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvolutionController, InvalidOptionsError, InvalidSpaceError } from '../../src/index.js';
import { CONTRACT_SPACE, drive, toyReward } from './contract.js';

interface Snap {
  state: { population: { tokens: number[]; reward: number }[] };
}

describe('EvolutionController', () => {
  it('mutates exactly one decision of a population member once the population is full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 8 }), (seed, populationSize) => {
        const c = new EvolutionController(CONTRACT_SPACE, { seed, populationSize, sampleSize: 2 });
        drive(c, populationSize, 1);
        for (let i = 0; i < 10; i++) {
          const population = (c.snapshot() as Snap).state.population;
          expect(population.length).toBe(populationSize);
          const p = c.ask();
          const distances = population.map((m) => m.tokens.filter((t, j) => t !== p.tokens[j]).length);
          expect(distances).toContain(1);
          c.tell(p.id, { reward: toyReward(p.tokens) });
        }
      }),
      { numRuns: 20 },
    );
  });

  it('ages out the oldest member, not the worst', () => {
    const c = new EvolutionController(CONTRACT_SPACE, { seed: 2, populationSize: 3, sampleSize: 3 });
    const rewards = [0.9, 0.1, 0.5, 0.2];
    for (const r of rewards) c.tell(c.ask().id, { reward: r });
    expect((c.snapshot() as Snap).state.population.map((m) => m.reward)).toEqual([0.1, 0.5, 0.2]);
  });

  it('picks the tournament winner as parent (sample size = population size)', () => {
    const c = new EvolutionController(CONTRACT_SPACE, { seed: 3, populationSize: 4, sampleSize: 50 });
    const asked = [c.ask(), c.ask(), c.ask(), c.ask()];
    asked.forEach((p, i) => c.tell(p.id, { reward: i === 2 ? 1 : 0 }));
    const best = asked[2]!.tokens;
    for (let i = 0; i < 5; i++) {
      const child = c.ask().tokens;
      expect(child.filter((t, j) => t !== best[j]).length).toBe(1);
    }
  });

  it('validates its options', () => {
    expect(() => new EvolutionController(CONTRACT_SPACE, { populationSize: 0 })).toThrow(InvalidOptionsError);
    expect(() => new EvolutionController(CONTRACT_SPACE, { sampleSize: 1.5 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid controller option at sampleSize: expected an integer >= 1, received 1.5]`,
    );
    expect(() => new EvolutionController({ decisions: [] })).toThrow(InvalidSpaceError);
  });
});

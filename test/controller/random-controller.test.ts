import { describe, expect, it } from 'vitest';
import { RandomController, Rng } from '../../src/index.js';
import { CONTRACT_SPACE } from './contract.js';

describe('RandomController', () => {
  it('draws every option of every decision', () => {
    const c = new RandomController(CONTRACT_SPACE, { seed: 1 });
    const seen = CONTRACT_SPACE.decisions.map(() => new Set<number>());
    for (let i = 0; i < 200; i++) c.ask().tokens.forEach((t, d) => seen[d]!.add(t));
    expect(seen.map((s) => s.size)).toEqual(CONTRACT_SPACE.decisions.map((d) => d.size));
  });

  it('draws the same tokens as Rng.int per decision', () => {
    const c = new RandomController(CONTRACT_SPACE, { seed: 'abc' });
    const rng = new Rng('abc');
    expect(c.ask().tokens).toEqual(CONTRACT_SPACE.decisions.map((d) => rng.int(d.size)));
  });
});

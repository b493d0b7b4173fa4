import { describe, expect, it } from 'vitest';
import { ControllerStateError, InvalidOptionsError, NsgaIIController, hypervolume, type HasDecisions } from '../../src/index.js';
import { CONTRACT_SPACE } from './contract.js';

/** 8 decisions of 4 options: accuracy grows with the tokens' sum, latency with the sum of the first half. */
const SPACE: HasDecisions = { decisions: Array.from({ length: 8 }, (_, i) => ({ name: `x${i}`, size: 4 })) };
function metrics(t: readonly number[]): [number, number] {
  const acc = t.reduce((s, x) => s + x, 0) / 24;
  const lat = 1 + t.slice(0, 4).reduce((s, x) => s + x, 0) - (0.5 * t.slice(4).reduce((s, x) => s + x, 0)) / 12;
  return [acc, lat];
}

function run(c: NsgaIIController, n: number, limit = Infinity): [number, number][] {
  const seen: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const p = c.ask();
    const [acc, lat] = metrics(p.tokens);
    seen.push([acc, lat]);
    c.tell(p.id, { reward: acc, objectives: [acc, lat], violation: Math.max(0, lat - limit) });
  }
  return seen;
}

describe('NsgaIIController', () => {
  const hv = (ps: [number, number][]): number => hypervolume(ps, [0, 14], ['maximize', 'minimize']);
  // A population larger than the budget keeps every proposal uniform: random search.
  const random = (seed: number, limit = Infinity) =>
    run(new NsgaIIController(SPACE, { seed, populationSize: 1000, directions: ['maximize', 'minimize'] }), 200, limit);

  it('finds a front of larger hypervolume than random search (pinned seeds)', () => {
    for (const seed of [1, 2, 3]) {
      const points = run(new NsgaIIController(SPACE, { seed, populationSize: 20, directions: ['maximize', 'minimize'] }), 200);
      expect(hv(points)).toBeGreaterThan(hv(random(seed)));
    }
  });

  it('proposes feasible candidates more often than random search under a constraint (constrained domination)', () => {
    for (const seed of [4, 5]) {
      const feasible = (ps: [number, number][]): number => ps.slice(100).filter(([, l]) => l <= 3).length;
      const points = run(new NsgaIIController(SPACE, { seed, populationSize: 20, directions: ['maximize', 'minimize'] }), 200, 3);
      expect(feasible(points)).toBeGreaterThan(2 * feasible(random(seed, 3)));
    }
  });

  it('continues exactly after snapshot and restore with two objectives and a constraint', () => {
    const make = (seed: number) => new NsgaIIController(SPACE, { seed, populationSize: 8, directions: ['maximize', 'minimize'] });
    const whole = make(1);
    run(whole, 30, 3);
    const rest = run(whole, 30, 3);
    const part = make(1);
    run(part, 30, 3);
    const twin = make(9);
    twin.restore(JSON.parse(JSON.stringify(part.snapshot())));
    expect(run(twin, 30, 3)).toEqual(rest);
    expect(() => twin.restore({ ...(part.snapshot() as object), state: { population: [], offspring: 'x' } })).toThrow(ControllerStateError);
  });

  it('rejects bad options and outcomes, naming them', () => {
    expect(() => new NsgaIIController(CONTRACT_SPACE, { directions: ['up'] as never })).toThrow(InvalidOptionsError);
    expect(() => new NsgaIIController(CONTRACT_SPACE, { directions: [] })).toThrow(/directions/);
    expect(() => new NsgaIIController(CONTRACT_SPACE, { populationSize: 1 })).toThrow(/populationSize/);
    const c = new NsgaIIController(CONTRACT_SPACE, { directions: ['maximize', 'minimize'] });
    const p = c.ask();
    expect(() => c.tell(p.id, { reward: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ControllerStateError: Invalid objectives: expected 2 objective values, received none]`,
    );
    expect(() => c.tell(p.id, { reward: 1, objectives: [1, Number.NaN] })).toThrow(ControllerStateError);
    expect(() => c.tell(p.id, { reward: 1, objectives: [1, 2], violation: -1 })).toThrowErrorMatchingInlineSnapshot(
      `[ControllerStateError: Invalid violation: expected a finite number >= 0, received -1]`,
    );
    c.tell(p.id, { reward: 1, objectives: [1, 2], violation: 0.5 });
  });
});

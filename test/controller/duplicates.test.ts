import { describe, expect, it } from 'vitest';
import {
  ControllerStateError,
  EvolutionController,
  InvalidOptionsError,
  loadNasBench201,
  mnasReward,
  PpoController,
  RandomController,
  ReinforceController,
  type Controller,
  type HasDecisions,
} from '../../src/index.js';
import { CONTRACT_SPACE, toyReward } from './contract.js';

type Make = (space: HasDecisions, options: { seed: number; duplicateRetries?: number }) => Controller;

const MAKERS: [string, Make][] = [
  ['RandomController', (s, o) => new RandomController(s, o)],
  ['EvolutionController', (s, o) => new EvolutionController(s, { ...o, populationSize: 5 })],
  ['ReinforceController', (s, o) => new ReinforceController(s, { ...o, hiddenSize: 8, batchSize: 4 })],
  ['PpoController', (s, o) => new PpoController(s, { ...o, hiddenSize: 8, batchSize: 4 })],
];

/** Runs `n` sequential trials on the toy reward and returns the proposals' keys. */
function keys(c: Controller, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = c.ask();
    out.push(p.tokens.join(','));
    c.tell(p.id, { reward: toyReward(p.tokens) });
  }
  return out;
}

describe.each(MAKERS)('%s duplicateRetries', (_name, make) => {
  it('proposes no repeat while retries find a new point, and repeats without them', () => {
    // CONTRACT_SPACE has 120 points: 60 trials stay well inside it.
    const distinct = keys(make(CONTRACT_SPACE, { seed: 3, duplicateRetries: 500 }), 60);
    expect(new Set(distinct).size).toBe(60);
    // A 4-point space cannot hold 12 distinct proposals: with retries the first 4 are distinct,
    // then it repeats (exhausted).
    const tiny: HasDecisions = {
      decisions: [
        { name: 'a', size: 2 },
        { name: 'b', size: 2 },
      ],
    };
    const withRetries = keys(make(tiny, { seed: 3, duplicateRetries: 500 }), 12);
    expect(new Set(withRetries.slice(0, 4)).size).toBe(4);
    const without = keys(make(tiny, { seed: 3, duplicateRetries: 0 }), 12);
    expect(new Set(without.slice(0, 4)).size).toBeLessThan(4);
  });

  it('falls back to an unseen point when the retries all repeat, until the space is exhausted', () => {
    // One retry is rarely enough once the 120-point space fills up; the fallback still finds the rest.
    const all = keys(make(CONTRACT_SPACE, { seed: 5, duplicateRetries: 1 }), 130);
    expect(new Set(all.slice(0, 120)).size).toBe(120);
    expect(new Set(all).size).toBe(120);
  });

  it('keeps the proposed set across snapshots, and restores snapshots made before it existed', () => {
    const c = make(CONTRACT_SPACE, { seed: 4 });
    const first = keys(c, 10);
    const snap = JSON.parse(JSON.stringify(c.snapshot())) as Record<string, unknown>;
    const twin = make(CONTRACT_SPACE, { seed: 99 });
    twin.restore(snap);
    // Saved as keys, or (policy controllers) found again by replaying the calls.
    expect([...(twin as unknown as { proposed: Set<string> }).proposed].sort()).toEqual([...new Set(first)].sort());
    expect(keys(twin, 10)).toEqual(keys(c, 10));
    const { proposed: _dropped, ...old } = snap;
    expect(() => make(CONTRACT_SPACE, { seed: 1 }).restore(old)).not.toThrow();
    expect(() => make(CONTRACT_SPACE, { seed: 1 }).restore({ ...snap, proposed: ['1,x'] })).toThrowErrorMatchingInlineSnapshot(
      `[ControllerStateError: Invalid controller snapshot at snapshot.proposed.0: expected comma-separated tokens, received "1,x"]`,
    );
    expect(() => make(CONTRACT_SPACE, { seed: 1 }).restore({ ...snap, proposed: 'all' })).toThrow(ControllerStateError);
  });

  it('rejects a negative or fractional duplicateRetries, naming it', () => {
    expect(() => make(CONTRACT_SPACE, { seed: 1, duplicateRetries: -1 })).toThrow(InvalidOptionsError);
    expect(() => make(CONTRACT_SPACE, { seed: 1, duplicateRetries: 1.5 })).toThrow(/duplicateRetries/);
  });
});

describe('repeats on NAS-Bench-201 (the report of issue 16)', () => {
  const nb = loadNasBench201();
  const reward = (tokens: readonly number[]): number => {
    const cell = nb.space.decode(tokens);
    return mnasReward({ accuracy: nb.accuracy(cell), latencyMs: nb.latencyMs(cell, 'pixel3') as number }, { targetMs: 10 });
  };
  const defaults: [string, (space: HasDecisions) => Controller][] = [
    ['RandomController', (s) => new RandomController(s, { seed: 1 })],
    ['EvolutionController', (s) => new EvolutionController(s, { seed: 1 })],
    ['ReinforceController', (s) => new ReinforceController(s, { seed: 1 })],
    ['PpoController', (s) => new PpoController(s, { seed: 1 })],
  ];
  it.each(defaults)('%s with default options proposes 300 distinct cells', (_name, make) => {
    const c = make(nb.space);
    const cells = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const p = c.ask();
      cells.add(JSON.stringify(nb.space.decode(p.tokens)));
      c.tell(p.id, { reward: reward(p.tokens) });
    }
    expect(cells.size).toBe(300);
  });
});

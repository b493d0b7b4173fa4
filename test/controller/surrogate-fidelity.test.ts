import { describe, expect, it } from 'vitest';
import { ControllerStateError, type HasDecisions, InvalidOptionsError, type Outcome, SurrogateController } from '../../src/index.js';
import { thrown } from '../space/thrown.js';
import { controllerContract } from './contract.js';

/** A surrogate told low rewards as stopped at half the budget, as a pruner would stop them. */
class PartlyStopped extends SurrogateController {
  override tell(id: string, outcome: Outcome): void {
    const low = typeof outcome === 'object' && outcome !== null && 'reward' in outcome && outcome.reward < 0.2;
    super.tell(id, low ? { ...outcome, fidelity: 0.5 } : outcome);
  }
}

controllerContract(
  'SurrogateController (rewards told at two fidelities)',
  (space, options) => new PartlyStopped(space, { ...options, initialTrials: 4, trees: 8, candidates: 60 }),
);

/** A surrogate told the better rewards with the rewards of two earlier rungs, as a pruner that promoted those trials would. */
class Promoted extends SurrogateController {
  override tell(id: string, outcome: Outcome): void {
    const high = typeof outcome === 'object' && outcome !== null && 'reward' in outcome && outcome.reward > 0.5;
    const partialRewards = high
      ? [
          { fidelity: 0.25, reward: outcome.reward * 0.5 },
          { fidelity: 0.5, reward: outcome.reward * 0.75 },
        ]
      : [];
    super.tell(id, high ? { ...outcome, partialRewards } : outcome);
  }
}

controllerContract(
  'SurrogateController (rewards told with partial rewards)',
  (space, options) => new Promoted(space, { ...options, initialTrials: 4, trees: 8, candidates: 60 }),
);

/** 5 decisions of 4 options; the full-budget reward grows with the tokens' sum. */
const SPACE: HasDecisions = { decisions: Array.from({ length: 5 }, (_, i) => ({ name: `d${i}`, size: 4 })) };
const full = (t: readonly number[]): number => 0.2 + t.reduce((a, b) => a + b, 0) / 20;
/** What a trial reaches at `fidelity`: a fraction of its full reward. */
const atFidelity = (t: readonly number[], fidelity: number): number => full(t) * (0.5 + 0.5 * fidelity);

/** Tells `n` trials, every other one stopped at a quarter of the budget. */
function drivePartial(c: SurrogateController, n: number): void {
  for (let i = 0; i < n; i++) {
    const p = c.ask();
    const fidelity = i % 2 === 0 ? 0.25 : 1;
    c.tell(p.id, { reward: atFidelity(p.tokens, fidelity), ...(fidelity < 1 ? { fidelity } : {}) });
  }
}

const options = { seed: 4, initialTrials: 6, trees: 12, candidates: 80 };

describe('SurrogateController with fidelities', () => {
  it('learns the fidelity: after partial results it predicts more at the full budget than at a quarter of it', () => {
    const c = new SurrogateController(SPACE, options);
    drivePartial(c, 40);
    const probe = [3, 3, 2, 3, 3];
    expect(c.predict(probe, 1).mean).toBeGreaterThan(c.predict(probe, 0.25).mean);
    // Without the fidelity, the same tells are learned as if at the full budget: one answer at every fidelity.
    const blind = new SurrogateController(SPACE, { ...options, multiFidelity: false });
    drivePartial(blind, 40);
    expect(blind.predict(probe, 0.25)).toEqual(blind.predict(probe, 1));
  });

  it('answers the same at every fidelity while every trial was told at the full budget', () => {
    const c = new SurrogateController(SPACE, options);
    for (let i = 0; i < 12; i++) {
      const p = c.ask();
      c.tell(p.id, { reward: full(p.tokens) });
    }
    expect(c.predict([1, 2, 3, 0, 1], 0.125)).toEqual(c.predict([1, 2, 3, 0, 1]));
  });

  it('keeps the proposals of a search without partial results: telling fidelity 1 changes nothing', () => {
    const a = new SurrogateController(SPACE, options);
    const b = new SurrogateController(SPACE, options);
    for (let i = 0; i < 20; i++) {
      const p = a.ask();
      const q = b.ask();
      expect(q.tokens).toEqual(p.tokens);
      a.tell(p.id, { reward: full(p.tokens) });
      b.tell(q.id, { reward: full(q.tokens), fidelity: 1 });
    }
    expect(b.snapshot()).toEqual(a.snapshot());
  });

  it('snapshots a partial trial with its fidelity, and continues exactly after a restore with asks pending', () => {
    const a = new SurrogateController(SPACE, options);
    drivePartial(a, 15);
    const pending = [a.ask(), a.ask()];
    const snap = JSON.parse(JSON.stringify(a.snapshot())) as { state: { told: unknown[][] } };
    expect(snap.state.told[0]).toHaveLength(4);
    expect(snap.state.told[0]?.[3]).toBe(0.25);
    expect(snap.state.told[1]).toHaveLength(3);
    const b = new SurrogateController(SPACE, options);
    b.restore(snap);
    for (const c of [a, b]) {
      c.tell((pending[1] as { id: string }).id, { reward: 0.3, fidelity: 0.5 });
      c.tell((pending[0] as { id: string }).id, { reward: 0.6 });
      drivePartial(c, 10);
    }
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(b.predict([0, 1, 2, 3, 0], 0.5)).toEqual(a.predict([0, 1, 2, 3, 0], 0.5));
  });

  it("learns a promoted trial's partial rewards at their fidelities, not only its final result", () => {
    const tellAll = (c: SurrogateController, partials: boolean): void => {
      for (let i = 0; i < 30; i++) {
        const p = c.ask();
        const partialRewards = [0.125, 0.25, 0.5].map((fidelity) => ({ fidelity, reward: atFidelity(p.tokens, fidelity) }));
        c.tell(p.id, { reward: full(p.tokens), ...(partials ? { partialRewards } : {}) });
      }
    };
    const probe = [3, 3, 2, 3, 3];
    const told = new SurrogateController(SPACE, options);
    tellAll(told, true);
    // Every trial ran to the full budget: the partial rewards are all the model knows of lower fidelities.
    expect(told.predict(probe, 0.125).mean).toBeLessThan(0.8 * told.predict(probe, 1).mean);
    const finalOnly = new SurrogateController(SPACE, options);
    tellAll(finalOnly, false);
    expect(finalOnly.predict(probe, 0.125)).toEqual(finalOnly.predict(probe, 1));
    // Without multiFidelity they are kept but not learned: the model is the one of the final results.
    const blind = new SurrogateController(SPACE, { ...options, multiFidelity: false });
    tellAll(blind, true);
    expect(blind.predict(probe, 0.125)).toEqual(finalOnly.predict(probe, 1));
  });

  it('snapshots partial rewards compactly as one flat array and continues exactly after a restore with asks pending', () => {
    const drive = (c: SurrogateController, n: number, from: number): void => {
      for (let i = from; i < from + n; i++) {
        const p = c.ask();
        const fidelity = i % 3 === 0 ? 0.5 : 1;
        const partialRewards = i % 3 === 2 ? [] : [{ fidelity: 0.25, reward: atFidelity(p.tokens, 0.25) }];
        c.tell(p.id, { reward: atFidelity(p.tokens, fidelity), ...(fidelity < 1 ? { fidelity } : {}), partialRewards });
      }
    };
    const a = new SurrogateController(SPACE, options);
    drive(a, 15, 0);
    const pending = [a.ask(), a.ask()];
    const snap = JSON.parse(JSON.stringify(a.snapshot())) as { state: { told: unknown[][] } };
    const [stopped, promoted, plain] = snap.state.told as [unknown[], unknown[], unknown[]];
    expect(stopped.slice(3)).toEqual([0.5, [0.25, expect.any(Number)]]);
    expect(promoted.slice(3)).toEqual([1, [0.25, expect.any(Number)]]);
    expect(plain).toHaveLength(3);
    const b = new SurrogateController(SPACE, options);
    b.restore(snap);
    for (const c of [a, b]) {
      c.tell((pending[1] as { id: string }).id, { reward: 0.3, partialRewards: [{ fidelity: 0.125, reward: 0.1 }] });
      c.tell((pending[0] as { id: string }).id, { reward: 0.6 });
      drive(c, 10, 17);
    }
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(b.predict([0, 1, 2, 3, 0], 0.25)).toEqual(a.predict([0, 1, 2, 3, 0], 0.25));
  });

  it('refuses bad partial rewards in an outcome and in a snapshot, changing nothing', () => {
    const c = new SurrogateController(SPACE, options);
    const p = c.ask();
    const bad: [unknown, number | undefined, (string | number)[]][] = [
      ['x', undefined, ['outcome', 'partialRewards']],
      [
        [
          { fidelity: 0.5, reward: 0.1 },
          { fidelity: 0.25, reward: 0.2 },
        ],
        undefined,
        ['outcome', 'partialRewards', 1],
      ],
      [[{ fidelity: 0.5, reward: 0.1 }], 0.5, ['outcome', 'partialRewards', 0]],
      [[{ fidelity: 1, reward: 0.1 }], undefined, ['outcome', 'partialRewards', 0]],
      [[{ fidelity: 0.25, reward: Number.NaN }], undefined, ['outcome', 'partialRewards', 0]],
      [[null], undefined, ['outcome', 'partialRewards', 0]],
    ];
    for (const [partialRewards, fidelity, path] of bad) {
      const error = thrown(() =>
        c.tell(p.id, { reward: 0.5, ...(fidelity === undefined ? {} : { fidelity }), partialRewards } as unknown as Outcome),
      );
      expect(error).toBeInstanceOf(ControllerStateError);
      expect((error as ControllerStateError).path).toEqual(path);
    }
    c.tell(p.id, { reward: 0.5, fidelity: 0.5, partialRewards: [{ fidelity: 0.25, reward: 0.3 }] });
    const snap = JSON.parse(JSON.stringify(c.snapshot())) as { state: { told: unknown[][] } };
    const before = JSON.stringify(c.snapshot());
    const broken: [unknown, number, (string | number)[]][] = [
      [[0.25], 0.5, ['snapshot', 'state', 'told', 0, 4]],
      [[], 0.5, ['snapshot', 'state', 'told', 0, 4]],
      [[0.5, 0.3], 0.5, ['snapshot', 'state', 'told', 0, 4, 0]],
      [[0.25, 0.1, 0.125, 0.2], 0.5, ['snapshot', 'state', 'told', 0, 4, 2]],
      [[0.25, 0.3], 0, ['snapshot', 'state', 'told', 0, 3]],
    ];
    for (const [flat, fidelity, path] of broken) {
      const copy = JSON.parse(JSON.stringify(snap)) as typeof snap;
      (copy.state.told[0] as unknown[])[3] = fidelity;
      (copy.state.told[0] as unknown[])[4] = flat;
      const error = thrown(() => c.restore(copy));
      expect(error).toBeInstanceOf(ControllerStateError);
      expect((error as ControllerStateError).path).toEqual(path);
    }
    expect(JSON.stringify(c.snapshot())).toBe(before);
  });

  it('restores a snapshot written before fidelities (three-element told trials)', () => {
    const a = new SurrogateController(SPACE, options);
    for (let i = 0; i < 8; i++) {
      const p = a.ask();
      a.tell(p.id, { reward: full(p.tokens) });
    }
    const snap = JSON.parse(JSON.stringify(a.snapshot())) as { state: { told: unknown[][] } };
    expect(snap.state.told.every((t) => t.length === 3)).toBe(true);
    const b = new SurrogateController(SPACE, options);
    b.restore(snap);
    expect(b.ask()).toEqual(a.ask());
  });

  it('refuses a bad fidelity in an outcome, in a snapshot and in predict, changing nothing', () => {
    const c = new SurrogateController(SPACE, options);
    const p = c.ask();
    for (const fidelity of [0, 1.5, -0.25, Number.NaN, '0.5']) {
      expect(() => c.tell(p.id, { reward: 0.5, fidelity } as unknown as Outcome)).toThrow(ControllerStateError);
    }
    expect(() => c.tell(p.id, { reward: 0.5, fidelity: 2 })).toThrowErrorMatchingInlineSnapshot(
      `[ControllerStateError: Invalid fidelity: expected a number in (0, 1], received 2]`,
    );
    c.tell(p.id, { reward: 0.5, fidelity: 0.5 });
    const snap = JSON.parse(JSON.stringify(c.snapshot())) as { state: { told: unknown[][] } };
    const before = JSON.stringify(c.snapshot());
    for (const bad of [1, 0, 'x']) {
      const broken = JSON.parse(JSON.stringify(snap)) as typeof snap;
      (broken.state.told[0] as unknown[])[3] = bad;
      const error = thrown(() => c.restore(broken));
      expect(error).toBeInstanceOf(ControllerStateError);
      expect((error as ControllerStateError).path).toEqual(['snapshot', 'state', 'told', 0, 3]);
    }
    expect(JSON.stringify(c.snapshot())).toBe(before);
    expect(() => c.predict([0, 0, 0, 0, 0], 0)).toThrow(InvalidOptionsError);
    expect(() => new SurrogateController(SPACE, { multiFidelity: 'yes' as unknown as boolean })).toThrow(InvalidOptionsError);
  });
});

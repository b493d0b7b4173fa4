import { describe, expect, it } from 'vitest';
import { type Controller, type Outcome, type Proposal, RandomController } from '../../src/controller/index.js';
import { InvalidOptionsError } from '../../src/errors.js';
import { PrefilterController } from '../../src/controller/index.js';
import { ZeroCostEvaluator } from '../../src/evaluate/index.js';
import { countParams, factorizedSpace } from '../../src/space/index.js';

/** A controller that proposes tokens [0], [1], [2], ... and records its tells. */
class CountingController implements Controller {
  next = 0;
  readonly told: [string, Outcome][] = [];
  ask(): Proposal {
    const i = this.next++;
    return { id: `p${i}`, tokens: [i] };
  }
  tell(id: string, outcome: Outcome): void {
    this.told.push([id, outcome]);
  }
  snapshot(): unknown {
    return { next: this.next };
  }
  restore(snapshot: unknown): void {
    this.next = (snapshot as { next: number }).next;
  }
}

describe('PrefilterController', () => {
  // Scores of tokens 0..7: the best of the first four is token 2, of the next four token 5.
  const scores = [0.1, 0.5, 0.9, 0.3, 0.2, 0.8, 0.8, 0.4];
  const score = (tokens: readonly number[]): number => scores[tokens[0] as number] as number;

  it('returns the best-scoring of `candidates` proposals and tells the others failed', () => {
    const inner = new CountingController();
    const prefilter = new PrefilterController(inner, { candidates: 4, score });
    expect(prefilter.ask()).toEqual({ id: 'p2', tokens: [2] });
    expect(inner.told.map(([id]) => id)).toEqual(['p0', 'p1', 'p3']);
    expect(inner.told.every(([, o]) => 'failed' in o && o.failed.startsWith('prefiltered'))).toBe(true);
  });

  it('keeps the first of tied best scores and passes tells of returned proposals through', () => {
    const inner = new CountingController();
    const prefilter = new PrefilterController(inner, { candidates: 4, score });
    prefilter.ask();
    expect(prefilter.ask().id).toBe('p5');
    prefilter.tell('p5', { reward: 0.7 });
    expect(inner.told.at(-1)).toEqual(['p5', { reward: 0.7 }]);
  });

  it('snapshots and restores the wrapped controller', () => {
    const inner = new CountingController();
    const prefilter = new PrefilterController(inner, { candidates: 2, score });
    prefilter.ask();
    const saved = prefilter.snapshot();
    prefilter.ask();
    prefilter.restore(saved);
    expect(prefilter.ask().tokens).toEqual([2]);
  });

  it('throws InvalidOptionsError on a bad candidates count or score', () => {
    expect(() => new PrefilterController(new CountingController(), { candidates: 0, score })).toThrow(InvalidOptionsError);
    expect(() => new PrefilterController(new CountingController(), { score: 3 as never })).toThrow(/score/);
  });
});

describe('PrefilterController around RandomController with the params proxy', () => {
  const space = factorizedSpace({
    skeleton: [
      { filters: 8, repeats: 1, stride: 1 },
      { filters: 16, repeats: 2, stride: 2 },
    ],
    inputShape: [16, 16, 1],
    numClasses: 10,
  });
  const params = new ZeroCostEvaluator({ proxy: 'params' });

  it('returns, ask after ask, the largest of each group of 5 proposals the same-seed random controller makes', () => {
    const prefilter = new PrefilterController(new RandomController(space, { seed: 4 }), {
      candidates: 5,
      score: (t) => params.score(space.decode(t)),
    });
    const replay = new RandomController(space, { seed: 4 });
    for (let round = 0; round < 3; round++) {
      const group = Array.from({ length: 5 }, () => replay.ask().tokens);
      const largest = Math.max(...group.map((t) => countParams(space.decode(t))));
      const chosen = prefilter.ask();
      expect(countParams(space.decode(chosen.tokens))).toBe(largest);
      prefilter.tell(chosen.id, { reward: 0.5 });
    }
  });
});

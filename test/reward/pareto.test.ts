import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Direction, crowdingDistance, dominates, nonDominatedSort, paretoFront } from '../../src/reward/index.js';
import { rewardError, runs } from './helpers.js';

const direction = fc.constantFrom<Direction>('minimize', 'maximize');

/** Directions of 1-4 objectives and 0-30 points on a small integer grid (many ties and dominations). */
const problem = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc.record({
    directions: fc.array(direction, { minLength: d, maxLength: d }),
    points: fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: d, maxLength: d }), { maxLength: 30 }),
  }),
);

describe('dominates', () => {
  it('is strict: better or equal everywhere and better somewhere', () => {
    const dirs: Direction[] = ['maximize', 'minimize'];
    expect(dominates([0.76, 70], [0.75, 80], dirs)).toBe(true);
    expect(dominates([0.75, 70], [0.75, 80], dirs)).toBe(true);
    expect(dominates([0.75, 80], [0.75, 80], dirs)).toBe(false);
    expect(dominates([0.76, 90], [0.75, 80], dirs)).toBe(false);
    expect(dominates([0.75, 80], [0.76, 70], dirs)).toBe(false);
  });

  it('is irreflexive, asymmetric, and flips with the directions', () => {
    fc.assert(
      fc.property(problem, ({ directions, points }) => {
        const flipped = directions.map((d): Direction => (d === 'minimize' ? 'maximize' : 'minimize'));
        const broken: string[] = [];
        for (const a of points) {
          if (dominates(a, a, directions)) broken.push(`reflexive at ${a}`);
          for (const b of points) {
            const ab = dominates(a, b, directions);
            if (ab && dominates(b, a, directions)) broken.push(`symmetric at ${a} / ${b}`);
            if (dominates(b, a, flipped) !== ab) broken.push(`flip at ${a} / ${b}`);
          }
        }
        expect(broken).toEqual([]);
      }),
      runs(100),
    );
  });

  it('throws RewardInputError for mismatched lengths, non-finite values or unknown directions', () => {
    expect(rewardError(() => dominates([1, 2], [1], ['minimize', 'minimize'])).path).toEqual(['b']);
    expect(rewardError(() => dominates([1, NaN], [1, 2], ['minimize', 'minimize'])).path).toEqual(['a', 1]);
    expect(rewardError(() => dominates([1], [1], ['smaller' as Direction])).path).toEqual(['directions', 0]);
    expect(rewardError(() => dominates([], [], [])).path).toEqual(['directions']);
    expect(rewardError(() => dominates([1, 2], [1], ['minimize', 'minimize'])).message).toMatchInlineSnapshot(
      `"Invalid reward input at b: expected an array of 2 finite numbers (one per direction), received [1]"`,
    );
  });
});

describe('paretoFront', () => {
  it('returns the indices of the non-dominated points in input order', () => {
    expect(
      paretoFront(
        [
          [0.75, 80],
          [0.74, 90],
          [0.7, 40],
        ],
        ['maximize', 'minimize'],
      ),
    ).toEqual([0, 2]);
    expect(
      paretoFront(
        [
          [1, 1],
          [1, 1],
          [2, 2],
        ],
        ['minimize', 'minimize'],
      ),
    ).toEqual([0, 1]);
    expect(paretoFront([], ['minimize'])).toEqual([]);
  });

  it('holds no dominated point, and every point left out is dominated by one in it', () => {
    fc.assert(
      fc.property(problem, ({ directions, points }) => {
        const front = paretoFront(points, directions);
        expect(front).toEqual([...front].sort((a, b) => a - b));
        const inFront = new Set(front);
        for (const i of front) {
          for (const q of points) expect(dominates(q, points[i] as number[], directions)).toBe(false);
        }
        points.forEach((p, i) => {
          if (!inFront.has(i)) expect(front.some((j) => dominates(points[j] as number[], p, directions))).toBe(true);
        });
      }),
      runs(200),
    );
  });

  it('names the bad point in its errors', () => {
    const error = rewardError(() =>
      paretoFront(
        [
          [1, 2],
          [3, Infinity],
        ],
        ['minimize', 'maximize'],
      ),
    );
    expect(error.path).toEqual(['points', 1, 1]);
    expect(error.message).toMatchInlineSnapshot(`"Invalid reward input at points[1][1]: expected a finite number, received Infinity"`);
  });
});

describe('nonDominatedSort', () => {
  it('splits points into NSGA-II fronts', () => {
    expect(
      nonDominatedSort(
        [
          [1, 5],
          [2, 6],
          [3, 1],
          [4, 7],
        ],
        ['minimize', 'minimize'],
      ),
    ).toEqual([[0, 2], [1], [3]]);
    expect(nonDominatedSort([], ['minimize'])).toEqual([]);
  });

  it('partitions the indices; front 0 is the Pareto front; each later front is the front of what is left', () => {
    fc.assert(
      fc.property(problem, ({ directions, points }) => {
        const fronts = nonDominatedSort(points, directions);
        expect(fronts.flat().sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
        let remaining = points.map((_, i) => i);
        for (const front of fronts) {
          const sub = paretoFront(
            remaining.map((i) => points[i] as number[]),
            directions,
          ).map((k) => remaining[k] as number);
          expect(front).toEqual(sub);
          const taken = new Set(front);
          remaining = remaining.filter((i) => !taken.has(i));
        }
        expect(remaining).toEqual([]);
      }),
      runs(200),
    );
  });
});

describe('crowdingDistance', () => {
  it('sums normalized neighbour gaps per objective, with Infinity at the extremes', () => {
    expect(
      crowdingDistance([
        [0, 4],
        [1, 2],
        [2, 1],
        [4, 0],
      ]),
    ).toEqual([Infinity, 1.25, 1.25, Infinity]);
    expect(
      crowdingDistance([
        [3, 1],
        [1, 3],
      ]),
    ).toEqual([Infinity, Infinity]);
    expect(crowdingDistance([[3, 1]])).toEqual([Infinity]);
    expect(crowdingDistance([])).toEqual([]);
    // A constant objective adds nothing to interior points.
    expect(
      crowdingDistance([
        [0, 7],
        [1, 7],
        [3, 7],
      ]),
    ).toEqual([Infinity, 1, Infinity]);
  });

  it('is >= 0, never NaN, infinite for at least two points, and invariant to scaling an objective', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.integer({ min: 1, max: 1000 }),
        (points, scale) => {
          const d = crowdingDistance(points);
          expect(d.every((x) => x >= 0 && !Number.isNaN(x))).toBe(true);
          expect(d.filter((x) => x === Infinity).length).toBeGreaterThanOrEqual(Math.min(points.length, 2));
          const scaled = crowdingDistance(points.map(([x, y]) => [x * scale, y]));
          scaled.forEach((x, i) => expect(x).toBeCloseTo(d[i] as number, 9));
        },
      ),
      runs(200),
    );
  });

  it('throws RewardInputError for points of different lengths', () => {
    expect(rewardError(() => crowdingDistance([[1, 2], [1]])).path).toEqual(['points', 1]);
  });
});

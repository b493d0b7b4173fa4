import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Direction, hypervolume } from '../../src/reward/index.js';
import { close, rewardError, runs } from './helpers.js';

const MIN = (d: number): Direction[] => new Array<Direction>(d).fill('minimize');

/** Counts the unit cells of [0, size)^d dominated by integer minimization points (reference = size everywhere). */
function gridVolume(points: readonly (readonly number[])[], d: number, size: number): number {
  let count = 0;
  const cell = new Array<number>(d).fill(0);
  const total = size ** d;
  for (let c = 0; c < total; c++) {
    let rest = c;
    for (let j = 0; j < d; j++) {
      cell[j] = rest % size;
      rest = Math.floor(rest / size);
    }
    if (points.some((p) => p.every((v, j) => v <= (cell[j] as number)))) count++;
  }
  return count;
}

/** Inclusion-exclusion over all non-empty subsets (minimization, any reals). */
function inclusionExclusion(points: readonly (readonly number[])[], ref: readonly number[]): number {
  let total = 0;
  for (let mask = 1; mask < 1 << points.length; mask++) {
    let volume = 1;
    let size = 0;
    for (let j = 0; j < ref.length; j++) {
      let worst = -Infinity;
      points.forEach((p, i) => {
        if (mask & (1 << i)) worst = Math.max(worst, p[j] as number);
      });
      volume *= Math.max(0, (ref[j] as number) - worst);
    }
    for (let i = 0; i < points.length; i++) if (mask & (1 << i)) size++;
    total += size % 2 === 1 ? volume : -volume;
  }
  return total;
}

const integerPoints = (d: number, size: number, maxLength: number) =>
  fc.array(fc.array(fc.integer({ min: 0, max: size - 1 }), { minLength: d, maxLength: d }), { maxLength });
const realPoints = (d: number, maxLength: number) =>
  fc.array(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength });

describe('hypervolume', () => {
  it('measures the dominated region up to the reference point', () => {
    expect(
      hypervolume(
        [
          [0.75, 80],
          [0.7, 40],
        ],
        [0, 160],
        ['maximize', 'minimize'],
      ),
    ).toBeCloseTo(88, 12);
    expect(hypervolume([[1, 2, 3]], [4, 4, 4], MIN(3))).toBe(3 * 2 * 1);
    expect(
      hypervolume(
        [
          [1, 1, 1],
          [0, 2, 2],
        ],
        [3, 3, 3],
        MIN(3),
      ),
    ).toBe(8 + 3 - 2);
    expect(hypervolume([[2], [1]], [5], MIN(1))).toBe(4);
    expect(hypervolume([], [1, 1], MIN(2))).toBe(0);
    // A point not strictly better than the reference in every objective adds nothing.
    expect(
      hypervolume(
        [
          [1, 5],
          [5, 1],
        ],
        [5, 5],
        MIN(2),
      ),
    ).toBe(0);
  });

  it('matches a brute-force grid count on small integer inputs in 2, 3 and 4 dimensions', () => {
    for (const [d, size, maxLength] of [
      [2, 12, 12],
      [3, 7, 10],
      [4, 5, 8],
    ] as const) {
      fc.assert(
        fc.property(integerPoints(d, size, maxLength), (points) => {
          expect(hypervolume(points, new Array<number>(d).fill(size), MIN(d))).toBe(gridVolume(points, d, size));
        }),
        runs(d === 4 ? 60 : 150),
      );
    }
  });

  it('matches inclusion-exclusion on real inputs with mixed directions', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 4 })
          .chain((d) =>
            fc.tuple(realPoints(d, 7), fc.array(fc.constantFrom<Direction>('minimize', 'maximize'), { minLength: d, maxLength: d })),
          ),
        ([points, directions]) => {
          // Maximized objectives: negate values and reference, and the volume is unchanged.
          const asGiven = points.map((p) => p.map((v, j) => (directions[j] === 'maximize' ? -v : v)));
          const reference = directions.map((dir) => (dir === 'maximize' ? -10 : 10));
          expect(
            close(
              hypervolume(asGiven, reference, directions),
              inclusionExclusion(points, new Array<number>(directions.length).fill(10)),
              1e-9,
              1e-9,
            ),
          ).toBe(true);
        },
      ),
      runs(150),
    );
  });

  it('never decreases when a point is added', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((d) => fc.tuple(realPoints(d, 15), realPoints(d, 1))),
        ([points, [extra]]) => {
          const d = (extra as number[]).length;
          const ref = new Array<number>(d).fill(10);
          const before = hypervolume(points, ref, MIN(d));
          const after = hypervolume([...points, extra as number[]], ref, MIN(d));
          expect(after).toBeGreaterThanOrEqual(before * (1 - 1e-12));
        },
      ),
      runs(200),
    );
  });

  it('is invariant to the order of the points, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((d) => fc.tuple(realPoints(d, 15), fc.array(fc.nat(), { minLength: 15, maxLength: 15 }))),
        ([points, keys]) => {
          const d = (points[0] as number[]).length;
          const shuffled = points
            .map((p, i) => [keys[i] as number, i, p] as const)
            .sort((a, b) => a[0] - b[0] || a[1] - b[1])
            .map((t) => t[2]);
          const ref = new Array<number>(d).fill(10);
          expect(hypervolume(shuffled, ref, MIN(d))).toBe(hypervolume(points, ref, MIN(d)));
        },
      ),
      runs(200),
    );
  });

  it('throws RewardInputError for a reference of the wrong length or a non-finite value', () => {
    expect(rewardError(() => hypervolume([[1, 2]], [3], MIN(2))).path).toEqual(['reference']);
    expect(rewardError(() => hypervolume([[1, NaN]], [3, 3], MIN(2))).path).toEqual(['points', 0, 1]);
    expect(rewardError(() => hypervolume([[-1e308, -1e308]], [1e308, 1e308], MIN(2))).path).toEqual(['reference']);
    expect(rewardError(() => hypervolume([[1, 2]], [3], MIN(2))).message).toMatchInlineSnapshot(
      `"Invalid reward input at reference: expected an array of 2 finite numbers (one per direction), received [3]"`,
    );
  });
});

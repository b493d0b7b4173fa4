import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIGURE_PATH, figureReward, renderRewardFigure } from '../../bench/reward-figure.js';
import { HARD_CONSTRAINT, SOFT_CONSTRAINT } from '../../src/reward/index.js';

describe('docs/figures/reward-vs-latency.svg', () => {
  it('is up to date with bench/reward-figure.ts (regenerate with `npx tsx bench/reward-figure.ts`)', () => {
    expect(readFileSync(FIGURE_PATH, 'utf8')).toBe(renderRewardFigure());
  });

  it('plots the paper illustration: both curves meet at (T, ACC) and the hard one halves at 2T', () => {
    expect(figureReward(80, SOFT_CONSTRAINT)).toBe(0.5);
    expect(figureReward(80, HARD_CONSTRAINT)).toBe(0.5);
    expect(figureReward(40, HARD_CONSTRAINT)).toBe(0.5);
    expect(figureReward(160, HARD_CONSTRAINT)).toBe(0.25);
    expect(figureReward(160, SOFT_CONSTRAINT)).toBeCloseTo(0.5 * 2 ** -0.07, 15);
  });
});

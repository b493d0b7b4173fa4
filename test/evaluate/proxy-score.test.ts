import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proxyScoreOf } from '../../src/evaluate/index.js';

describe('proxyScoreOf', () => {
  it("'accuracy' passes the validation accuracy through", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }), (accuracy, loss) => {
        expect(proxyScoreOf('accuracy', { accuracy, loss })).toBe(accuracy);
      }),
    );
  });

  it("'loss' is exp(-loss): in [0, 1], falling as the loss rises, chance 1/K at a loss of ln K", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (a, b) => {
        const [sa, sb] = [proxyScoreOf('loss', { accuracy: 0.5, loss: a }), proxyScoreOf('loss', { accuracy: 0.5, loss: b })];
        expect(sa).toBeGreaterThanOrEqual(0);
        expect(sa).toBeLessThanOrEqual(1);
        if (a < b) expect(sa).toBeGreaterThanOrEqual(sb);
      }),
    );
    expect(proxyScoreOf('loss', { accuracy: 0.1, loss: Math.log(10) })).toBeCloseTo(0.1, 12);
    expect(proxyScoreOf('loss', { accuracy: 1, loss: 0 })).toBe(1);
  });

  it("'loss' scores a diverged training (NaN or infinite loss) 0", () => {
    expect(proxyScoreOf('loss', { accuracy: 0.1, loss: Number.NaN })).toBe(0);
    expect(proxyScoreOf('loss', { accuracy: 0.1, loss: Number.POSITIVE_INFINITY })).toBe(0);
  });
});

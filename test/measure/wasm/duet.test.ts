import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duetPairer } from '../../../src/measure/wasm/duet-pairer.js';

/** Clocks that return `times` in turn (and fail the test if asked for more). */
function scripted(times: readonly number[]): () => number {
  let i = 0;
  return () => {
    const t = times[i++];
    if (t === undefined) throw new Error('the script ran out');
    return t;
  };
}

describe('duetPairer', () => {
  it('without fast-state selection, counts every pair and returns model / reference', () => {
    const p = duetPairer(scripted([40, 60, 50]), scripted([8, 12, 10]), undefined);
    p.startTimed();
    expect([p.runOnce(), p.runOnce(), p.runOnce()]).toEqual([5, 5, 5]);
    expect(p.pairs()).toEqual({ modelMs: [40, 60, 50], referenceMs: [8, 12, 10], rejected: 0, waitedOut: false });
  });

  it('rejects a timed pair whose reference was fast only after the model (the inflated ratio at a change of state)', () => {
    // Warm-up in the slow state (reference 10 ms), then: the model runs slow (70 ms) and the machine turns fast
    // right after it (reference 6 ms): 70 / 6 = 11.7, where both states give about 7-8. Then two fast pairs.
    const p = duetPairer(scripted([70, 70, 48, 47]), scripted([10, 6, 6, 6]), { thresholdMs: 7, maxWaitMs: 1000 });
    expect(p.runOnce()).toBe(7);
    p.startTimed();
    expect(p.runOnce()).toBe(8);
    expect(p.runOnce()).toBeCloseTo(47 / 6);
    expect(p.pairs()).toEqual({ modelMs: [70, 48, 47], referenceMs: [10, 6, 6], rejected: 1, waitedOut: false });
  });

  it('counts every warm-up pair, and every pair once maxWaitMs has been spent on rejected ones', () => {
    const p = duetPairer(scripted([60, 60, 60, 60]), scripted([10, 10, 10, 10]), { thresholdMs: 7, maxWaitMs: 100 });
    expect(p.runOnce()).toBe(6);
    p.startTimed();
    // Two rejected pairs (70 ms each) exceed 100 ms of waiting; the third counts.
    expect(p.runOnce()).toBe(6);
    expect(p.pairs()).toMatchObject({ modelMs: [60, 60], rejected: 2, waitedOut: true });
  });

  it('counts a timed pair only when the reference was within the threshold on both sides, until the wait runs out (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 1, max: 100, noNaN: true }), fc.double({ min: 1, max: 20, noNaN: true })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        (runs, warmup, thresholdMs, maxWaitMs) => {
          const model = runs.map(([m]) => m);
          const reference = runs.map(([, r]) => r);
          const p = duetPairer(scripted(model), scripted(reference), { thresholdMs, maxWaitMs });
          const ratios: number[] = [];
          // Run until the script runs out; it runs out at the start of a pair, so every pair is decided.
          try {
            for (let k = 0; k < warmup; k++) ratios.push(p.runOnce());
            p.startTimed();
            for (;;) ratios.push(p.runOnce());
          } catch {
            // Expected: the end of the script.
          }
          // Replay the rule over the script.
          const counted: number[] = [];
          let rejected = 0;
          let waited = 0;
          runs.forEach(([m, r], i) => {
            const before = i === 0 ? Infinity : (runs[i - 1] as [number, number])[1];
            const fast = r <= thresholdMs && before <= thresholdMs;
            if (i < warmup || fast || waited >= maxWaitMs) {
              counted.push(i);
            } else {
              rejected++;
              waited += m + r;
            }
          });
          const kept = p.pairs();
          expect(kept.modelMs).toEqual(counted.map((i) => model[i]));
          expect(kept.referenceMs).toEqual(counted.map((i) => reference[i]));
          expect(ratios).toEqual(counted.map((i) => (model[i] as number) / (reference[i] as number)));
          expect(kept.rejected).toBe(rejected);
          expect(kept.waitedOut).toBe(waited >= maxWaitMs);
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });
});

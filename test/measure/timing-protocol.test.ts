import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { resolveTimingProtocolOptions, runTimingProtocol } from '../../src/measure/timing-protocol.js';

/** A fake clock-free run: durations from a list, then the last one forever. */
function scripted(durations: readonly number[]): () => number {
  let i = 0;
  return () => durations[Math.min(i++, durations.length - 1)] as number;
}

describe('runTimingProtocol', () => {
  it('keeps warming up while windows get faster, then stops when stable', async () => {
    // 10 ms falling by 5% per window of 10 runs for 6 windows, then flat at the last value.
    const speeds = Array.from({ length: 60 }, (_, i) => 10 * 0.95 ** Math.floor(i / 10));
    const r = await runTimingProtocol(scripted(speeds), resolveTimingProtocolOptions({ runs: 7, window: 10, tolerance: 0.02 }));
    expect(r.warmupStop).toBe('stable');
    expect(r.warmupRuns).toBe(70);
    expect(r.warmupWindowMediansMs).toHaveLength(7);
    expect(r.samplesMs).toHaveLength(7);
    expect(new Set(r.samplesMs)).toEqual(new Set([10 * 0.95 ** 5]));
  });

  it('stops at maxWarmupRuns when the latency never settles', async () => {
    let t = 100;
    const r = await runTimingProtocol(() => (t *= 0.9), resolveTimingProtocolOptions({ runs: 3, window: 5, maxWarmupRuns: 40 }));
    expect(r.warmupStop).toBe('max-runs');
    expect(r.warmupRuns).toBe(40);
  });

  it('stops at maxWarmupMs measured on the given clock', async () => {
    let now = 0;
    let t = 100;
    const run = (): number => {
      now += 1000;
      t *= 0.9;
      return t;
    };
    const r = await runTimingProtocol(run, resolveTimingProtocolOptions({ runs: 2, window: 5, maxWarmupMs: 12_000 }), { now: () => now });
    expect(r.warmupStop).toBe('max-time');
    expect(r.warmupRuns).toBe(15);
  });

  it('calls beforeTimed once between warm-up and timed runs, and keeps timing until minTimedMs has passed', async () => {
    let now = 0;
    const events: string[] = [];
    const run = (): number => {
      now += 100;
      events.push('run');
      return 5;
    };
    const options = resolveTimingProtocolOptions({ runs: 3, window: 2, minWarmupRuns: 2, maxWarmupRuns: 4 });
    const r = await runTimingProtocol(run, options, { now: () => now, beforeTimed: () => void events.push('timed'), minTimedMs: 1000 });
    // Constant times: warm-up is stable after two windows (4 runs); then runs until 1000 ms have passed, 10 of them.
    expect(r.warmupRuns).toBe(4);
    expect(events.indexOf('timed')).toBe(4);
    expect(events.filter((e) => e === 'timed')).toHaveLength(1);
    expect(r.samplesMs).toHaveLength(10);
    // Without minTimedMs, exactly `runs`.
    const plain = await runTimingProtocol(run, options, { now: () => now });
    expect(plain.samplesMs).toHaveLength(3);
    // The option does what the hook does; the larger of the two wins.
    const fromOption = resolveTimingProtocolOptions({ runs: 3, window: 2, minWarmupRuns: 2, maxWarmupRuns: 4, minTimedMs: 2000 });
    expect((await runTimingProtocol(run, fromOption, { now: () => now })).samplesMs).toHaveLength(20);
    expect((await runTimingProtocol(run, fromOption, { now: () => now, minTimedMs: 500 })).samplesMs).toHaveLength(20);
    expect((await runTimingProtocol(run, options, { now: () => now, minTimedMs: 500 })).samplesMs).toHaveLength(5);
  });

  it('does exactly `runs` timed runs and never more than maxWarmupRuns warm-up runs (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 60 }),
        async (durations, runs, window, maxWarmupRuns) => {
          const options = resolveTimingProtocolOptions({ runs, window, minWarmupRuns: 0, maxWarmupRuns });
          const r = await runTimingProtocol(scripted(durations), options);
          expect(r.samplesMs).toHaveLength(runs);
          expect(r.warmupRuns).toBeLessThanOrEqual(maxWarmupRuns);
          if (r.warmupStop === 'stable') expect(r.warmupRuns % window).toBe(0);
        },
      ),
      { seed: 3, numRuns: 150 },
    );
  });

  it('stops when beforeRun throws (abort)', async () => {
    let calls = 0;
    const p = runTimingProtocol(() => 1, resolveTimingProtocolOptions(), {
      beforeRun: () => {
        if (++calls > 3) throw new Error('aborted');
      },
    });
    await expect(p).rejects.toThrow('aborted');
  });
});

describe('resolveTimingProtocolOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveTimingProtocolOptions()).toEqual({
      runs: 30,
      window: 10,
      tolerance: 0.02,
      minWarmupRuns: 10,
      maxWarmupRuns: 300,
      maxWarmupMs: 30_000,
      minTimedMs: 0,
    });
  });

  it('throws InvalidOptionsError naming the bad field', () => {
    expect(() => resolveTimingProtocolOptions({ runs: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidOptionsError: Invalid timing protocol option at runs: expected an integer in [1, 100000], received 0]`,
    );
    expect(() => resolveTimingProtocolOptions({ tolerance: 1 })).toThrow(InvalidOptionsError);
    expect(() => resolveTimingProtocolOptions({ minWarmupRuns: 20, maxWarmupRuns: 10 })).toThrow(InvalidOptionsError);
    for (const bad of [-1, Number.NaN, Infinity, '10000']) {
      expect(() => resolveTimingProtocolOptions({ minTimedMs: bad as number }, ['wasm'])).toThrow(
        expect.objectContaining({
          name: 'InvalidOptionsError',
          path: ['wasm', 'minTimedMs'],
          message: expect.stringContaining('wasm.minTimedMs'),
        }),
      );
    }
  });
});

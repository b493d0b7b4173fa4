import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbortError, MeasurementLock, paretoTrials } from '../../src/index.js';
import type { Trial } from '../../src/index.js';

const tick = (n: number): Promise<void> => new Promise((r) => setTimeout(r, n));

describe('MeasurementLock', () => {
  it('never lets an exclusive holder overlap anything, while shared holders overlap', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 12 }), async (ops) => {
        const lock = new MeasurementLock();
        let shared = 0;
        let exclusive = 0;
        let bad = 0;
        await Promise.all(
          ops.map(async ([isExclusive, startDelay, holdDelay]) => {
            await tick(startDelay);
            const body = async (): Promise<void> => {
              if (isExclusive) exclusive++;
              else shared++;
              if (exclusive > 1 || (exclusive === 1 && shared > 0)) bad++;
              await tick(holdDelay);
              if (isExclusive) exclusive--;
              else shared--;
            };
            await (isExclusive ? lock.exclusive(body) : lock.shared(body));
          }),
        );
        expect(bad).toBe(0);
        expect(lock.holders).toEqual({ shared: 0, exclusive: false });
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it('lets a waiting exclusive go before shared holders that arrive after it', async () => {
    const lock = new MeasurementLock();
    const order: string[] = [];
    const first = lock.shared(async () => {
      await tick(5);
      order.push('shared1');
    });
    const ex = lock.exclusive(async () => void order.push('exclusive'));
    const late = lock.shared(async () => void order.push('shared2'));
    await Promise.all([first, ex, late]);
    expect(order).toEqual(['shared1', 'exclusive', 'shared2']);
  });

  it('rejects a waiter with AbortError when its signal fires', async () => {
    const lock = new MeasurementLock();
    const ac = new AbortController();
    const hold = lock.exclusive(() => tick(10));
    const waiting = lock.shared(async () => 1, ac.signal);
    ac.abort();
    await expect(waiting).rejects.toThrow(AbortError);
    await hold;
    await expect(lock.shared(async () => 2)).resolves.toBe(2);
  });
});

describe('paretoTrials', () => {
  it('keeps exactly the trials no other trial dominates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.boolean()), { maxLength: 25 }),
        (points) => {
          const trials = points.map(([acc, lat, ok], index) => ({
            index,
            id: `${index}`,
            tokens: [],
            value: null,
            startedAt: '',
            durationMs: 0,
            ...(ok ? { status: 'ok' as const, reward: acc, accuracy: acc / 5, latencyMs: lat } : { status: 'failed' as const }),
          })) as Trial<null>[];
          const front = paretoTrials(trials);
          const ok = trials.filter((t) => t.status === 'ok');
          const expected = ok.filter(
            (t) =>
              !ok.some(
                (u) =>
                  (u.accuracy as number) >= (t.accuracy as number) &&
                  (u.latencyMs as number) <= (t.latencyMs as number) &&
                  (u.accuracy !== t.accuracy || u.latencyMs !== t.latencyMs),
              ),
          );
          expect(front).toEqual(expected);
        },
      ),
      { seed: 7 },
    );
  });
});

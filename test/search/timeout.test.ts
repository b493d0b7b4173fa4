import { describe, expect, it } from 'vitest';
import { AbortError, InvalidOptionsError, MeasurementError, search } from '../../src/index.js';
import { resolveSearchOptions } from '../../src/search/options.js';
import type { AccuracyEvaluator, LatencyReport, SearchOptions } from '../../src/index.js';
import { withDeadline } from '../../src/search/deadline.js';
import { ToyController, toyEvaluator, toyMeasurer, toySpace } from './doubles.js';

function options(extra: Partial<SearchOptions<string>> = {}): SearchOptions<string> {
  const space = toySpace();
  return {
    space,
    controller: new ToyController(space, 3),
    evaluator: toyEvaluator(),
    measurer: toyMeasurer(),
    targetMs: 10,
    budget: { trials: 6 },
    ...extra,
  };
}

/** A measurer that never settles for the keys in `hang` and ignores its signal; records the signals it got. */
function hangingMeasurer(hang: (key: string, call: number) => boolean, onHang?: () => void) {
  const ok = toyMeasurer();
  const signals: AbortSignal[] = [];
  let calls = 0;
  return {
    signals,
    measure(key: string, opts?: { signal?: AbortSignal }): Promise<LatencyReport> {
      if (opts?.signal) signals.push(opts.signal);
      if (hang(key, calls++)) {
        onHang?.();
        return new Promise<LatencyReport>(() => undefined);
      }
      return ok.measure(key);
    },
  };
}

const neverEvaluator: AccuracyEvaluator<string> = { evaluate: () => new Promise(() => undefined) };

describe('search timeouts', () => {
  it('fails a trial whose measurement never settles after measureTimeoutMs, releases the lock and goes on', async () => {
    const measurer = hangingMeasurer((_key, call) => call === 0 || call === 2);
    const result = await search(options({ measurer, measureTimeoutMs: 20, concurrency: 2 }));
    expect(result.trials.map((t) => t.status)).toEqual(['failed', 'ok', 'failed', 'ok', 'ok', 'ok']);
    expect(result.trials[0]?.error).toBe('measure: MeasurementError: The measurement did not settle within measureTimeoutMs = 20 ms');
    expect(measurer.signals[0]?.aborted).toBe(true);
    expect(measurer.signals[0]?.reason).toBeInstanceOf(MeasurementError);
  });

  it('fails a trial whose evaluation never settles after evaluateTimeoutMs', async () => {
    const result = await search(options({ evaluator: neverEvaluator, evaluateTimeoutMs: 10, budget: { trials: 3 }, concurrency: 3 }));
    expect(result.trials.map((t) => t.status)).toEqual(['failed', 'failed', 'failed']);
    expect(result.trials[0]?.error).toBe('evaluate: EvaluationError: The evaluation did not settle within evaluateTimeoutMs = 10 ms');
    expect(result.trials[0]?.latencyMs).toBeGreaterThan(0);
  });

  it('rejects with AbortError when aborted while a measurement that ignores its signal hangs', async () => {
    const ac = new AbortController();
    const measurer = hangingMeasurer(
      () => true,
      () => queueMicrotask(() => ac.abort()),
    );
    await expect(search(options({ measurer, signal: ac.signal, measureTimeoutMs: Infinity }))).rejects.toThrow(AbortError);
    expect(measurer.signals).toHaveLength(1);
    expect(measurer.signals[0]?.aborted).toBe(true);
  });

  it('rejects with AbortError when aborted while an evaluation that ignores its signal hangs', async () => {
    const ac = new AbortController();
    const evaluator: AccuracyEvaluator<string> = {
      evaluate: () => {
        queueMicrotask(() => ac.abort());
        return new Promise(() => undefined);
      },
    };
    await expect(search(options({ evaluator, signal: ac.signal, concurrency: 3 }))).rejects.toThrow(AbortError);
  });
});

describe('search abort', () => {
  it('rejects with AbortError, running no trial, when aborted while the journal is being opened', async () => {
    const ac = new AbortController();
    const evaluator = toyEvaluator();
    const running = search(options({ evaluator, signal: ac.signal }));
    ac.abort();
    await expect(running).rejects.toThrow(AbortError);
    expect(evaluator.calls).toEqual([]);
  });
});

describe('resolveSearchOptions timeouts', () => {
  it('defaults to 10 minutes for a measurement and no limit for an evaluation', () => {
    const o = resolveSearchOptions(options());
    expect([o.measureTimeoutMs, o.evaluateTimeoutMs]).toEqual([600_000, Infinity]);
    expect(resolveSearchOptions(options({ measureTimeoutMs: Infinity, evaluateTimeoutMs: 5 }))).toMatchObject({
      measureTimeoutMs: Infinity,
      evaluateTimeoutMs: 5,
    });
  });

  it.each([0, -1, Number.NaN, 2 ** 31, '5'])('throws InvalidOptionsError naming the field for a timeout of %s', (bad) => {
    for (const key of ['measureTimeoutMs', 'evaluateTimeoutMs'] as const) {
      const call = (): unknown => resolveSearchOptions(options({ [key]: bad as number }));
      expect(call).toThrow(InvalidOptionsError);
      expect(call).toThrow(new RegExp(`${key}.*expected a number of ms in \\(0, 2147483647\\] or Infinity`));
    }
  });
});

describe('withDeadline', () => {
  const never = (): Promise<number> => new Promise(() => undefined);
  const timeoutError = (): Error => new Error('late');

  it('resolves with the work and rejects with what it throws', async () => {
    const signal = new AbortController().signal;
    await expect(withDeadline(async () => 7, { signal, timeoutMs: 1000, timeoutError })).resolves.toBe(7);
    await expect(withDeadline(() => Promise.reject(new Error('boom')), { signal, timeoutMs: Infinity, timeoutError })).rejects.toThrow(
      'boom',
    );
    await expect(
      withDeadline(
        () => {
          throw new Error('sync');
        },
        { signal, timeoutMs: Infinity, timeoutError },
      ),
    ).rejects.toThrow('sync');
  });

  it('rejects with the timeout error and aborts the work signal when the work never settles', async () => {
    let seen: AbortSignal | undefined;
    await expect(
      withDeadline(
        (s) => {
          seen = s;
          return never();
        },
        { signal: new AbortController().signal, timeoutMs: 1, timeoutError },
      ),
    ).rejects.toThrow('late');
    expect(seen?.aborted).toBe(true);
  });

  it('rejects with AbortError at once for an aborted or aborting signal', async () => {
    const ac = new AbortController();
    const running = withDeadline(never, { signal: ac.signal, timeoutMs: Infinity, timeoutError });
    ac.abort();
    await expect(running).rejects.toThrow(AbortError);
    await expect(withDeadline(never, { signal: ac.signal, timeoutMs: Infinity, timeoutError })).rejects.toThrow(AbortError);
  });
});

describe('a stage that blocks the event loop past its timeout', () => {
  const timeoutError = (): Error => new Error('late');

  it('withDeadline fails work that overran its timeout while the timer could not fire (injected clock)', async () => {
    let clock = 0;
    let seen: AbortSignal | undefined;
    const blocked = withDeadline(
      async (s) => {
        seen = s;
        clock += 3004; // the work held the event loop for 3,004 ms of the injected clock
        return 1;
      },
      { signal: new AbortController().signal, timeoutMs: 100, timeoutError, now: () => clock },
    );
    await expect(blocked).rejects.toThrow('late');
    expect(seen?.aborted).toBe(true);
    // Within its time, the same work resolves: the clock says so, not the timer.
    clock = 0;
    const inTime = withDeadline(
      async () => {
        clock += 100;
        return 2;
      },
      { signal: new AbortController().signal, timeoutMs: 100, timeoutError, now: () => clock },
    );
    await expect(inTime).resolves.toBe(2);
  });

  it('withDeadline fails a synchronous throw after an overrun with the timeout error', async () => {
    let clock = 0;
    const work = (): Promise<number> => {
      clock += 500;
      throw new Error('boom');
    };
    await expect(
      withDeadline(work, { signal: new AbortController().signal, timeoutMs: 100, timeoutError, now: () => clock }),
    ).rejects.toThrow('late');
  });

  it('search records a trial whose evaluator blocked past evaluateTimeoutMs as timed out, not ok', async () => {
    // The evaluator spins (never yielding) until the clock has passed twice the limit: the timer cannot fire meanwhile.
    const blocking: AccuracyEvaluator<string> = {
      evaluate: () => {
        const start = performance.now();
        while (performance.now() - start <= 40);
        return Promise.resolve({ accuracy: 0.9 });
      },
    };
    const result = await search(options({ evaluator: blocking, evaluateTimeoutMs: 20, budget: { trials: 2 } }));
    expect(result.trials.map((t) => t.status)).toEqual(['failed', 'failed']);
    expect(result.trials[0]?.error).toBe('evaluate: EvaluationError: The evaluation did not settle within evaluateTimeoutMs = 20 ms');
  });
});

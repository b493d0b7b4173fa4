// The shared load watching of the measurers: injected load signals, clocks and sleeps; nothing here loads
// the machine or compares timings.
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/errors.js';
import { resolveLoadOptions, type LoadOptions, type ProcessUsage, type ResolvedLoadOptions } from '../../src/measure/load.js';
import type { CpuTimes } from '../../src/measure/load-probe.js';
import { usageMeter, watchLoad } from '../../src/measure/load-watch.js';
import { scriptedProbe } from './fixtures.js';

/** A clock that moves only when the fake sleep is awaited (or `advance` is called). */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; advance: (ms: number) => void } {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

const resolved = (options: LoadOptions): ResolvedLoadOptions => resolveLoadOptions(options) as ResolvedLoadOptions;

/** A measurement that used `cores` of CPU over 1 s, all of it in its timed runs. */
const measured = (cores: number) => async (): Promise<{ usage: ProcessUsage }> => ({
  usage: { wallMs: 1000, cpuMs: 1000 * cores, timedWallMs: 1000, timedCpuMs: 1000 * cores },
});

describe('usageMeter', () => {
  it('records CPU and elapsed time over the whole measurement and over its timed runs', () => {
    const time = fakeTime();
    let cpu = 100;
    const meter = usageMeter(() => cpu, time.now);
    time.advance(400);
    cpu += 300;
    meter.timed();
    time.advance(1000);
    cpu += 900;
    expect(meter.stop()).toEqual({ wallMs: 1400, cpuMs: 1200, timedWallMs: 1000, timedCpuMs: 900 });
  });

  it('takes the whole measurement as timed without a timed() call, and is undefined when the clock cannot be read', () => {
    const time = fakeTime();
    let cpu = 0;
    const meter = usageMeter(() => cpu, time.now);
    time.advance(10);
    cpu = 5;
    expect(meter.stop()).toEqual({ wallMs: 10, cpuMs: 5, timedWallMs: 10, timedCpuMs: 5 });
    let readable = true;
    const gone = usageMeter(() => (readable ? 1 : undefined), time.now);
    readable = false;
    expect(gone.stop()).toBeUndefined();
  });

  it('leaves out timed runs shorter than 50 ticks of a coarse clock (no CPU share from a few ticks)', () => {
    const time = fakeTime();
    let cpu = 0;
    const short = usageMeter(() => cpu, time.now, 10);
    time.advance(100);
    cpu += 100;
    short.timed();
    time.advance(490);
    cpu += 480;
    expect(short.stop()).toEqual({ wallMs: 590, cpuMs: 580, timedWallMs: 0, timedCpuMs: 0 });
    const long = usageMeter(() => cpu, time.now, 10);
    time.advance(500);
    cpu += 500;
    expect(long.stop()).toEqual({ wallMs: 500, cpuMs: 500, timedWallMs: 500, timedCpuMs: 500 });
  });
});

describe('watchLoad', () => {
  it('only measures when watching is off', async () => {
    const watched = await watchLoad(
      undefined,
      async () => 42,
      () => undefined,
    );
    expect(watched).toEqual({ result: 42, load: undefined });
  });

  it("marks the measurement noisy when other processes' use (the machine's minus the measuring processes') is high", async () => {
    // The machine ran 2 cores busy; the measuring processes used 0.5 of them, so others used 1.5.
    const probe = scriptedProbe([2]);
    const { result, load } = await watchLoad(resolved({ probe }), measured(0.5), (r) => r.usage);
    expect(result.usage.cpuMs).toBe(500);
    expect(probe.reads).toBe(2);
    expect(load).toEqual({
      noisy: true,
      reasons: [
        'other processes used 1.50 cores on average (more than maxOtherCores 0.5)',
        "the measuring process ran 50% of its timed runs' elapsed time (less than minCpuShare 0.8)",
      ],
      otherCores: 1.5,
      cpuShare: 0.5,
      waitedMs: 0,
    });
  });

  it('leaves a measurement unflagged when the measuring processes themselves were the load', async () => {
    const { load } = await watchLoad(resolved({ probe: scriptedProbe([1.2]) }), measured(1), (r) => r.usage);
    expect(load).toEqual({ noisy: false, reasons: [], otherCores: 0.2, cpuShare: 1, waitedMs: 0 });
  });

  it('waits for quiet (injected clock and sleep) before measuring', async () => {
    const time = fakeTime();
    const probe = scriptedProbe([2, 2, 0, 0]);
    let startedAt: number | undefined;
    const measure = async () => {
      startedAt = time.now();
      return measured(1)();
    };
    const { load } = await watchLoad(resolved({ probe, maxWaitMs: 10_000, pollMs: 500 }), measure, (r) => r.usage, time);
    // Busy at 500 and 1000 ms, quiet at 1500 ms: then the measurement, read before and after.
    expect(startedAt).toBe(1500);
    expect(probe.reads).toBe(6);
    expect(load).toMatchObject({ noisy: false, waitedMs: 1500, otherCores: 0 });
  });

  it('measures anyway after waiting up to maxWaitMs, and says the machine did not become quiet', async () => {
    const time = fakeTime();
    const { load } = await watchLoad(
      resolved({ probe: scriptedProbe([2]), maxWaitMs: 1200, pollMs: 500 }),
      measured(1),
      (r) => r.usage,
      time,
    );
    // Polls at 500, 1000 (below the bound) and 1500 ms (past it): the wait stops at 1500.
    expect(load?.waitedMs).toBe(1500);
    expect(load?.noisy).toBe(true);
    expect(load?.reasons).toContain('the machine did not become quiet within maxWaitMs 1200');
  });

  it('takes a probe that answers asynchronously (a phone read over adb)', async () => {
    const inner = scriptedProbe([1]);
    const probe = { read: async (): Promise<CpuTimes> => ({ ...(inner.read() as CpuTimes), cores: 4 }) };
    const { load } = await watchLoad(resolved({ probe }), measured(1), (r) => r.usage);
    // 4 cores, half of them busy (the scripted probe's share): 2 busy, 1 of them the measuring process's.
    expect(load?.otherCores).toBe(1);
  });

  it('says the load was not watched when there is no signal at all (no /proc, no usage)', async () => {
    const { load } = await watchLoad(resolved({ probe: { read: () => undefined } }), measured(1), () => undefined);
    expect(load).toBeUndefined();
  });

  it('stops waiting with an AbortError', async () => {
    const controller = new AbortController();
    const time = fakeTime();
    const sleep = async (ms: number) => {
      time.advance(ms);
      controller.abort(new Error('stop'));
    };
    const run = watchLoad(resolved({ probe: scriptedProbe([2]), maxWaitMs: 10_000 }), measured(1), (r) => r.usage, {
      now: time.now,
      sleep,
      signal: controller.signal,
    });
    await expect(run).rejects.toBeInstanceOf(AbortError);
  });
});

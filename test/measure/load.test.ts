import { describe, expect, it } from 'vitest';
import { AbortError, InvalidOptionsError } from '../../src/errors.js';
import { judgeLoad, mergeLoadReports, resolveLoadOptions, waitForQuiet } from '../../src/measure/load.js';
import { busyCores, parseProcStat, procStatProbe, type CpuTimes, type LoadProbe } from '../../src/measure/load-probe.js';
import { scriptedProbe } from './fixtures.js';

/** A clock that moves only when the fake sleep is awaited. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
}

const usage = { wallMs: 1000, cpuMs: 1000, timedWallMs: 500, timedCpuMs: 500 };
const noWait = { waitedMs: 0, quiet: undefined };

describe('parseProcStat', () => {
  it('sums busy and idle time of the aggregate line and counts the cores', () => {
    const text = 'cpu  10 2 5 80 3 1 1 4 0 0\ncpu0 5 1 2 40 1 0 0 2 0 0\ncpu1 5 1 3 40 2 1 1 2 0 0\nintr 1 2\n';
    expect(parseProcStat(text)).toEqual({ busy: 23, total: 106, cores: 2 });
  });

  it('returns undefined for text without a cpu line or with garbage in it', () => {
    expect(parseProcStat('intr 1 2')).toBeUndefined();
    expect(parseProcStat('cpu  a b c d')).toBeUndefined();
  });

  it('procStatProbe reads /proc/stat through the injected reader and gives undefined when it throws', () => {
    expect(procStatProbe(() => 'cpu  1 0 1 8\ncpu0 1 0 1 8').read()).toEqual({ busy: 2, total: 10, cores: 1 });
    const missing = procStatProbe(() => {
      throw new Error('ENOENT');
    });
    expect(missing.read()).toBeUndefined();
  });
});

describe('busyCores', () => {
  it('is the busy share of the interval times the cores, 0 when no time passed', () => {
    expect(busyCores({ busy: 0, total: 0, cores: 2 }, { busy: 150, total: 200, cores: 2 })).toBe(1.5);
    expect(busyCores({ busy: 5, total: 9, cores: 2 }, { busy: 5, total: 9, cores: 2 })).toBe(0);
  });
});

describe('resolveLoadOptions', () => {
  it('fills the defaults, and false turns watching off', () => {
    const o = resolveLoadOptions({});
    expect(o).toMatchObject({ maxOtherCores: 0.5, minCpuShare: 0.8, maxWaitMs: 0, pollMs: 500 });
    expect(typeof o?.probe.read).toBe('function');
    expect(resolveLoadOptions(undefined)).toMatchObject({ maxOtherCores: 0.5 });
    expect(resolveLoadOptions(false)).toBeUndefined();
  });

  it('throws InvalidOptionsError naming the bad field', () => {
    expect(() => resolveLoadOptions({ minCpuShare: 1.5 })).toThrow(
      'Invalid option at load.minCpuShare: expected a number in [0, 1], received 1.5',
    );
    expect(() => resolveLoadOptions({ pollMs: 0 }, ['wasm', 'load'])).toThrow(/at wasm\.load\.pollMs: expected a finite number > 0/);
    expect(() => resolveLoadOptions({ maxOtherCores: -1 })).toThrow(InvalidOptionsError);
    expect(() => resolveLoadOptions({ probe: {} as LoadProbe })).toThrow(/load\.probe: expected an object with a read\(\) method/);
    expect(() => resolveLoadOptions(3 as never)).toThrow(/expected an object or false, received 3/);
  });
});

describe('waitForQuiet', () => {
  it('does not wait when maxWaitMs is 0', async () => {
    const probe = scriptedProbe([2]);
    const options = resolveLoadOptions({ probe }) as NonNullable<ReturnType<typeof resolveLoadOptions>>;
    expect(await waitForQuiet(options, fakeTime())).toEqual({ waitedMs: 0, quiet: undefined });
    expect(probe.reads).toBe(0);
  });

  it('waits through busy windows until the machine is quiet', async () => {
    const probe = scriptedProbe([2, 1.8, 0.2]);
    const options = resolveLoadOptions({ probe, maxWaitMs: 10_000, pollMs: 500 });
    const wait = await waitForQuiet(options as NonNullable<typeof options>, fakeTime());
    expect(wait).toEqual({ waitedMs: 1500, quiet: true });
  });

  it('gives up after maxWaitMs on a machine that stays busy', async () => {
    const probe = scriptedProbe([2]);
    const options = resolveLoadOptions({ probe, maxWaitMs: 2000, pollMs: 500 });
    const wait = await waitForQuiet(options as NonNullable<typeof options>, fakeTime());
    expect(wait).toEqual({ waitedMs: 2000, quiet: false });
  });

  it('stops at once without a load signal', async () => {
    const options = resolveLoadOptions({ probe: { read: () => undefined }, maxWaitMs: 2000, pollMs: 500 });
    expect(await waitForQuiet(options as NonNullable<typeof options>, fakeTime())).toEqual({ waitedMs: 500, quiet: undefined });
  });

  it('rejects with AbortError when aborted', async () => {
    const controller = new AbortController();
    const time = fakeTime();
    const options = resolveLoadOptions({ probe: scriptedProbe([2]), maxWaitMs: 1e9, pollMs: 500 });
    const sleep = async (ms: number): Promise<void> => {
      await time.sleep(ms);
      if (time.now() >= 1500) controller.abort();
    };
    await expect(
      waitForQuiet(options as NonNullable<typeof options>, { ...time, sleep, signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError);
  });
});

describe('judgeLoad', () => {
  const options = resolveLoadOptions({}) as NonNullable<ReturnType<typeof resolveLoadOptions>>;
  const readings = (cores: number): { before: CpuTimes; after: CpuTimes } => ({
    before: { busy: 0, total: 0, cores: 2 },
    after: { busy: 100 * cores, total: 200, cores: 2 },
  });

  it('is quiet when only the measuring process used the CPU, undisturbed', () => {
    expect(judgeLoad({ ...readings(1.1), usage, wait: noWait }, options)).toEqual({
      noisy: false,
      reasons: [],
      otherCores: 0.1,
      cpuShare: 1,
      waitedMs: 0,
    });
  });

  it('is noisy when other processes used more than maxOtherCores (their use is the machine minus ours)', () => {
    const load = judgeLoad({ ...readings(2), usage, wait: noWait }, options);
    expect(load.noisy).toBe(true);
    expect(load.otherCores).toBe(1);
    expect(load.reasons).toEqual(['other processes used 1.00 cores on average (more than maxOtherCores 0.5)']);
  });

  it('is noisy when the measuring process got less than minCpuShare of its timed runs (no machine-wide signal)', () => {
    const load = judgeLoad({ usage: { ...usage, timedCpuMs: 300 }, wait: noWait }, options);
    expect(load).toEqual({
      noisy: true,
      reasons: ["the measuring process ran 60% of its timed runs' elapsed time (less than minCpuShare 0.8)"],
      cpuShare: 0.6,
      waitedMs: 0,
    });
  });

  it('says so when the wait for quiet ran out, and records the wait', () => {
    const load = judgeLoad({ ...readings(1), usage, wait: { waitedMs: 3000, quiet: false } }, { ...options, maxWaitMs: 3000 });
    expect(load.noisy).toBe(true);
    expect(load.reasons).toEqual(['the machine did not become quiet within maxWaitMs 3000']);
    expect(load.waitedMs).toBe(3000);
  });

  it('with no evidence at all, is not noisy and has neither signal', () => {
    expect(judgeLoad({ wait: noWait }, options)).toEqual({ noisy: false, reasons: [], waitedMs: 0 });
  });
});

describe('mergeLoadReports', () => {
  it('is noisy when any report is, keeps every reason once, the worst signals and the total wait', () => {
    const a = { noisy: false, reasons: [], otherCores: 0.1, cpuShare: 0.99, waitedMs: 10 };
    const b = { noisy: true, reasons: ['x'], otherCores: 1.2, cpuShare: 0.6, waitedMs: 5 };
    expect(mergeLoadReports([a, b, undefined, b])).toEqual({ noisy: true, reasons: ['x'], otherCores: 1.2, cpuShare: 0.6, waitedMs: 20 });
    expect(mergeLoadReports([undefined])).toBeUndefined();
  });
});

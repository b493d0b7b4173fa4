// The CPU time of a launched browser's process tree, from injected /proc readings, and the arithmetic that
// keeps the browser's own processes out of "other processes' load".
import { describe, expect, it } from 'vitest';
import { procStatProbe } from '../../src/measure/load-probe.js';
import { resolveLoadOptions, type ResolvedLoadOptions } from '../../src/measure/load.js';
import { usageMeter, watchLoad } from '../../src/measure/load-watch.js';
import { parsePidStat, pidsWithArg, processTreeCpuClock, processTreeCpuMs, type ProcReader } from '../../src/measure/process-tree.js';

/** A `/proc/<pid>/stat` line: `ticks` split into utime and stime, no waited-for children. */
const statLine = (pid: number, comm: string, ppid: number, ticks: number): string =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194304 100 0 0 0 ${ticks - Math.floor(ticks / 3)} ${Math.floor(ticks / 3)} 0 0 20 0 1 0`;

interface FakeProcess {
  readonly ppid: number;
  readonly comm: string;
  ticks: number;
  readonly args?: readonly string[];
}

/** A fake /proc over a mutable process table. */
function fakeProc(table: Map<number, FakeProcess>): ProcReader {
  return {
    pids: () => [...table.keys()],
    stat: (pid) => {
      const p = table.get(pid);
      return p === undefined ? undefined : statLine(pid, p.comm, p.ppid, p.ticks);
    },
    cmdline: (pid) => table.get(pid)?.args ?? (table.has(pid) ? [] : undefined),
  };
}

const MARKER = '--mnas-ts-measurer=http://127.0.0.1:40123';

/** node (100) launched Chromium (200: zygote 201, renderer 202, GPU 203); 300 is something else on the machine. */
function machine(): Map<number, FakeProcess> {
  return new Map<number, FakeProcess>([
    [1, { ppid: 0, comm: 'init', ticks: 5 }],
    [100, { ppid: 1, comm: 'node', ticks: 1000 }],
    [200, { ppid: 100, comm: 'chromium', ticks: 50, args: ['/usr/lib/chromium/chromium', '--headless', MARKER] }],
    [201, { ppid: 200, comm: 'chromium', ticks: 10 }],
    [202, { ppid: 201, comm: 'chromium (renderer)', ticks: 400 }],
    [203, { ppid: 200, comm: 'chromium', ticks: 30 }],
    [300, { ppid: 1, comm: 'stress', ticks: 9000 }],
  ]);
}

describe('parsePidStat', () => {
  it('reads pid, ppid and utime + stime + cutime + cstime, with spaces and parentheses in the command name', () => {
    expect(parsePidStat('42 (chro me) S 7 42 42 0 -1 0 0 0 0 0 150 30 5 1 20 0')).toEqual({ pid: 42, ppid: 7, ticks: 186 });
    expect(parsePidStat('9 (a) b)) R 1 9 9 0 -1 0 0 0 0 0 1 2 3 4 20 0')).toEqual({ pid: 9, ppid: 1, ticks: 10 });
  });

  it('is undefined for text that is not a stat line', () => {
    expect(parsePidStat('')).toBeUndefined();
    expect(parsePidStat('42 (x) S 7')).toBeUndefined();
    expect(parsePidStat('x (y) S 1 0 0 0 0 0 0 0 0 0 1 1 1 1')).toBeUndefined();
  });
});

describe('processTreeCpuMs', () => {
  it('finds the launched Chromium by its marker and sums its whole tree, in ms (10 ms per tick)', () => {
    const proc = fakeProc(machine());
    const roots = pidsWithArg(MARKER, proc);
    expect(roots).toEqual([200]);
    expect(processTreeCpuMs(roots, proc)).toBe((50 + 10 + 400 + 30) * 10);
  });

  it('is undefined when no root runs (no /proc, as on macOS, or the browser is gone)', () => {
    const empty: ProcReader = { pids: () => [], stat: () => undefined, cmdline: () => undefined };
    expect(pidsWithArg(MARKER, empty)).toEqual([]);
    expect(processTreeCpuMs([200], empty)).toBeUndefined();
    expect(processTreeCpuClock([999], fakeProc(machine()))()).toBeUndefined();
  });

  it('counts processes started after the first reading', () => {
    const table = machine();
    const clock = processTreeCpuClock([200], fakeProc(table));
    const before = clock() as number;
    table.set(204, { ppid: 201, comm: 'chromium (renderer)', ticks: 7 });
    expect((clock() as number) - before).toBe(70);
  });
});

describe("the browser's own processes are not other processes' load", () => {
  /** 2 cores; /proc/stat and the process table advance by one second when the fake measurement runs. */
  function scenario(browserTicks: number, otherTicks: number) {
    const table = machine();
    let stat = { busy: 1000, idle: 9000 };
    const readText = () => `cpu  ${stat.busy} 0 0 ${stat.idle} 0 0 0 0 0 0\ncpu0 0 0 0 0\ncpu1 0 0 0 0\n`;
    const load = resolveLoadOptions({ probe: procStatProbe(readText) }) as ResolvedLoadOptions;
    let t = 0;
    const measure = async () => {
      const meter = usageMeter(processTreeCpuClock([200], fakeProc(table)), () => t);
      // One second: the renderer ran `browserTicks`, another process `otherTicks`; 200 ticks on 2 cores.
      t += 1000;
      (table.get(202) as FakeProcess).ticks += browserTicks;
      (table.get(300) as FakeProcess).ticks += otherTicks;
      stat = { busy: stat.busy + browserTicks + otherTicks, idle: stat.idle + 200 - browserTicks - otherTicks };
      return { usage: meter.stop() };
    };
    return watchLoad(load, measure, (r) => r.usage);
  }

  it('subtracts the tree: the browser on one core and nothing else is a quiet machine', async () => {
    const { load } = await scenario(100, 0);
    expect(load).toEqual({ noisy: false, reasons: [], otherCores: 0, cpuShare: 1, waitedMs: 0 });
  });

  it('counts what is left: the browser on one core and another process on 0.8 of the other is noisy', async () => {
    const { load } = await scenario(100, 80);
    expect(load?.otherCores).toBe(0.8);
    expect(load?.noisy).toBe(true);
    expect(load?.reasons).toEqual(['other processes used 0.80 cores on average (more than maxOtherCores 0.5)']);
  });

  it("flags a browser that got little CPU while another process took it (the tree's CPU share)", async () => {
    const { load } = await scenario(40, 150);
    expect(load).toMatchObject({ noisy: true, otherCores: 1.5, cpuShare: 0.4 });
    expect(load?.reasons).toHaveLength(2);
  });
});

/**
 * The load signal: the machine's cumulative CPU counters, read through an
 * injectable {@link LoadProbe} (`/proc/stat` on Linux by default).
 *
 * @module
 */

import { readFileSync } from 'node:fs';

/** Cumulative CPU time of the whole machine since an arbitrary origin, in any one unit (jiffies for `/proc/stat`). */
export interface CpuTimes {
  /** Time all cores spent running something (user, nice, system, interrupts, and time stolen by the hypervisor). */
  readonly busy: number;
  /** `busy` plus the time they spent idle or waiting for I/O. */
  readonly total: number;
  /** Number of cores the counters sum over. */
  readonly cores: number;
}

/**
 * Reads the machine's CPU counters: the load signal of the measurers that
 * watch the machine. Inject one to test a measurer on a busy machine without
 * loading it, or to read the load from elsewhere (a container's cgroup, a
 * remote host).
 */
export interface LoadProbe {
  /**
   * The counters now; `undefined` when the platform does not expose them.
   * May answer asynchronously (a phone's counters read over adb).
   */
  read(): CpuTimes | undefined | Promise<CpuTimes | undefined>;
}

/** A {@link LoadProbe} that answers at once (`procStatProbe`). */
export interface SyncLoadProbe extends LoadProbe {
  read(): CpuTimes | undefined;
}

/**
 * Parses the aggregate `cpu` line of Linux's `/proc/stat` (user nice system
 * idle iowait irq softirq steal ...) and counts the `cpuN` lines.
 * `undefined` when the text has no `cpu` line.
 * @example parseProcStat('cpu  10 0 5 80 5 0 0 0 0 0\ncpu0 ...\ncpu1 ...').busy // 15
 */
export function parseProcStat(text: string): CpuTimes | undefined {
  const lines = text.split('\n');
  const head = lines.find((l) => /^cpu\s/.test(l));
  if (head === undefined) return undefined;
  const f = head
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((x) => Number(x));
  if (f.length < 4 || !f.every((x) => Number.isFinite(x))) return undefined;
  const at = (i: number): number => f[i] ?? 0;
  const idle = at(3) + at(4);
  const busy = at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
  const cores = Math.max(1, lines.filter((l) => /^cpu\d+\s/.test(l)).length);
  return { busy, total: busy + idle, cores };
}

/**
 * The default {@link LoadProbe}: `/proc/stat` where it can be read (Linux),
 * otherwise a probe that reads `undefined` (the measurer then judges the load
 * by the measuring process's own CPU share alone).
 *
 * @param readText - reads a file as text (injectable for tests).
 */
export function procStatProbe(readText: (path: string) => string = (p) => readFileSync(p, 'utf8')): SyncLoadProbe {
  return {
    read(): CpuTimes | undefined {
      try {
        return parseProcStat(readText('/proc/stat'));
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The machine's average CPU use between two readings, in cores (0 to
 * `cores`). 0 when no time passed between them.
 */
export function busyCores(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (!(total > 0)) return 0;
  const share = Math.min(1, Math.max(0, (after.busy - before.busy) / total));
  return share * after.cores;
}

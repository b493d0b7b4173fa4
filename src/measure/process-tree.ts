/**
 * The CPU time of a tree of processes, from Linux's `/proc/<pid>/stat`: how
 * a measurer that launched a browser tells the browser's own CPU use from
 * other processes'.
 *
 * @module
 */

import { readdirSync, readFileSync } from 'node:fs';
import type { CpuClock } from './load-watch.js';

/** Milliseconds per clock tick of `/proc` (Linux reports CPU times in USER_HZ, 100 per second, whatever the kernel's HZ). */
export const MS_PER_PROC_TICK = 10;

/** Reads Linux's `/proc` (injectable for tests). Every method answers `undefined` (or no pids) where there is no `/proc`. */
export interface ProcReader {
  /** The pids of the running processes. */
  pids(): readonly number[];
  /** The text of `/proc/<pid>/stat`; `undefined` when the process is gone. */
  stat(pid: number): string | undefined;
  /** The arguments of `/proc/<pid>/cmdline`; `undefined` when the process is gone. */
  cmdline(pid: number): readonly string[] | undefined;
}

/** One process's line of `/proc/<pid>/stat`, the parts used here. */
export interface PidStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime + cutime + cstime: its own CPU time and that of its exited, waited-for children, in clock ticks. */
  readonly ticks: number;
}

/**
 * Parses `/proc/<pid>/stat` (`pid (comm) state ppid ... utime stime cutime
 * cstime ...`; `comm` may hold spaces and parentheses, so the fields are read
 * after its last `)`). `undefined` when the text is not such a line.
 * @example parsePidStat('42 (chro me) S 7 42 42 0 -1 0 0 0 0 0 150 30 5 1 20 0').ticks // 186
 */
export function parsePidStat(text: string): PidStat | undefined {
  const close = text.lastIndexOf(')');
  const pid = Number(text.slice(0, text.indexOf('(')).trim());
  if (close < 0 || !Number.isSafeInteger(pid)) return undefined;
  // After the comm: state(0) ppid(1) pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime cutime cstime(14).
  const f = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const nums = [1, 11, 12, 13, 14].map((i) => Number(f[i]));
  if (!nums.every((n) => Number.isFinite(n))) return undefined;
  const [ppid, ...times] = nums as [number, number, number, number, number];
  return { pid, ppid, ticks: times.reduce((a, b) => a + b, 0) };
}

/** The {@link ProcReader} of this machine's `/proc` (no pids where there is none). */
export function linuxProcReader(): ProcReader {
  const text = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    pids() {
      try {
        return readdirSync('/proc').flatMap((name) => (/^\d+$/.test(name) ? [Number(name)] : []));
      } catch {
        return [];
      }
    },
    stat: (pid) => text(`/proc/${pid}/stat`),
    cmdline: (pid) =>
      text(`/proc/${pid}/cmdline`)
        ?.split('\0')
        .filter((a) => a !== ''),
  };
}

/**
 * The pids of the processes that have `arg` among their arguments (a marker
 * given to a launched program, to find it again).
 */
export function pidsWithArg(arg: string, proc: ProcReader): number[] {
  return proc.pids().filter((pid) => proc.cmdline(pid)?.includes(arg) === true);
}

/**
 * The CPU time of `roots` and all their descendants, ms (their exited
 * children's included, through `cutime`/`cstime`). `undefined` when no root
 * is running (or there is no `/proc`).
 */
export function processTreeCpuMs(roots: readonly number[], proc: ProcReader): number | undefined {
  const stats = proc.pids().flatMap((pid) => {
    const text = proc.stat(pid);
    const s = text === undefined ? undefined : parsePidStat(text);
    return s === undefined ? [] : [s];
  });
  const children = new Map<number, PidStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const tree = stats.filter((s) => roots.includes(s.pid));
  if (tree.length === 0) return undefined;
  const seen = new Set(tree.map((s) => s.pid));
  for (let i = 0; i < tree.length; i++) {
    for (const child of children.get(tree[i]!.pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      tree.push(child);
    }
  }
  return tree.reduce((sum, s) => sum + s.ticks, 0) * MS_PER_PROC_TICK;
}

/**
 * A {@link CpuClock} of the process tree under `roots` (read afresh at each
 * call, so processes started or ended since count as they should).
 */
export function processTreeCpuClock(roots: readonly number[], proc: ProcReader = linuxProcReader()): CpuClock {
  return () => processTreeCpuMs(roots, proc);
}

/** `mnas-ts` as a child process under tsx, for tests of signals and exits. */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', '..', 'src', 'cli', 'index.ts');

export interface CliProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code, or the signal's name when it was killed. */
  readonly exited: Promise<number | string>;
  readonly out: () => string;
  readonly err: () => string;
  /** Resolves once stdout or stderr holds `text`; rejects when the process exits first. */
  waitFor(text: string | RegExp): Promise<void>;
}

/** Starts `mnas-ts ...args`. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const l of listeners) l();
  };
  child.stdout?.on('data', (d) => {
    out += d;
    changed();
  });
  child.stderr?.on('data', (d) => {
    err += d;
    changed();
  });
  const exited = new Promise<number | string>((resolve) => child.once('close', (code, signal) => resolve(signal ?? code ?? -1)));
  const waitFor = (text: string | RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const seen = (): boolean => (typeof text === 'string' ? (out + err).includes(text) : text.test(out + err));
      const check = (): void => {
        if (!seen()) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
      void exited.then((code) => {
        if (seen()) return;
        listeners.delete(check);
        reject(new Error(`mnas-ts exited (${code}) before printing ${String(text)}:\n${out}\n${err}`));
      });
    });
  return { child, exited, out: () => out, err: () => err, waitFor };
}

/** The command line of process `pid` (from /proc), or '' when it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** The ids of the live child processes of `pid` (from /proc). */
export function childPids(pid: number): number[] {
  const ids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (text !== '') ids.push(...text.split(/\s+/).map(Number));
  }
  return ids;
}

/** Whether the process `pid` runs (exists and is not a zombie). */
export function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Child processes of the distributed tests: workers and coordinators under tsx. */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const fixtures = join(import.meta.dirname, 'fixtures');

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves once the worker takes jobs. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code (or signal) once it exits. */
  readonly exited: Promise<number | string>;
  readonly stderr: () => string;
}

export interface WorkerArgs {
  readonly url: string;
  readonly prefix: string;
  readonly delayMs: number;
  readonly failFraction?: number;
  readonly log?: string;
  readonly lockMs: number;
}

export function spawnWorker(a: WorkerArgs): WorkerProcess {
  const args = [a.url, a.prefix, String(a.delayMs), String(a.failFraction ?? 0), a.log ?? '-', String(a.lockMs)];
  const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, 'worker.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes('ready')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it was ready: ${err}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited, stderr: () => err };
}

export interface CoordinatorArgs {
  readonly url: string;
  readonly prefix: string;
  readonly journal: string;
  readonly trials: number;
  readonly concurrency: number;
  readonly seed: number;
  readonly resume: boolean;
  readonly attempts?: number;
}

export interface CoordinatorOutcome {
  readonly trials: [number, string, string, number | null, string | null][];
  readonly resumed: number;
}

/** Complete lines of a file (0 when it does not exist). */
export function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').length - 1;
}

/** Runs a coordinator; with `killAtLines`, SIGKILLs it once its journal has that many complete lines. */
export function runCoordinator(a: CoordinatorArgs, killAtLines?: number): Promise<CoordinatorOutcome | 'killed'> {
  const args = [
    a.url,
    a.prefix,
    a.journal,
    String(a.trials),
    String(a.concurrency),
    String(a.seed),
    a.resume ? '1' : '0',
    String(a.attempts ?? 3),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, 'coordinator.ts'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer =
      killAtLines === undefined
        ? undefined
        : setInterval(() => {
            if (lineCount(a.journal) >= killAtLines) child.kill('SIGKILL');
          }, 5);
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve(JSON.parse(out) as CoordinatorOutcome);
      else reject(new Error(`coordinator exited with ${code}: ${err}`));
    });
  });
}

/** One line of an evaluation log. */
export interface LogLine {
  readonly event: 'start' | 'done';
  readonly pid: number;
  readonly cell: string;
}

export function readLog(log: string): LogLine[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [event, pid, cell] = line.split(' ');
      return { event: event as LogLine['event'], pid: Number(pid), cell: cell as string };
    });
}

/** Finished evaluations of an evaluation log, counted by cell. */
export function evaluationsByCell(log: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { event, cell } of readLog(log)) if (event === 'done') counts.set(cell, (counts.get(cell) ?? 0) + 1);
  return counts;
}

/** Resolves once `condition()` holds, checking every 20 ms; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!condition()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

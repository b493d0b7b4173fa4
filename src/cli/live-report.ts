/**
 * report.html kept up to date while a search runs: rewritten after a trial
 * when at least `intervalMs` have passed since the last writing, each time
 * whole (a temporary file renamed over it), with a reload every few seconds,
 * so a browser showing it follows the search.
 *
 * @module
 */

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readJournal } from '../index.js';
import { renderReport, type ReportOptions } from './report.js';

/** Options of {@link liveReport}. */
export interface LiveReportOptions {
  readonly journal: string;
  readonly path: string;
  readonly costLabel: string;
  readonly targetMs: number;
  /** Least time between two writings. @defaultValue 5000 */
  readonly intervalMs?: number;
  /** Milliseconds since some origin. @defaultValue `performance.now` */
  readonly clock?: () => number;
  /** Told when a writing fails (the search goes on). */
  readonly onError?: (error: unknown) => void;
}

/** The live report of one search. */
export interface LiveReport {
  /** Call after each trial: writes the report when the interval has passed and no writing is under way. */
  trial(): void;
  /** Waits for the writing under way, if any. */
  settled(): Promise<void>;
}

/**
 * Writes the report of `journal` to `path` whole: to a temporary file beside
 * it, renamed into place, so a browser never reads half a page.
 * @returns the number of trials reported.
 */
export async function writeReportPage(journal: string, path: string, options: ReportOptions): Promise<number> {
  const contents = await readJournal<unknown>(journal);
  const page = renderReport(contents, options);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, page);
  await rename(temporary, path);
  return contents.trials.length;
}

/** Keeps `path` rewritten from `journal` as trials finish. */
export function liveReport(options: LiveReportOptions): LiveReport {
  const clock = options.clock ?? (() => performance.now());
  const interval = options.intervalMs ?? 5000;
  let last = -Infinity;
  let writing: Promise<void> | undefined;
  const write = async (): Promise<void> => {
    await writeReportPage(options.journal, options.path, {
      costLabel: options.costLabel,
      targetMs: options.targetMs,
      title: 'mnas-ts search report (running)',
      refreshSeconds: Math.max(5, interval / 1000),
    });
  };
  return {
    trial(): void {
      if (writing !== undefined || clock() - last < interval) return;
      last = clock();
      writing = write()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          writing = undefined;
        });
    },
    settled: async () => {
      await writing;
    },
  };
}

/**
 * `mnas-ts report --watch`: the report of a journal that another process
 * writes (a search on another machine whose folder is shared, or one started
 * without a report), rewritten whenever the journal changes, until stopped.
 *
 * @module
 */

import { stat } from 'node:fs/promises';
import { writeReportPage } from './live-report.js';
import type { CliIo } from './search-command.js';
import { SIGNAL_EXIT_CODES, stopOnSignals } from './signals.js';

/** Options of {@link watchReport}. */
export interface WatchReportOptions {
  readonly journal: string;
  /** The HTML file. */
  readonly out: string;
  /** Stops the watch (Ctrl-C); the final page, which does not reload, is written then. */
  readonly signal: AbortSignal;
  /** How often the journal's size and modification time are looked at, ms. @defaultValue 1000 */
  readonly pollMs?: number;
  /** Seconds between reloads of the page in the browser. @defaultValue 5 */
  readonly refreshSeconds?: number;
  /** Told after each writing: the number of trials and whether it was the final page. */
  readonly onWrite?: (trials: number, final: boolean) => void;
  /** Waits `ms`, or less when `signal` aborts. @defaultValue a timer */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function timer(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(id);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const id = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Writes the report of `journal` to `out` now and again whenever the
 * journal's size or modification time changes (titled "watching", reloading
 * itself every `refreshSeconds`), until `signal` aborts; then writes it once
 * more without the reload.
 * @throws JournalError when the journal is missing or corrupt (a half-written last line is ignored: the writer may be in the middle of it).
 */
export async function watchReport(options: WatchReportOptions): Promise<void> {
  const sleep = options.sleep ?? timer;
  const live = { title: 'mnas-ts search report (watching)', refreshSeconds: options.refreshSeconds ?? 5 };
  let seen: string | undefined;
  while (!options.signal.aborted) {
    const s = await stat(options.journal).catch(() => undefined);
    const key = s === undefined ? '' : `${s.size}:${s.mtimeMs}`;
    if (key !== seen) {
      seen = key;
      const trials = await writeReportPage(options.journal, options.out, live);
      options.onWrite?.(trials, false);
    }
    await sleep(options.pollMs ?? 1000, options.signal);
  }
  const trials = await writeReportPage(options.journal, options.out, {});
  options.onWrite?.(trials, true);
}

/**
 * The `report --watch` command: watches until Ctrl-C (or SIGTERM), printing a
 * line per writing; returns the signal's exit code (130, 143), as every
 * command stopped by one does (docs/cli.md, "Exit codes").
 */
export async function runReportWatch(journal: string, out: string, io: CliIo): Promise<number> {
  const stop = stopOnSignals((text) => io.err(text), process, 'Stopping the watch after a last report');
  io.out(`Watching ${journal}: ${out} is rewritten as it grows (Ctrl-C to stop)`);
  try {
    await watchReport({
      journal,
      out,
      signal: stop.signal,
      onWrite: (trials, final) => io.out(`Report of ${trials} trials${final ? '' : ' (watching)'}: ${out}`),
    });
  } finally {
    stop.dispose();
  }
  const received = stop.received();
  return received === undefined ? 0 : SIGNAL_EXIT_CODES[received];
}

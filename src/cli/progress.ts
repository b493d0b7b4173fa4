/**
 * Search progress on the terminal: a cli-progress bar with ETA and the best
 * so far on a TTY, one line per trial otherwise.
 *
 * @module
 */

import cliProgress from 'cli-progress';
import type { SearchProgress, Trial } from '../index.js';
import { oneLine } from './terminal-text.js';

/** Reports trials as they finish. */
export interface ProgressReporter {
  start(done: number, total: number): void;
  trial(trial: Trial<unknown>, progress: SearchProgress<unknown>): void;
  stop(): void;
}

function fmt(x: number | undefined, digits = 4): string {
  return x === undefined ? '-' : x.toFixed(digits);
}

function bestText(best: Trial<unknown> | undefined): string {
  if (best === undefined) return 'none yet';
  return `#${best.index} reward ${fmt(best.reward)} acc ${fmt(best.accuracy)} cost ${fmt(best.latencyMs, 3)}`;
}

/**
 * A progress reporter writing to `stream`.
 * @param mode - `bar` (TTY), `lines` (logs, pipes) or `quiet`.
 */
export function progressReporter(mode: 'bar' | 'lines' | 'quiet', stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (mode === 'quiet') return { start: () => undefined, trial: () => undefined, stop: () => undefined };
  if (mode === 'lines') {
    return {
      start: (done, total) => stream.write(`search: ${done}/${total} trials done\n`),
      trial: (t, p) => {
        const what =
          t.status === 'failed'
            ? `failed (${oneLine(t.error ?? '')})`
            : `${t.status === 'pruned' ? `pruned at step ${String(t.evaluation?.extra?.['prunedAtStep'] ?? '?')}: ` : ''}reward ${fmt(t.reward)} acc ${fmt(t.accuracy)} cost ${fmt(t.latencyMs, 3)}`;
        stream.write(`trial ${p.done}/${p.total ?? '?'} #${t.index}: ${what} | best ${bestText(p.best)}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'search |{bar}| {value}/{total} trials | {duration_formatted} elapsed | ETA {eta_formatted} | best {best}',
      stream,
      hideCursor: true,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (done, total) => bar.start(total, done, { best: 'none yet' }),
    trial: (_t, p) => bar.update(p.done, { best: bestText(p.best) }),
    stop: () => bar.stop(),
  };
}

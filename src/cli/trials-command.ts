/**
 * `mnas-ts trials <journal>` and `mnas-ts best <journal>`: the trials of a
 * journal as a table, JSON or CSV, filtered by status or to the Pareto front,
 * sorted and limited (as `optuna trials` / `optuna best-trial`).
 *
 * @module
 */

import { InvalidConfigError, paretoTrials, readJournal } from '../index.js';
import type { Trial } from '../index.js';
import { describeValue } from './report.js';
import { type TrialStatus, baselineOf, latencyInterval, latencyNoisy, trialStatus } from './trial-fields.js';
import type { CliIo } from './search-command.js';
import { flagInteger } from './measurer-flags.js';
import { oneLine } from './terminal-text.js';

/** Output formats of the trials commands. */
export const TRIAL_FORMATS = ['table', 'json', 'csv'] as const;
/** Status filters: `pruned` are successful trials that a pruning evaluator stopped early. */
export const TRIAL_STATUSES = ['ok', 'failed', 'pruned', 'all'] as const;
/** Sort keys: reward and accuracy sort high first, latency low first, index in journal order. */
export const TRIAL_SORTS = ['index', 'reward', 'accuracy', 'latency'] as const;

/** Flags of `mnas-ts trials` and `mnas-ts best` as commander gives them. */
export interface TrialsFlags {
  readonly format?: string;
  readonly status?: string;
  readonly pareto?: boolean;
  readonly sort?: string;
  readonly limit?: string;
}

/** One printed row: what a person or a script needs of a trial. */
export interface TrialRow {
  readonly index: number;
  readonly status: TrialStatus;
  readonly reward: number | null;
  readonly accuracy: number | null;
  readonly latencyMs: number | null;
  /** The 95% confidence interval of the latency median (`null` without a latency report). */
  readonly latencyLowMs: number | null;
  readonly latencyHighMs: number | null;
  /** True when the measurer found the machine busy while measuring (`null` when it did not watch). */
  readonly noisy: boolean | null;
  readonly front: boolean;
  readonly baseline: string | null;
  readonly durationMs: number;
  readonly value: string;
  readonly error: string | null;
}

function oneOf<T extends string>(flag: string, allowed: readonly T[], text: string | undefined, fallback: T): T {
  if (text === undefined) return fallback;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new InvalidConfigError(`Invalid ${flag}: expected one of ${allowed.join(', ')}, received ${JSON.stringify(text)}`, {
    path: [flag.replace(/^--/, '')],
  });
}

function limitOf(text: string | undefined, fallback: number | undefined): number | undefined {
  if (text === undefined) return fallback;
  return flagInteger('--limit', ['limit'], text, 1, Number.MAX_SAFE_INTEGER);
}

const num = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

function toRow(t: Trial<unknown>, front: ReadonlySet<number>): TrialRow {
  const ci = latencyInterval(t);
  return {
    index: t.index,
    status: trialStatus(t),
    reward: num(t.reward),
    accuracy: num(t.accuracy),
    latencyMs: num(t.latencyMs),
    latencyLowMs: ci === undefined ? null : ci[0],
    latencyHighMs: ci === undefined ? null : ci[1],
    noisy: latencyNoisy(t) ?? null,
    front: front.has(t.index),
    baseline: baselineOf(t) ?? null,
    durationMs: t.durationMs,
    value: describeValue(t.value),
    error: t.error ?? null,
  };
}

/** Orders rows by `key`; trials without that number go last, ties by index. */
function sortRows(rows: TrialRow[], key: (typeof TRIAL_SORTS)[number]): TrialRow[] {
  if (key === 'index') return rows.sort((a, b) => a.index - b.index);
  const field = key === 'latency' ? 'latencyMs' : key;
  const sign = key === 'latency' ? 1 : -1;
  return rows.sort((a, b) => {
    const [x, y] = [a[field], b[field]];
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || a.index - b.index;
    return sign * (x - y) || a.index - b.index;
  });
}

/** Selects, sorts and limits the trials of a journal as the flags ask. */
export function selectTrials(
  trials: readonly Trial<unknown>[],
  flags: TrialsFlags,
  best: boolean,
  objectives?: readonly { readonly direction: 'maximize' | 'minimize' }[],
): TrialRow[] {
  const status = oneOf('--status', TRIAL_STATUSES, flags.status, best ? 'ok' : 'all');
  const sort = oneOf('--sort', TRIAL_SORTS, flags.sort, best ? (flags.pareto === true ? 'latency' : 'reward') : 'index');
  const limit = limitOf(flags.limit, best && flags.pareto !== true ? 1 : undefined);
  const front = new Set(paretoTrials(trials, objectives).map((t) => t.index));
  const rows = trials
    .map((t) => toRow(t, front))
    .filter((r) => status === 'all' || r.status === status)
    .filter((r) => flags.pareto !== true || r.front)
    // `best` ranks the searched networks; baselines are references, listed only by `trials`.
    .filter((r) => !best || r.baseline === null);
  const sorted = sortRows(rows, sort);
  return limit === undefined ? sorted : sorted.slice(0, limit);
}

/** A number for people: 4 decimals for scores, 3 significant digits (at least 2 decimals below 10) for costs. */
function human(v: number | null, kind: 'score' | 'cost'): string {
  if (v === null) return '-';
  if (kind === 'score') return v.toFixed(4);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(Math.abs(v) >= 0.01 ? 2 : 4);
}

const COLUMNS = ['trial', 'status', 'reward', 'accuracy', 'cost', '95% CI', 'noisy', 'front', 'value'] as const;
/** Columns right-aligned (numbers). */
const NUMERIC = new Set<string>(['reward', 'accuracy', 'cost', '95% CI']);

/** The interval of a row as `low-high`, in the cost's format. */
function interval(r: TrialRow): string {
  return r.latencyLowMs === null || r.latencyHighMs === null ? '-' : `${human(r.latencyLowMs, 'cost')}-${human(r.latencyHighMs, 'cost')}`;
}

/** One cell of the text table. */
function cellOf(r: TrialRow, c: (typeof COLUMNS)[number]): string {
  switch (c) {
    case 'trial':
      return `#${r.index}`;
    case 'status':
      return r.status;
    case 'reward':
      return human(r.reward, 'score');
    case 'accuracy':
      return human(r.accuracy, 'score');
    case 'cost':
      return human(r.latencyMs, 'cost');
    case '95% CI':
      return interval(r);
    case 'noisy':
      return r.noisy === true ? 'noisy' : '';
    case 'front':
      return r.front ? 'yes' : '';
    default:
      return oneLine(r.baseline !== null ? `baseline ${r.baseline}: ${r.value}` : r.status === 'failed' ? (r.error ?? '') : r.value);
  }
}

/**
 * The rows as an aligned text table (long values cut to fit a terminal
 * line). The `95% CI` and `noisy` columns appear when some row has a latency
 * report (`noisy`: when some measurement watched the machine's load).
 */
export function formatTable(rows: readonly TrialRow[], costLabel: string): string {
  if (rows.length === 0) return 'No trials match.';
  const shown = COLUMNS.filter(
    (c) => (c !== '95% CI' || rows.some((r) => r.latencyLowMs !== null)) && (c !== 'noisy' || rows.some((r) => r.noisy !== null)),
  );
  const cells = rows.map((r) => shown.map((c) => cellOf(r, c)));
  const head = shown.map((c) => (c === 'cost' ? oneLine(costLabel) : c));
  const last = head.length - 1;
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === last ? 0 : (c[i] as string).length))));
  const line = (c: readonly string[]): string =>
    c
      .map((s, i) =>
        i === last
          ? s.length > 100
            ? `${s.slice(0, 99)}…`
            : s
          : NUMERIC.has(shown[i] as string)
            ? s.padStart(widths[i] as number)
            : s.padEnd(widths[i] as number),
      )
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)].join('\n');
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break;
 * a text starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`
 * so a spreadsheet does not run it as a formula. Numbers are written as they are.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_FIELDS = [
  'index',
  'status',
  'reward',
  'accuracy',
  'latencyMs',
  'latencyLowMs',
  'latencyHighMs',
  'noisy',
  'front',
  'baseline',
  'durationMs',
  'value',
  'error',
] as const;

/** The rows as CSV with a header line (full precision). */
export function formatCsv(rows: readonly TrialRow[]): string {
  return [CSV_FIELDS.join(','), ...rows.map((r) => CSV_FIELDS.map((f) => csvCell(r[f])).join(','))].join('\n');
}

/**
 * Runs `mnas-ts trials` (`best` false) or `mnas-ts best` (`best` true).
 * @returns the exit code: 0, or 1 when `best` finds no successful trial.
 * @throws InvalidConfigError for a bad flag, JournalError for an unreadable journal (exit code 2).
 */
export async function runTrialsCommand(journal: string, flags: TrialsFlags, io: CliIo, best: boolean): Promise<number> {
  const format = oneOf('--format', TRIAL_FORMATS, flags.format, 'table');
  const contents = await readJournal<unknown>(journal);
  if (contents.droppedTail) io.err(`warning: ignored the half-written last line ${contents.droppedTail.line} of ${journal}`);
  const rows = selectTrials(contents.trials, flags, best, contents.header.objectives);
  const label = contents.header.meta?.['costLabel'];
  if (format === 'json') io.out(JSON.stringify(rows, null, 2));
  else if (format === 'csv') io.out(formatCsv(rows));
  else io.out(formatTable(rows, typeof label === 'string' ? label : 'latency (ms)'));
  if (best && rows.length === 0) {
    io.err(`mnas-ts: no successful trial in ${journal}`);
    return 1;
  }
  return 0;
}

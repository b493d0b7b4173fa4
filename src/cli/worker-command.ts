/**
 * `mnas-ts worker`: takes the trials of searches run with `--redis`,
 * evaluating them with the evaluator each job's recipe describes and
 * measuring them with the measurer of its own flags.
 *
 * @module
 */

import { AbortError, type Architecture, type LatencyMeasurer } from '../index.js';
import { DEFAULT_REDIS_URL, type DistributedWorker, redactUrl, startWorker } from '../entries/distributed.js';
import { makeMeasurer } from './build.js';
import { validateConfig } from './config.js';
import { PLATFORM_MEASURERS, bad, recipeEvaluator, redisUrl } from './distributed.js';
import { flagInteger, measurerSectionsFromFlags } from './measurer-flags.js';
import type { CliIo } from './search-command.js';
import { SIGNAL_EXIT_CODES, type StopSignal } from './signals.js';
import { pinWasmSection } from './wasm-duet.js';

/** Flags of `mnas-ts worker`. */
export interface WorkerFlags {
  readonly redis?: string;
  readonly prefix?: string;
  readonly evaluate?: boolean;
  readonly pool?: string;
  readonly concurrency?: string;
  readonly measure?: string;
  readonly platform?: string;
  readonly lockSeconds?: string;
  /** Folders whose supernets evaluation jobs may name (their recipe's `supernet`). */
  readonly supernetDir?: readonly string[];
  readonly [measurerFlag: string]: unknown;
}

/** `a, b or c`. */
function orList(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function positiveInt(flag: string, text: string | undefined, max: number): number | undefined {
  return text === undefined ? undefined : flagInteger(flag, [flag.replace(/^--/, '')], text, 1, max);
}

/**
 * Runs `mnas-ts worker` until SIGINT or SIGTERM: the first finishes the jobs in
 * hand (or stops connecting), the second quits at once (another worker takes
 * those jobs again once their locks expire).
 * @returns the exit code: 130 (SIGINT) or 143 (SIGTERM).
 */
export async function runWorkerCommand(flags: WorkerFlags, io: CliIo, source: NodeJS.Process = process): Promise<number> {
  const evaluate = flags.evaluate === true;
  const measure = flags.measure;
  if (!evaluate && measure === undefined) bad('--evaluate/--measure', 'at least one of --evaluate and --measure <measurer>', undefined);
  if (measure !== undefined && !PLATFORM_MEASURERS.has(measure)) bad('--measure', orList([...PLATFORM_MEASURERS]), measure);
  if (measure === undefined && flags.platform !== undefined) bad('--platform', 'a --measure beside it', flags.platform);
  if (!evaluate && flags.concurrency !== undefined) bad('--concurrency', '--evaluate beside it', flags.concurrency);
  if (!evaluate && flags.supernetDir !== undefined) bad('--supernet-dir', '--evaluate beside it', flags.supernetDir);
  const concurrency = positiveInt('--concurrency', flags.concurrency, 64);
  const lockSeconds = positiveInt('--lock-seconds', flags.lockSeconds, 3600);
  const sections = validateConfig(measurerSectionsFromFlags(flags, measure), 'flags');
  let measurer: LatencyMeasurer<Architecture> | undefined;
  if (measure !== undefined) {
    const wasm = measure === 'wasm' ? await pinWasmSection(sections.wasm, { inputSize: 224, seed: 0 }) : undefined;
    measurer = makeMeasurer(measure, 0, { ...sections, ...(wasm === undefined ? {} : { wasm }) });
  }
  const platform = measure === undefined ? undefined : (flags.platform ?? measure);
  // Signals are heard from here on: while connecting (Redis may be away), the first stops at once.
  const connecting = new AbortController();
  let worker: DistributedWorker | undefined;
  let received: StopSignal | undefined;
  let stopped: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  const onSignal = (name: StopSignal) => (): void => {
    if (received !== undefined) source.exit(SIGNAL_EXIT_CODES[name]);
    received = name;
    if (worker === undefined) {
      connecting.abort();
      return;
    }
    io.err(
      `\nStopping: finishing the job in hand (${name === 'SIGINT' ? 'Ctrl-C' : 'another signal'} again to quit at once; the job is then taken again elsewhere)...`,
    );
    void worker.close().then(stopped, stopped);
  };
  const handlers = [
    ['SIGINT', onSignal('SIGINT')],
    ['SIGTERM', onSignal('SIGTERM')],
  ] as const;
  for (const [name, handler] of handlers) source.on(name, handler);
  try {
    io.err(`Connecting to Redis at ${redactUrl(flags.redis ?? DEFAULT_REDIS_URL)}...`);
    try {
      worker = await startWorker<unknown>({
        connection: redisUrl(flags.redis ?? DEFAULT_REDIS_URL),
        ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
        ...(evaluate
          ? { evaluator: recipeEvaluator(flags.supernetDir ?? []), ...(flags.pool === undefined ? {} : { pool: flags.pool }) }
          : {}),
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(measurer === undefined ? {} : { measurer: measurer as LatencyMeasurer<unknown>, platform: platform as string }),
        ...(lockSeconds === undefined ? {} : { lockMs: lockSeconds * 1000 }),
        onEvent: (e) => {
          const what = `${e.kind} ${e.key ?? e.job}`;
          if (e.type === 'started') io.err(`started ${what}`);
          else if (e.type === 'finished') io.err(`finished ${what}`);
          else io.err(`failed ${what}${e.final ? '' : ' (to be tried again)'}: ${e.error}`);
        },
        onWarning: (m) => io.err(`warning: ${m}`),
        signal: connecting.signal,
      });
    } catch (error) {
      if (received === undefined || !(error instanceof AbortError)) throw error;
      io.err(`Stopped (${received}) before connecting.`);
      return SIGNAL_EXIT_CODES[received];
    }
    const roles = [
      evaluate ? `evaluates pool ${flags.pool ?? 'default'}${concurrency ? ` (${concurrency} at once)` : ''}` : '',
      platform ? `measures ${platform}` : '',
    ]
      .filter((s) => s !== '')
      .join(', ');
    io.out(
      `mnas-ts worker ${worker.name}: ${roles}; Redis ${redactUrl(flags.redis ?? DEFAULT_REDIS_URL)}. Ctrl-C finishes the job in hand and stops.`,
    );
    await done;
    io.out(`Stopped: ${worker.finished.evaluate} evaluations and ${worker.finished.measure} measurements done.`);
    return SIGNAL_EXIT_CODES[received as StopSignal];
  } finally {
    for (const [name, handler] of handlers) source.off(name, handler);
    await measurer?.close?.();
  }
}

/**
 * The command line's side of distributed evaluation: `mnas-ts search --redis`
 * hands its candidates to workers with the evaluation recipe of its config,
 * and `mnas-ts worker` builds its evaluator from each job's recipe and its
 * measurer from its own flags.
 *
 * @module
 */

import type { Architecture, LatencyMeasurer } from '../index.js';
import * as api from '../index.js';
import {
  DEFAULT_REDIS_URL,
  type DistributedWorker,
  type QueueExecutor,
  type RecipeEvaluator,
  queueExecutor,
  redactUrl,
  startWorker,
} from '../entries/distributed.js';
import { buildEvaluatorRoles, makeMeasurer } from './build.js';
import { type ResolvedSearchConfig, type SearchConfig, resolveConfig, searchConfigSchema, validateConfig } from './config.js';
import { measurerSectionsFromFlags } from './measurer-flags.js';
import type { CliIo } from './search-command.js';
import { pinWasmSection } from './wasm-duet.js';

/** Environment variable with the Redis password, for URLs written without one (a password on the command line shows in `ps`). */
export const REDIS_PASSWORD_ENV = 'MNAS_TS_REDIS_PASSWORD';

/** Measurers whose latencies come from a worker that owns the platform; the others (tables, MACs) are computed by the coordinator. */
const PLATFORM_MEASURERS = new Set(['wasm', 'browser', 'android']);

function bad(flag: string, expected: string, received: unknown): never {
  throw new api.InvalidConfigError(`Invalid ${flag}: expected ${expected}, received ${api.describeValue(received)}`, { path: [flag] });
}

/** `url` with the password of {@link REDIS_PASSWORD_ENV} when it has none. */
export function redisUrl(url: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof url !== 'string' || url === '') bad('--redis', 'a redis:// or rediss:// URL', url);
  const password = env[REDIS_PASSWORD_ENV];
  if (password === undefined || password === '') return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url; // queueExecutor names what is wrong with it
  }
  if (parsed.password !== '') return url;
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * What a worker needs to evaluate as this search does: the config's
 * evaluation fields, as a config a worker resolves again.
 */
export function evaluationRecipe(config: ResolvedSearchConfig): SearchConfig {
  if (config.benchmark !== undefined) {
    return { benchmark: config.benchmark, ...(config.benchmark === 'nas-bench-201' ? { dataset: config.dataset } : {}), seed: config.seed };
  }
  const { steps, ...training } = config.training;
  return {
    inputSize: config.inputSize,
    data: config.data,
    evaluator: config.evaluator,
    ...(config.evaluator === 'zero-cost' ? { zeroCostProxy: config.zeroCostProxy } : {}),
    ...(config.supernet === undefined ? {} : { supernet: config.supernet }),
    training: steps === undefined ? training : { ...training, steps },
    pruner: 'none',
    baselines: 'none',
    seed: config.seed,
  };
}

/**
 * The evaluator a recipe describes, and its validator of job values.
 * @throws InvalidConfigError for a recipe that is not a valid config.
 */
export async function recipeEvaluator(recipe: unknown): Promise<RecipeEvaluator<unknown>> {
  const parsed = searchConfigSchema.safeParse(recipe);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new api.InvalidConfigError(`Invalid recipe: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, { path: ['recipe'] });
  }
  return buildEvaluatorRoles(resolveConfig(parsed.data));
}

/** The executor of `search --redis`: evaluation jobs with the recipe, measurement jobs for `--platform` (or the table or MACs here). */
export function searchExecutor(
  config: ResolvedSearchConfig,
  flags: Readonly<Record<string, unknown>>,
  measurer: LatencyMeasurer<unknown>,
): QueueExecutor<unknown> {
  if (config.pruner !== 'none') bad('--pruner', 'none with --redis (workers train each candidate in full)', config.pruner);
  const remote = PLATFORM_MEASURERS.has(config.measurer);
  if (!remote && flags['platform'] !== undefined)
    bad('--platform', `no platform: --measurer ${config.measurer} is computed here`, flags['platform']);
  return queueExecutor<unknown>({
    connection: redisUrl(flags['redis']),
    recipe: evaluationRecipe(config),
    ...(flags['prefix'] === undefined ? {} : { prefix: flags['prefix'] as string }),
    ...(flags['pool'] === undefined ? {} : { pool: flags['pool'] as string }),
    ...(remote ? { measureOn: (flags['platform'] as string | undefined) ?? config.measurer } : { measurer }),
  });
}

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
  readonly [measurerFlag: string]: unknown;
}

function positiveInt(flag: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) bad(flag, `an integer in [1, ${max}]`, text);
  return n;
}

/**
 * Runs `mnas-ts worker` until SIGINT or SIGTERM: the first finishes the jobs in
 * hand, the second quits at once (another worker takes those jobs again once
 * their locks expire).
 * @returns the exit code (0 after a graceful stop).
 */
export async function runWorkerCommand(flags: WorkerFlags, io: CliIo, source: NodeJS.Process = process): Promise<number> {
  const evaluate = flags.evaluate === true;
  const measure = flags.measure;
  if (!evaluate && measure === undefined) bad('--evaluate/--measure', 'at least one of --evaluate and --measure <measurer>', undefined);
  if (measure !== undefined && !PLATFORM_MEASURERS.has(measure)) bad('--measure', 'wasm, browser or android', measure);
  if (measure === undefined && flags.platform !== undefined) bad('--platform', 'a --measure beside it', flags.platform);
  if (!evaluate && flags.concurrency !== undefined) bad('--concurrency', '--evaluate beside it', flags.concurrency);
  const concurrency = positiveInt('--concurrency', flags.concurrency, 64);
  const lockSeconds = positiveInt('--lock-seconds', flags.lockSeconds, 3600);
  const sections = validateConfig(measurerSectionsFromFlags(flags, measure), 'flags');
  let measurer: LatencyMeasurer<Architecture> | undefined;
  if (measure !== undefined) {
    const wasm = measure === 'wasm' ? await pinWasmSection(sections.wasm, { inputSize: 224, seed: 0 }) : undefined;
    measurer = makeMeasurer(measure as ResolvedSearchConfig['measurer'], 0, { ...sections, ...(wasm === undefined ? {} : { wasm }) });
  }
  const platform = measure === undefined ? undefined : (flags.platform ?? measure);
  let worker: DistributedWorker;
  try {
    worker = await startWorker<unknown>({
      connection: redisUrl(flags.redis ?? DEFAULT_REDIS_URL),
      ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
      ...(evaluate ? { evaluator: recipeEvaluator, ...(flags.pool === undefined ? {} : { pool: flags.pool }) } : {}),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(measurer === undefined ? {} : { measurer: measurer as LatencyMeasurer<unknown>, platform: platform as string }),
      ...(lockSeconds === undefined ? {} : { lockMs: lockSeconds * 1000 }),
      onEvent: (e) => {
        const what = `${e.kind} ${e.key ?? e.job}`;
        if (e.type === 'started') io.err(`started ${what}`);
        else if (e.type === 'finished') io.err(`finished ${what}`);
        else io.err(`failed ${what}${e.final ? '' : ' (to be tried again)'}: ${e.error}`);
      },
    });
  } catch (error) {
    await measurer?.close?.();
    throw error;
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
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (name: 'SIGINT' | 'SIGTERM') => (): void => {
      if (stopping) source.exit(name === 'SIGINT' ? 130 : 143);
      stopping = true;
      io.err(
        `\nStopping: finishing the job in hand (${name === 'SIGINT' ? 'Ctrl-C' : 'another signal'} again to quit at once; the job is then taken again elsewhere)...`,
      );
      void worker.close().then(resolve, resolve);
    };
    source.on('SIGINT', onSignal('SIGINT'));
    source.on('SIGTERM', onSignal('SIGTERM'));
  });
  await measurer?.close?.();
  io.out(`Stopped: ${worker.finished.evaluate} evaluations and ${worker.finished.measure} measurements done.`);
  return 0;
}

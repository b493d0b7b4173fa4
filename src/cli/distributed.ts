/**
 * The command line's side of distributed evaluation: `mnas-ts search --redis`
 * hands its candidates to workers with the evaluation recipe of its config;
 * a worker builds its evaluator from each job's recipe.
 *
 * @module
 */

import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { LatencyMeasurer } from '../index.js';
import * as api from '../index.js';
import { type QueueExecutor, type RecipeEvaluator, queueExecutor } from '../entries/distributed.js';
import { buildEvaluatorRoles } from './build.js';
import { type ResolvedSearchConfig, type SearchConfig, resolveConfig, searchConfigSchema } from './config.js';
import { hasSection } from './measurer-config.js';
import type { Fail } from '../validate.js';

/** Environment variable with the Redis password, for URLs written without one (a password on the command line shows in `ps`). */
export const REDIS_PASSWORD_ENV = 'MNAS_TS_REDIS_PASSWORD';

/**
 * Measurers whose latencies come from a worker that owns the platform (the
 * `platform` ones of `latencyMeasurers`); the others (tables, MACs) are
 * computed by the coordinator.
 */
export const PLATFORM_MEASURERS = new Set(api.latencyMeasurers.entries().flatMap((e) => (e.source === 'platform' ? [e.name] : [])));

export function bad(flag: string, expected: string, received: unknown): never {
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
    // A worker reads the folder at the same path and checks it holds the same files.
    ...(config.dataFingerprint === undefined ? {} : { dataFingerprint: config.dataFingerprint }),
    evaluator: config.evaluator,
    ...(config.evaluator === 'zero-cost' ? { zeroCostProxy: config.zeroCostProxy } : {}),
    ...(config.supernet === undefined ? {} : { supernet: config.supernet }),
    training: steps === undefined ? training : { ...training, steps },
    pruner: 'none',
    baselines: 'none',
    seed: config.seed,
  };
}

/** `path` with symbolic links resolved, or resolved lexically when it does not exist. */
async function realPath(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

/**
 * Checks that the supernet folder a recipe names is inside one of the
 * folders the worker's command line allows (`--supernet-dir`), links resolved.
 * @throws InvalidConfigError naming the folder (never what it holds).
 */
async function checkSupernetDir(dir: string, allowed: readonly string[]): Promise<void> {
  const real = await realPath(dir);
  for (const root of allowed) {
    const r = await realPath(root);
    const within = relative(r, real);
    if (within === '' || (!within.startsWith('..') && !isAbsolute(within))) return;
  }
  const where = allowed.length === 0 ? 'this worker allows none (mnas-ts worker --supernet-dir <dir>)' : `allowed: ${allowed.join(', ')}`;
  throw new api.InvalidConfigError(
    `Invalid recipe: supernet ${JSON.stringify(dir)} is outside the folders this worker may read (${where})`,
    {
      path: ['recipe', 'supernet'],
    },
  );
}

/** The `Fail` of a job's recipe: an InvalidConfigError at `recipe` and the field. */
const recipeFail: Fail = (path, expected, received) => {
  throw new api.InvalidConfigError(
    `Invalid recipe: ${path.join('.') || '(root)'}: expected ${expected}, received ${api.describeValue(received)}`,
    { path: ['recipe', ...path], expected, received },
  );
};

/**
 * A worker's builder of the evaluator a recipe describes, and its validator
 * of job values. A recipe may name a supernet folder only inside one of
 * `supernetDirs` (the worker's `--supernet-dir` folders): job data never
 * chooses what a worker reads.
 * @throws InvalidConfigError for a recipe that is not a valid config, or a supernet outside `supernetDirs`.
 */
export function recipeEvaluator(supernetDirs: readonly string[] = []): (recipe: unknown) => Promise<RecipeEvaluator<unknown>> {
  return async (recipe) => {
    const config = searchConfigSchema.parse(recipe, [], recipeFail);
    if (config.supernet !== undefined) await checkSupernetDir(config.supernet, supernetDirs);
    return buildEvaluatorRoles(resolveConfig(config));
  };
}

/** The executor of `search --redis`: evaluation jobs with the recipe, measurement jobs for `--platform` (or the table or MACs here). */
export function searchExecutor(
  config: ResolvedSearchConfig,
  flags: Readonly<Record<string, unknown>>,
  measurer: LatencyMeasurer<unknown>,
  onWarning: (message: string) => void,
): QueueExecutor<unknown> {
  if (config.pruner !== 'none') bad('--pruner', 'none with --redis (workers train each candidate in full)', config.pruner);
  const remote = PLATFORM_MEASURERS.has(config.measurer);
  const section = remote && hasSection(config.measurer) ? config[config.measurer] : undefined;
  if (section !== undefined) {
    // The platform's worker measures with its own settings: the coordinator's would be silently unused.
    bad(
      `${config.measurer} measurer options`,
      `none with --redis: give them to the worker (mnas-ts worker --measure ${config.measurer} ...)`,
      section,
    );
  }
  if (!remote && flags['platform'] !== undefined)
    bad('--platform', `no platform: --measurer ${config.measurer} is computed here`, flags['platform']);
  return queueExecutor<unknown>({
    connection: redisUrl(flags['redis']),
    recipe: evaluationRecipe(config),
    onWarning,
    ...(flags['prefix'] === undefined ? {} : { prefix: flags['prefix'] as string }),
    ...(flags['pool'] === undefined ? {} : { pool: flags['pool'] as string }),
    ...(remote ? { measureOn: (flags['platform'] as string | undefined) ?? config.measurer } : { measurer }),
  });
}

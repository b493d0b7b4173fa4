/**
 * The command line's side of distributed evaluation: `mnas-ts search --redis`
 * hands its candidates to workers with the evaluation recipe of its config;
 * a worker builds its evaluator from each job's recipe.
 *
 * @module
 */

import type { LatencyMeasurer } from '../index.js';
import * as api from '../index.js';
import { type QueueExecutor, type RecipeEvaluator, queueExecutor } from '../entries/distributed.js';
import { buildEvaluatorRoles } from './build.js';
import { type ResolvedSearchConfig, type SearchConfig, resolveConfig, searchConfigSchema } from './config.js';

/** Environment variable with the Redis password, for URLs written without one (a password on the command line shows in `ps`). */
export const REDIS_PASSWORD_ENV = 'MNAS_TS_REDIS_PASSWORD';

/** Measurers whose latencies come from a worker that owns the platform; the others (tables, MACs) are computed by the coordinator. */
export const PLATFORM_MEASURERS = new Set(['wasm', 'browser', 'ort', 'android']);

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
  onWarning: (message: string) => void,
): QueueExecutor<unknown> {
  if (config.pruner !== 'none') bad('--pruner', 'none with --redis (workers train each candidate in full)', config.pruner);
  const remote = PLATFORM_MEASURERS.has(config.measurer);
  const section = remote ? config[config.measurer as 'wasm' | 'browser' | 'ort' | 'android'] : undefined;
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

/**
 * The queue executor: a search's candidates become BullMQ jobs on Redis, an
 * evaluation job that any worker of the pool may take and a measurement job
 * for the worker that owns the platform; the search, in this process, stays
 * the coordinator (controller, reward, journal).
 *
 * @module
 */

import { AbortError } from '../errors.js';
import type { EvaluationResult } from '../evaluate/types.js';
import type { LatencyMeasurer, LatencyReport } from '../measure/types.js';
import { type Execution, type ExecutionRequest, type TrialExecutor, errorMessage, measureValue } from '../search/executor.js';
import { optionChecks } from './options.js';
import { DEFAULT_PREFIX, DEFAULT_REDIS_URL, checkName, redactUrl, redisOptions } from './connection.js';
import { JOB_VERSION, type JobData, type JobKind, type JobResult, evaluateQueueName, jobId, measureQueueName } from './jobs.js';
import { Channel, type JobOpts, type Outcome } from './queue-channel.js';

/** Options of {@link queueExecutor}. */
export interface QueueExecutorOptions<T> {
  /**
   * Redis URL: `redis://[user:password@]host[:port][/db]`, `rediss://` for TLS.
   * @defaultValue `redis://127.0.0.1:6379` (loopback only)
   */
  readonly connection?: string;
  /** Prefix of the Redis keys; coordinator and workers must agree. @defaultValue `mnas-ts` */
  readonly prefix?: string;
  /** Pool of workers that evaluate (`mnas-ts worker --evaluate --pool`). @defaultValue `default` */
  readonly pool?: string;
  /**
   * Platform whose workers measure latency (`mnas-ts worker --measure ... --platform`):
   * each candidate also becomes a measurement job for them.
   * @defaultValue none
   */
  readonly measureOn?: string;
  /**
   * Measure in this process instead (a table or an analytic cost: nothing
   * that a training on this host could disturb). Not with `measureOn`.
   * @defaultValue none
   */
  readonly measurer?: LatencyMeasurer<T>;
  /**
   * JSON handed to every evaluation job, for workers that build their
   * evaluator from it (the CLI sends its search config).
   * @defaultValue none
   */
  readonly recipe?: unknown;
  /** Attempts of a job before its trial fails (a worker that throws, or dies more often than the stalled limit). @defaultValue `3` */
  readonly attempts?: number;
  /** Wait before the second attempt, doubled for each further one, ms. @defaultValue `1000` */
  readonly backoffMs?: number;
  /** Finished jobs (and their results) are kept in Redis this long, s, for a resumed coordinator. @defaultValue 7 days */
  readonly keepS?: number;
  /** Every this many ms, outstanding jobs are also read from Redis (a missed event costs at most this). @defaultValue `1000` */
  readonly pollMs?: number;
  /**
   * Called with notices: what is wrong with the connection to Redis, in one
   * line naming it (`Redis at 10.0.0.5:6379: connection refused ...`, once
   * per distinct problem), Redis not reachable after 10 s, no worker taking
   * the jobs of a queue (looked up once, when its first job is added).
   * Refused credentials are no notice: every job of the search fails with them.
   */
  readonly onWarning?: (message: string) => void;
}

/** A {@link TrialExecutor} on a queue, with what to release. */
export interface QueueExecutor<T> extends TrialExecutor<T> {
  /** The Redis URL, password redacted. */
  readonly connection: string;
  /**
   * Resolves once the queues are connected to Redis (a search waits for it
   * anyway; this lets its owner fail early, before the search starts).
   * @throws InvalidOptionsError naming an authentication failure; AbortError when `signal` aborts first.
   */
  connected(signal?: AbortSignal): Promise<void>;
  /** Closes the queues and connections at once, Redis reachable or not; outstanding jobs stay in Redis for a resumed search. */
  close(): Promise<void>;
}

const KNOWN = new Set([
  'connection',
  'prefix',
  'pool',
  'measureOn',
  'measurer',
  'recipe',
  'attempts',
  'backoffMs',
  'keepS',
  'pollMs',
  'onWarning',
]);

const { fail, intIn, known } = optionChecks('queueExecutor');

function checkResult(outcome: Outcome, request: ExecutionRequest<unknown>, field: 'evaluation' | 'latency'): unknown {
  if (!outcome.ok) throw new Error(outcome.message);
  const r = outcome.result as Partial<JobResult> | null;
  if (typeof r !== 'object' || r === null || r.run !== request.run || r.key !== request.key) {
    throw new Error(`a worker returned a result of another job (run ${String(r?.run)}, key ${String(r?.key)})`);
  }
  const found = r[field];
  if (typeof found !== 'object' || found === null) throw new Error(`a worker returned no ${field}`);
  return found;
}

/**
 * An executor that hands a search's candidates to workers through BullMQ on
 * Redis. Each candidate becomes an evaluation job for the pool and, with
 * `measureOn`, a measurement job for that platform's worker; both run at
 * once, on other machines or this one. Jobs have ids derived from the run,
 * the key and the value: a coordinator that is resumed after a crash finds
 * the jobs it had added, finished or running, instead of adding them again,
 * and a job of another search is never taken for one of this search's. A job
 * is retried `attempts` times with exponential backoff (a worker killed in the
 * middle of a job: its job is taken again once its lock expires) before its
 * trial fails with the last error.
 *
 * The connection opens at once; jobs wait in Redis until a worker takes them.
 *
 * @throws InvalidOptionsError naming a bad option.
 * @example
 * const executor = queueExecutor({ connection: 'redis://10.0.0.5:6379', measureOn: 'pixel-7' });
 * try {
 *   await search({ space, controller, executor, targetMs: 20, concurrency: 8, journal: 'run/journal.jsonl' });
 * } finally {
 *   await executor.close();
 * }
 */
export function queueExecutor<T>(options: QueueExecutorOptions<T> = {}): QueueExecutor<T> {
  known(options, KNOWN);
  const url = options.connection ?? DEFAULT_REDIS_URL;
  const connection = redisOptions(url, 'connection');
  const prefix = checkName(options.prefix ?? DEFAULT_PREFIX, 'prefix');
  const pool = checkName(options.pool ?? 'default', 'pool');
  const platform = options.measureOn === undefined ? undefined : checkName(options.measureOn, 'measureOn');
  const measurer = options.measurer;
  if (measurer !== undefined && typeof (measurer as { measure?: unknown }).measure !== 'function') {
    fail('measurer', 'a LatencyMeasurer (measure())', measurer);
  }
  if (measurer !== undefined && platform !== undefined) fail('measurer', 'not both a measurer and measureOn', measurer);
  if (options.recipe !== undefined) {
    try {
      JSON.stringify(options.recipe);
    } catch {
      fail('recipe', 'JSON', options.recipe);
    }
  }
  const opts: JobOpts = {
    attempts: intIn(options.attempts, 'attempts', 1, 100, 3),
    backoff: { type: 'exponential', delay: intIn(options.backoffMs, 'backoffMs', 0, 3_600_000, 1000) },
    removeOnComplete: { age: intIn(options.keepS, 'keepS', 1, 365 * 86_400, 7 * 86_400) },
    removeOnFail: { age: intIn(options.keepS, 'keepS', 1, 365 * 86_400, 7 * 86_400) },
    pollMs: intIn(options.pollMs, 'pollMs', 10, 600_000, 1000),
  };
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') fail('onWarning', 'a function', options.onWarning);
  const warn = options.onWarning ?? (() => undefined);
  const hint = redactUrl(url);
  const evaluations = new Channel(evaluateQueueName(pool), connection, prefix, warn, hint);
  const measurements = platform === undefined ? undefined : new Channel(measureQueueName(platform), connection, prefix, warn, hint);

  const data = (request: ExecutionRequest<T>, kind: JobKind): JobData => {
    const timeout = kind === 'evaluate' ? request.evaluateTimeoutMs : request.measureTimeoutMs;
    return {
      v: JOB_VERSION,
      run: request.run,
      key: request.key,
      value: request.value,
      timeoutMs: Number.isFinite(timeout) ? timeout : null,
      ...(kind === 'evaluate' && options.recipe !== undefined ? { recipe: options.recipe } : {}),
    };
  };

  const measure = async (request: ExecutionRequest<T>, signal: AbortSignal): Promise<LatencyReport | undefined> => {
    if (measurer !== undefined) return measureValue(measurer, request.value, { signal, timeoutMs: request.measureTimeoutMs });
    if (measurements === undefined) return undefined;
    const id = jobId('measure', request.run, request.key, request.value);
    const outcome = await measurements.run(id, data(request, 'measure'), opts, signal);
    return checkResult(outcome, request, 'latency') as LatencyReport;
  };

  const evaluate = async (request: ExecutionRequest<T>, signal: AbortSignal): Promise<EvaluationResult> => {
    const id = jobId('evaluate', request.run, request.key, request.value);
    const outcome = await evaluations.run(id, data(request, 'evaluate'), opts, signal);
    return checkResult(outcome, request, 'evaluation') as EvaluationResult;
  };

  return {
    measures: measurer !== undefined || platform !== undefined,
    connection: redactUrl(url),
    async execute(request, { signal }): Promise<Execution> {
      const [latency, evaluation] = await Promise.allSettled([measure(request, signal), evaluate(request, signal)]);
      if (signal.aborted) throw new AbortError('The search was aborted', { cause: signal.reason });
      if (latency.status === 'rejected') return { failure: { stage: 'measure', message: errorMessage(latency.reason) } };
      const latencyPart = latency.value === undefined ? {} : { latency: latency.value };
      if (evaluation.status === 'rejected') {
        return { ...latencyPart, failure: { stage: 'evaluate', message: errorMessage(evaluation.reason) } };
      }
      return { ...latencyPart, evaluation: evaluation.value };
    },
    async connected(signal = new AbortController().signal): Promise<void> {
      await Promise.all([evaluations.connected(signal), measurements?.connected(signal)]);
    },
    async close(): Promise<void> {
      await Promise.all([evaluations.close(), measurements?.close()]);
    },
  };
}

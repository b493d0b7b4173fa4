/**
 * The queue executor: a search's candidates become BullMQ jobs on Redis, an
 * evaluation job that any worker of the pool may take and a measurement job
 * for the worker that owns the platform; the search, in this process, stays
 * the coordinator (controller, reward, journal).
 *
 * @module
 */

import type { Queue, QueueEvents, RedisOptions } from 'bullmq';
import { loadBullmq } from './bullmq.js';
import { AbortError } from '../errors.js';
import type { EvaluationResult } from '../evaluate/types.js';
import type { LatencyMeasurer, LatencyReport } from '../measure/types.js';
import { type Execution, type ExecutionRequest, type TrialExecutor, errorMessage, measureValue } from '../search/executor.js';
import { optionChecks } from './options.js';
import { DEFAULT_PREFIX, DEFAULT_REDIS_URL, abortable, checkName, connectionErrors, redactUrl, redisOptions } from './connection.js';
import { redisAddress } from './redis-errors.js';
import { JOB_VERSION, type JobData, type JobKind, type JobResult, evaluateQueueName, jobId, measureQueueName } from './jobs.js';

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

/** A job's outcome as the coordinator sees it. */
type Outcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly message: string };

/** One queue and its events, with the jobs this coordinator waits for. */
class Channel {
  readonly queue: Queue;
  private readonly events: QueueEvents;
  /** Per awaited job: look its state up, or settle it with a result that an event carried. */
  private readonly waiting = new Map<string, { readonly check: () => void; readonly completed: (result: unknown) => void }>();
  private readonly ready: Promise<unknown>;

  private checkedWorkers = false;

  constructor(
    private readonly name: string,
    connection: RedisOptions,
    prefix: string,
    private readonly warn: (message: string) => void,
    hint: string,
  ) {
    const { Queue, QueueEvents } = loadBullmq('queueExecutor');
    this.queue = new Queue(name, { connection, prefix });
    this.events = new QueueEvents(name, { connection, prefix });
    // A completion event carries the result: no round trip. A failure may still be retried: look it up.
    this.events.on('completed', ({ jobId: id, returnvalue }) => this.waiting.get(id)?.completed(returnvalue));
    this.events.on('failed', ({ jobId: id }) => this.waiting.get(id)?.check());
    const where = redisAddress(connection);
    // Refused credentials stop the queue at once; anything else is retried by ioredis (the queue goes on when Redis is back).
    const refused = new Promise<never>((_, reject) => {
      const onError = connectionErrors(where, (message) => warn(`${message}; still trying`), reject);
      this.queue.on('error', onError);
      this.events.on('error', onError);
    });
    refused.catch(() => undefined);
    this.ready = Promise.race([this.events.waitUntilReady(), refused]);
    this.ready.catch(() => undefined);
    const slow = setTimeout(() => warn(`still waiting for Redis at ${hint} after 10 s: is it running, and reachable from here?`), 10_000);
    slow.unref?.();
    void this.ready.then(
      () => clearTimeout(slow),
      () => clearTimeout(slow),
    );
  }

  /**
   * Resolves once the queue is connected.
   * @throws InvalidOptionsError when Redis refuses the credentials; AbortError when `signal` aborts first.
   */
  connected(signal: AbortSignal): Promise<unknown> {
    return abortable(this.ready, signal);
  }

  /** Warns once when no worker listens on this queue. */
  private async checkWorkers(): Promise<void> {
    if (this.checkedWorkers) return;
    this.checkedWorkers = true;
    try {
      if ((await this.queue.getWorkersCount()) === 0) {
        this.warn(
          `no worker is taking jobs from queue ${this.name} yet; its jobs wait in Redis until one does (mnas-ts worker --redis ... ${this.name.startsWith('measure.') ? `--measure <measurer> --platform ${this.name.slice('measure.'.length)}` : `--evaluate --pool ${this.name.slice('evaluate.'.length)}`})`,
        );
      }
    } catch {
      // Some managed Redis services refuse CLIENT LIST: no notice then.
    }
  }

  /** Adds the job (a no-op when a job of that id exists: a resumed search finds it) and waits for its outcome. */
  async run(id: string, data: JobData, opts: JobOpts, signal: AbortSignal): Promise<Outcome> {
    await this.connected(signal);
    const add = (): Promise<unknown> => this.queue.add('job', data, { ...opts, jobId: id });
    await add();
    void this.checkWorkers();
    return new Promise<Outcome>((resolve, reject) => {
      let checking = false;
      let again = false;
      const finish = (): void => {
        clearInterval(timer);
        this.waiting.delete(id);
        signal.removeEventListener('abort', onAbort);
      };
      const check = async (): Promise<void> => {
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          do {
            again = false;
            // The state first: a finished job's fields no longer change, so they are read after it.
            const state = await this.queue.getJobState(id);
            if (state !== 'completed' && state !== 'failed') {
              if (state === 'unknown') await add(); // lost with a Redis that kept no data: add it again
              continue;
            }
            const job = await this.queue.getJob(id);
            if (job === undefined) continue; // removed meanwhile (expired): the next poll adds it again
            if (state === 'completed') {
              finish();
              resolve({ ok: true, result: job.returnvalue });
              return;
            }
            finish();
            resolve({
              ok: false,
              message: `${job.failedReason} (job ${id}, ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'})`,
            });
            return;
          } while (again);
        } catch {
          // Redis away: the next poll tries again.
        } finally {
          checking = false;
        }
      };
      const onAbort = (): void => {
        finish();
        reject(new AbortError('The search was aborted', { cause: signal.reason }));
      };
      const timer = setInterval(() => void check(), opts.pollMs);
      this.waiting.set(id, {
        check: () => void check(),
        completed: (result) => {
          finish();
          resolve({ ok: true, result });
        },
      });
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      else void check();
    });
  }

  /**
   * Closes the connections at once: a graceful quit would wait for a Redis
   * that may be away, and every job added was acknowledged. The graceful
   * closes then only mark the queue and its events closed; with Redis away
   * they never settle, so they are not awaited.
   */
  async close(): Promise<void> {
    await Promise.allSettled([this.events.backend.close(true), this.queue.backend.close(true)]);
    this.events.close().catch(() => undefined);
    this.queue.close().catch(() => undefined);
  }
}

interface JobOpts {
  readonly attempts: number;
  readonly backoff: { readonly type: 'exponential'; readonly delay: number };
  readonly removeOnComplete: { readonly age: number };
  readonly removeOnFail: { readonly age: number };
  readonly pollMs: number;
}

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

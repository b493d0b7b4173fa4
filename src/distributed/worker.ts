/**
 * A worker of the distributed wing: takes evaluation jobs of a pool and
 * measurement jobs of the platform it owns from Redis, validates each job's
 * candidate before building anything, and never measures while it trains.
 *
 * @module
 */

import { hostname } from 'node:os';
import type { Job, JobJson, Worker } from 'bullmq';
import { EvaluationError, MeasurementError, MnasError } from '../errors.js';
import type { AccuracyEvaluator, EvaluationResult } from '../evaluate/types.js';
import type { LatencyMeasurer, LatencyReport } from '../measure/types.js';
import { evaluateValue, errorMessage, measureValue } from '../search/executor.js';
import { fingerprint } from '../search/fingerprint.js';
import { MeasurementLock } from '../search/scheduler.js';
import { assertArchitecture } from '../space/validate.js';
import type { Architecture } from '../space/types.js';
import { loadBullmq } from './bullmq.js';
import { optionChecks } from './options.js';
import { DEFAULT_PREFIX, DEFAULT_REDIS_URL, abortable, checkName, connectionErrors, redactUrl, redisOptions } from './connection.js';
import { redisAddress } from './redis-errors.js';
import {
  type JobData,
  type JobKind,
  type JobResult,
  UNREADABLE_DATA,
  evaluateQueueName,
  jobDataProblem,
  measureQueueName,
} from './jobs.js';
import type { DistributedWorker, EvaluatorFactory, RecipeEvaluator, StartWorkerOptions } from './worker-options.js';

const KNOWN = new Set([
  'connection',
  'prefix',
  'evaluator',
  'pool',
  'concurrency',
  'measurer',
  'platform',
  'validate',
  'lockMs',
  'stalledIntervalMs',
  'maxStalls',
  'onEvent',
  'onWarning',
  'signal',
]);

const { fail, intIn, known } = optionChecks('startWorker');

function validArchitecture<T>(value: unknown): T {
  assertArchitecture(value);
  return value as T;
}

const MAX_RECIPES = 4;

/** An error's name and the path of its field, without its message. */
function briefly(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const path = error instanceof MnasError && error.path.length > 0 ? ` at ${error.path.join('.')}` : '';
  return `${error.name}${path}`;
}

/**
 * A BullMQ worker that hands a job whose stored data (or options) is not
 * JSON to its processor as `{ [UNREADABLE_DATA]: true }`, which fails it once,
 * instead of throwing while taking it (the job would then stall, be taken
 * again and stall again, never failing).
 */
function readingWorker(Base: typeof Worker): typeof Worker {
  return class ReadingWorker extends Base {
    protected override createJob(json: JobJson, jobId: string): Job {
      try {
        return super.createJob(json, jobId);
      } catch {
        const unreadable = JSON.stringify({ [UNREADABLE_DATA]: true });
        try {
          return super.createJob({ ...json, data: unreadable }, jobId);
        } catch {
          return super.createJob({ ...json, data: unreadable, opts: '{}' as unknown as JobJson['opts'] }, jobId);
        }
      }
    }
  };
}

/**
 * Starts a worker: resolves once it is connected and taking jobs. Give it an
 * `evaluator`, a `measurer` with its `platform`, or both (then a measurement
 * never overlaps an evaluation of this worker: the measurement lock). Every
 * job's data and candidate are validated before anything is built; a job is
 * data, never code.
 *
 * @throws InvalidOptionsError naming a bad option, or Redis refusing the
 *   credentials (in one line, as `onWarning` names other connection problems);
 *   AbortError when `options.signal` aborts while connecting.
 * @example
 * const worker = await startWorker({ connection: 'redis://10.0.0.5:6379', evaluator: new ProxyTrainer({ data }) });
 * process.once('SIGINT', () => void worker.close());
 */
export async function startWorker<T = Architecture>(options: StartWorkerOptions<T>): Promise<DistributedWorker> {
  known(options, KNOWN);
  const url = options.connection ?? DEFAULT_REDIS_URL;
  const connection = redisOptions(url, 'connection');
  const prefix = checkName(options.prefix ?? DEFAULT_PREFIX, 'prefix');
  const pool = checkName(options.pool ?? 'default', 'pool');
  const { evaluator, measurer } = options;
  if (evaluator !== undefined && typeof evaluator !== 'function' && typeof (evaluator as { evaluate?: unknown }).evaluate !== 'function') {
    fail('evaluator', 'an AccuracyEvaluator or a function (recipe) => AccuracyEvaluator', evaluator);
  }
  if (measurer !== undefined && typeof (measurer as { measure?: unknown }).measure !== 'function') {
    fail('measurer', 'a LatencyMeasurer (measure())', measurer);
  }
  if (evaluator === undefined && measurer === undefined) fail('evaluator', 'an evaluator, a measurer or both', undefined);
  const platform = measurer === undefined ? undefined : checkName(options.platform, 'platform');
  if (measurer === undefined && options.platform !== undefined) fail('platform', 'a measurer beside it', options.platform);
  const concurrency = intIn(options.concurrency, 'concurrency', 1, 64, 1);
  const lockMs = intIn(options.lockMs, 'lockMs', 500, 3_600_000, 30_000);
  const stalledIntervalMs = intIn(options.stalledIntervalMs, 'stalledIntervalMs', 100, 3_600_000, lockMs);
  const maxStalls = intIn(options.maxStalls, 'maxStalls', 0, 100, 2);
  const validate = options.validate ?? validArchitecture<T>;
  if (typeof validate !== 'function') fail('validate', 'a function (value) => candidate', validate);
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') fail('onEvent', 'a function', options.onEvent);
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') fail('onWarning', 'a function', options.onWarning);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) fail('signal', 'an AbortSignal', options.signal);

  const { UnrecoverableError, Worker } = loadBullmq('startWorker');
  const ReadingWorker = readingWorker(Worker);
  const name = `${hostname()}/${process.pid}`;
  const lock = new MeasurementLock();
  const stop = new AbortController();
  const finished = { evaluate: 0, measure: 0 };
  /** Jobs started and not yet settled. */
  let inHand = 0;
  const recipes = new Map<string, Promise<RecipeEvaluator<T>>>();
  const evaluatorFor = (recipe: unknown): Promise<RecipeEvaluator<T>> => {
    if (typeof evaluator !== 'function') return Promise.resolve({ evaluator: evaluator as AccuracyEvaluator<T> });
    const id = fingerprint(recipe ?? null);
    let built = recipes.get(id);
    if (built === undefined) {
      if (recipes.size >= MAX_RECIPES) recipes.delete(recipes.keys().next().value as string);
      built = Promise.resolve().then(() => (evaluator as EvaluatorFactory<T>)(recipe));
      built.catch(() => recipes.delete(id));
      recipes.set(id, built);
    }
    return built;
  };

  const process_ =
    (kind: JobKind) =>
    async (job: Job, _token?: string, jobSignal?: AbortSignal): Promise<JobResult> => {
      const id = job.id ?? '?';
      const problem = jobDataProblem(job.data);
      if (problem !== undefined) {
        options.onEvent?.({ type: 'failed', kind, job: id, error: problem, final: true });
        throw new UnrecoverableError(`${name}: ${problem}`);
      }
      const data = job.data as JobData;
      let roles: RecipeEvaluator<T> | undefined;
      let value: T;
      try {
        roles = kind === 'evaluate' ? await evaluatorFor(data.recipe) : undefined;
      } catch (error) {
        const message = `the job's recipe is invalid: ${errorMessage(error)}`;
        options.onEvent?.({ type: 'failed', kind, job: id, key: data.key, error: message, final: true });
        // The reason goes to Redis: the error's kind and field only, never its message (which may quote a file this worker read).
        throw new UnrecoverableError(`${name}: the job's recipe is invalid here: ${briefly(error)} (the worker's log has the details)`);
      }
      try {
        value = (roles?.validate ?? validate)(data.value);
      } catch (error) {
        const message = `the job's candidate is invalid: ${errorMessage(error)}`;
        options.onEvent?.({ type: 'failed', kind, job: id, key: data.key, error: message, final: true });
        throw new UnrecoverableError(`${name}: ${message}`);
      }
      options.onEvent?.({ type: 'started', kind, job: id, key: data.key });
      inHand++;
      const signal = jobSignal === undefined ? stop.signal : AbortSignal.any([stop.signal, jobSignal]);
      const timeoutMs = data.timeoutMs ?? Infinity;
      try {
        let found: { evaluation: EvaluationResult } | { latency: LatencyReport };
        if (kind === 'measure') {
          found = { latency: await measureValue(measurer as LatencyMeasurer<T>, value, { signal, timeoutMs, lock }) };
        } else {
          const e = (roles as RecipeEvaluator<T>).evaluator;
          found = { evaluation: await evaluateValue((v, s) => e.evaluate(v, { signal: s }), value, { signal, timeoutMs, lock }) };
        }
        finished[kind]++;
        options.onEvent?.({ type: 'finished', kind, job: id, key: data.key });
        return { run: data.run, key: data.key, ...found, worker: name };
      } catch (error) {
        // A timeout would time out again: the trial fails at once. Anything else is tried again, maybe elsewhere.
        const final = error instanceof MeasurementError || error instanceof EvaluationError;
        options.onEvent?.({ type: 'failed', kind, job: id, key: data.key, error: errorMessage(error), final });
        if (final) throw new UnrecoverableError(`${name}: ${errorMessage(error)}`);
        throw new Error(`${name}: ${errorMessage(error)}`);
      } finally {
        inHand--;
      }
    };

  const common = {
    connection,
    prefix,
    lockDuration: lockMs,
    stalledInterval: stalledIntervalMs,
    maxStalledCount: maxStalls,
    autorun: false,
  };
  const workers: Worker[] = [];
  if (evaluator !== undefined) {
    workers.push(new ReadingWorker(evaluateQueueName(pool), process_('evaluate'), { ...common, concurrency }));
  }
  if (measurer !== undefined) {
    workers.push(new ReadingWorker(measureQueueName(platform as string), process_('measure'), { ...common, concurrency: 1 }));
  }
  // Connection errors are retried by ioredis (without a listener they would throw), but refused credentials end the start.
  const warn = options.onWarning ?? (() => undefined);
  let connectedYet = false;
  const refused = new Promise<never>((_, reject) => {
    const onError = connectionErrors(
      redisAddress(connection),
      (m) => warn(`${m}; still trying`),
      (error) => {
        if (connectedYet) warn(error.message);
        else reject(error);
      },
    );
    for (const w of workers) w.on('error', onError);
  });
  refused.catch(() => undefined);
  try {
    const ready = Promise.race([Promise.all(workers.map((w) => w.waitUntilReady())), refused]);
    await (options.signal === undefined ? ready : abortable(ready, options.signal));
    connectedYet = true;
  } catch (cause) {
    await Promise.allSettled(workers.map((w) => w.close(true)));
    if (cause instanceof MnasError) throw cause;
    throw new Error(`Cannot connect to Redis at ${redactUrl(url)}: ${errorMessage(cause)}`, { cause });
  }
  for (const w of workers) void w.run().catch(() => undefined);

  let closing: Promise<void> | undefined;
  return {
    name,
    finished,
    close({ force = false } = {}): Promise<void> {
      if (force) stop.abort(new Error('the worker was stopped'));
      if (closing !== undefined && !force) return closing;
      // With no job in hand there is nothing to hand in: close at once, Redis reachable or not.
      const now = force || inHand === 0;
      closing = Promise.all(workers.map((w) => w.close(now))).then(() => undefined);
      return closing;
    },
  };
}

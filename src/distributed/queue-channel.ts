/**
 * One BullMQ queue of the queue executor and its events, with the jobs the
 * coordinator waits for.
 *
 * @module
 */

import type { Queue, QueueEvents, RedisOptions } from 'bullmq';
import { AbortError } from '../errors.js';
import { loadBullmq } from './bullmq.js';
import { abortable, connectionErrors } from './connection.js';
import type { JobData } from './jobs.js';
import { redisAddress } from './redis-errors.js';

/** A job's outcome as the coordinator sees it. */
export type Outcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly message: string };

/** One queue and its events, with the jobs this coordinator waits for. */
export class Channel {
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

export interface JobOpts {
  readonly attempts: number;
  readonly backoff: { readonly type: 'exponential'; readonly delay: number };
  readonly removeOnComplete: { readonly age: number };
  readonly removeOnFail: { readonly age: number };
  readonly pollMs: number;
}

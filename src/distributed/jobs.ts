/**
 * The jobs of the distributed wing: their data, their results, their ids
 * and their queues. A job carries data only (the candidate as JSON and its
 * timeout); a worker validates it before building anything.
 *
 * @module
 */

import { fingerprint } from '../search/fingerprint.js';
import { LIMITS } from '../validate.js';

/** Version of the job data; a worker refuses jobs of another version. */
export const JOB_VERSION = 1;

/** What an evaluation or a measurement job carries. */
export interface JobData {
  readonly v: typeof JOB_VERSION;
  /** The search's run id: results are checked against it. */
  readonly run: string;
  /** The work within the run: `trial-<index>` or `baseline-<name>`. */
  readonly key: string;
  /** The candidate, as JSON. */
  readonly value: unknown;
  /** Fail the job when its work has not settled this many ms after it started; `null`: never. */
  readonly timeoutMs: number | null;
  /** The coordinator's recipe (evaluation jobs): JSON from which a worker may build its evaluator. */
  readonly recipe?: unknown;
}

/** What a worker returns for a job: the job's run and key, and its finding. */
export interface JobResult {
  readonly run: string;
  readonly key: string;
  /** The evaluation (evaluation jobs). */
  readonly evaluation?: unknown;
  /** The latency report (measurement jobs). */
  readonly latency?: unknown;
  /** The host and process that did the work. */
  readonly worker: string;
}

/** The two kinds of job. */
export type JobKind = 'evaluate' | 'measure';

/** Queue of evaluation jobs of a pool. */
export function evaluateQueueName(pool: string): string {
  return `evaluate.${pool}`;
}

/** Queue of measurement jobs of a platform. */
export function measureQueueName(platform: string): string {
  return `measure.${platform}`;
}

/**
 * The job's id: the same for the same run, key and value, so a resumed
 * coordinator adding it again finds the job (running or done) instead of
 * adding a second one; different for another run.
 */
export function jobId(kind: JobKind, run: string, key: string, value: unknown): string {
  return `${kind === 'evaluate' ? 'e' : 'm'}.${fingerprint(run)}.${fingerprint(key)}.${fingerprint(value)}`;
}

const MAX_ID = 200;

/** The key of the data a worker gives a job whose stored data is not JSON (it then fails once, see `jobDataProblem`). */
export const UNREADABLE_DATA = 'mnas-ts:unreadable';

/** Why `data` is not a job of this version, or `undefined` when it is. */
export function jobDataProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'the job data is not an object';
  const d = data as Record<string, unknown>;
  if (d[UNREADABLE_DATA] === true) return 'the job data is not JSON';
  if (d['v'] !== JOB_VERSION) return `the job is of version ${JSON.stringify(d['v'])}, this worker reads version ${JOB_VERSION}`;
  if (typeof d['run'] !== 'string' || d['run'] === '' || d['run'].length > MAX_ID) return 'the job has no valid run id';
  if (typeof d['key'] !== 'string' || d['key'] === '' || d['key'].length > 2 * MAX_ID + 20) return 'the job has no valid key';
  if (!('value' in d)) return 'the job has no value';
  const t = d['timeoutMs'];
  if (t !== null && (typeof t !== 'number' || !(t > 0 && t <= LIMITS.timeoutMs))) return 'the job has no valid timeoutMs';
  return undefined;
}

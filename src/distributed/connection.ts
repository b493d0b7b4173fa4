/**
 * Redis connections of the distributed wing, from a URL:
 * `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS.
 *
 * @module
 */

import type { RedisOptions } from 'bullmq';
import { AbortError, InvalidOptionsError, describeValue } from '../errors.js';
import { describeRedisError, isRedisAuthError } from './redis-errors.js';

/** Redis on this machine's loopback, the default: nothing is reachable from other machines. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Prefix of every Redis key the queue writes, by default. */
export const DEFAULT_PREFIX = 'mnas-ts';

/** Names: a platform, an evaluation pool, a key prefix. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Checks a name that becomes part of a queue's Redis keys.
 * @throws InvalidOptionsError naming `path` when it is not 1-64 letters, digits, `.`, `_` or `-`.
 */
export function checkName(value: unknown, path: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new InvalidOptionsError(
      `Invalid ${path}: expected 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit), received ${describeValue(value)}`,
      { path: [path] },
    );
  }
  return value;
}

/**
 * ioredis options for `url`. Workers block on Redis, so commands are retried
 * without limit while Redis is away (`maxRetriesPerRequest: null`).
 * @throws InvalidOptionsError naming `path` for a URL that is not `redis://` or `rediss://` with a host.
 */
export function redisOptions(url: unknown, path = 'connection'): RedisOptions {
  const bad = (why: string): never => {
    throw new InvalidOptionsError(`Invalid ${path}: ${why}, received ${describeValue(redactUrl(String(url)))}`, { path: [path] });
  };
  if (typeof url !== 'string' || url.length > 2048) return bad('expected a redis:// or rediss:// URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return bad('expected a redis:// or rediss:// URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return bad('expected the scheme redis:// or rediss:// (TLS)');
  if (parsed.hostname === '') return bad('expected a host');
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,2}$/.test(dbText)) return bad('expected a database number after the host (/0 .. /99)');
  if (parsed.search !== '' || parsed.hash !== '') return bad('expected no query or fragment (give a password as redis://:password@host)');
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port,
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(dbText === '' ? {} : { db: Number(dbText) }),
    ...(parsed.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
    maxRetriesPerRequest: null,
  };
}

/** `url` with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** `promise`, or a rejection with AbortError once `signal` aborts first. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortError('The search was aborted', { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError('The search was aborted', { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A listener of the `error` events of a queue or a worker on Redis at
 * `where`: refused credentials call `refused` with an InvalidOptionsError
 * naming them (they will not go away by retrying); any other error calls
 * `warn` with its one-line description, once per distinct description.
 */
export function connectionErrors(
  where: string,
  warn: (message: string) => void,
  refused: (error: InvalidOptionsError) => void,
): (error: unknown) => void {
  const told = new Set<string>();
  return (error) => {
    const line = describeRedisError(error, where);
    if (isRedisAuthError(error)) {
      refused(new InvalidOptionsError(line, { path: ['connection'], cause: error }));
      return;
    }
    if (told.has(line) || told.size > 16) return;
    told.add(line);
    warn(line);
  };
}

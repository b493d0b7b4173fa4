/**
 * What went wrong with a Redis connection, in one line: an authentication
 * failure named as such, a refused or unreachable server with its host and
 * port.
 *
 * @module
 */

/** Redis replies that mean the credentials were refused or missing. */
const AUTH =
  /^(WRONGPASS|NOAUTH|NOPERM)\b|invalid password|AUTH <password> called without any password configured|invalid username-password pair/i;

/** Whether `error` is Redis refusing the credentials: it will not go away by retrying. */
export function isRedisAuthError(error: unknown): boolean {
  return error instanceof Error && AUTH.test(error.message);
}

/** Plain words for the system errors of a connection. */
const SYSTEM: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is redis-server running there, on that port?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
};

/**
 * One line naming what went wrong with the connection to `where` (`host:port`,
 * or the URL with its password redacted).
 * @example describeRedisError(new Error('WRONGPASS invalid username-password pair'), '10.0.0.5:6379')
 * // 'Redis at 10.0.0.5:6379: authentication failed (WRONGPASS invalid username-password pair)'
 */
export function describeRedisError(error: unknown, where: string): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  if (isRedisAuthError(error)) {
    const missing = /^NOAUTH\b/.test(message) ? ', a password is required' : '';
    return `Redis at ${where}: authentication failed${missing} (${message})`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && Object.hasOwn(SYSTEM, code)) return `Redis at ${where}: ${SYSTEM[code]} (${code})`;
  return `Redis at ${where}: ${message}`;
}

/** `host:port` of ioredis connection options, for messages. */
export function redisAddress(options: { readonly host?: string | undefined; readonly port?: number | undefined }): string {
  const host = options.host ?? '127.0.0.1';
  return `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 6379}`;
}

/**
 * Running `adb` safely: an argument array to `child_process.spawn` (never a
 * local shell), each word of a device command quoted for the device's shell
 * (`adb shell` joins its arguments with spaces and `/system/bin/sh` splits
 * them again), abort and timeout kill the child.
 *
 * @module
 */

import { spawn } from 'node:child_process';
import { AbortError, MeasurementError } from '../../errors.js';

/** Output of one adb invocation. */
export interface AdbResult {
  /** Exit code (null when killed by a signal). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout then stderr, for error messages. */
  readonly output: string;
}

/**
 * Quotes `word` for a POSIX shell: returned as is when it holds only safe
 * characters, else wrapped in single quotes (embedded `'` written `'\''`).
 *
 * @example shellQuote("a b'c") // "'a b'\\''c'"
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Options of {@link runAdb}. */
export interface RunAdbOptions {
  readonly signal?: AbortSignal | undefined;
  /** Kill adb and fail after this many ms. */
  readonly timeoutMs: number;
}

/**
 * Runs `adbPath` with `args` (no shell involved) and collects its output.
 * Resolves whatever the exit code; the caller decides what a failure is.
 *
 * @throws MeasurementError when adb cannot be started or times out; AbortError when `signal` aborts.
 */
export function runAdb(adbPath: string, args: readonly string[], options: RunAdbOptions): Promise<AdbResult> {
  return new Promise<AdbResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new AbortError('The operation was aborted', { cause: options.signal.reason }));
      return;
    }
    const child = spawn(adbPath, [...args], { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      child.kill('SIGKILL');
      finish(() => reject(new AbortError('The operation was aborted', { cause: options.signal?.reason })));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() =>
        reject(
          new MeasurementError(`adb ${args.join(' ')} took longer than ${options.timeoutMs} ms`, {
            cause: new Error('timeout'),
            output: stdout + stderr,
          }),
        ),
      );
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (error) =>
      finish(() => reject(new MeasurementError(`Cannot run adb at ${adbPath}: ${error.message}`, { cause: error }))),
    );
    child.once('close', (code) => finish(() => resolve({ code, stdout, stderr, output: stdout + stderr })));
  });
}

/**
 * One child process running `wasm/worker.ts`: start, request/response,
 * timeout and abort by killing the process.
 *
 * @internal
 * @module
 */

import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { AbortError, MeasurementError } from '../../errors.js';
import type { PlatformInfo } from '../types.js';
import type { WorkerEntry } from './worker-entry.js';
import { deserializeError, type ChildMessage, type MeasureRequest, type ResultMessage } from './worker-messages.js';

const OUTPUT_TAIL = 8192;

/** A running child process. */
export class WasmChild {
  private readonly child: ChildProcess;
  private output = '';
  private exited = false;
  private exitInfo = '';
  private readonly ready: Promise<PlatformInfo>;
  /** Resolves once the process has exited. */
  private readonly gone: Promise<void>;
  private pending: { id: number; resolve: (m: ResultMessage) => void; reject: (e: unknown) => void } | undefined;

  constructor(entry: WorkerEntry, startTimeoutMs: number, priority?: number) {
    this.child = fork(entry.script, [], {
      execArgv: [...entry.execArgv],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let priorityError: unknown;
    if (priority !== undefined && this.child.pid !== undefined) {
      try {
        setPriority(this.child.pid, priority);
      } catch (err) {
        priorityError = err;
      }
    }
    this.gone = new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.once('error', () => resolve());
    });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.ready = new Promise<PlatformInfo>((resolve, reject) => {
      if (priorityError !== undefined) {
        reject(
          new MeasurementError(
            `Cannot run the WASM measurer's child process at priority ${priority}: ${(priorityError as Error).message}`,
            {
              cause: priorityError,
              path: ['priority'],
            },
          ),
        );
        this.kill();
        return;
      }
      const timer = setTimeout(() => {
        reject(
          new MeasurementError(`The WASM measurer's child process did not start within ${startTimeoutMs} ms`, { output: this.output }),
        );
        this.kill();
      }, startTimeoutMs);
      this.child.on('message', (msg: ChildMessage) => {
        if (msg.type === 'ready') {
          clearTimeout(timer);
          resolve(msg.platform);
        } else if (msg.type === 'error' && msg.id === undefined) {
          clearTimeout(timer);
          reject(
            new MeasurementError(`The WASM measurer's child process failed to start: ${msg.error.message}`, {
              cause: deserializeError(msg.error),
              output: this.output,
            }),
          );
        } else this.onMessage(msg);
      });
      const onGone = (what: string): void => {
        clearTimeout(timer);
        this.exited = true;
        this.exitInfo = what;
        const err = new MeasurementError(`The WASM measurer's child process ${what}`, { output: this.output });
        reject(err);
        this.failPending(err);
      };
      this.child.on('error', (e) => onGone(`could not run: ${e.message}`));
      this.child.on('exit', (code, signal) => onGone(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    });
    // The start-up promise may be rejected before anyone awaits it.
    this.ready.catch(() => undefined);
    this.child.unref();
    (this.child as unknown as { channel?: { unref?: () => void } }).channel?.unref?.();
  }

  /** True once the process has exited or was killed. */
  get dead(): boolean {
    return this.exited;
  }

  /** The platform, once the child is ready. @throws MeasurementError when it fails to start. */
  platform(): Promise<PlatformInfo> {
    return this.ready;
  }

  /**
   * Sends one request and waits for its answer. On timeout or abort the
   * process is killed (a busy WASM kernel cannot be interrupted otherwise).
   */
  async request(req: MeasureRequest, timeoutMs: number, signal: AbortSignal | undefined): Promise<ResultMessage> {
    await this.ready;
    if (this.exited) throw new MeasurementError(`The WASM measurer's child process ${this.exitInfo}`, { output: this.output });
    return new Promise<ResultMessage>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
      };
      const onAbort = (): void => {
        cleanup();
        this.kill();
        reject(new AbortError('The measurement was aborted', { cause: signal?.reason }));
      };
      const timer = setTimeout(() => {
        cleanup();
        this.kill();
        reject(new MeasurementError(`The measurement timed out after ${timeoutMs} ms`, { output: this.output }));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        id: req.id,
        resolve: (m) => {
          cleanup();
          resolve(m);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
      };
      this.child.send(req);
    });
  }

  /** Kills the process (idempotent). */
  kill(): void {
    if (!this.exited) {
      this.exited = true;
      this.exitInfo = 'was stopped';
      this.child.kill('SIGKILL');
    }
  }

  /** Kills the process and waits until it has exited. */
  async stop(): Promise<void> {
    // Referenced again: the process must not end before its child is gone.
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.ref();
    this.kill();
    await this.gone;
  }

  /** Recent output of the child (stdout and stderr), for error reports. */
  recentOutput(): string {
    return this.output;
  }

  private onMessage(msg: ChildMessage): void {
    const p = this.pending;
    if (!p || msg.type === 'ready' || msg.id !== p.id) return;
    if (msg.type === 'result') p.resolve(msg);
    else {
      const cause = deserializeError(msg.error);
      const what = msg.stage === 'build' ? 'The model could not be built' : 'The model could not be run';
      p.reject(new MeasurementError(`${what} on the WASM backend: ${msg.error.message}`, { cause, output: this.output }));
    }
  }

  private failPending(err: unknown): void {
    this.pending?.reject(err);
  }
}

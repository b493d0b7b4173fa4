/**
 * The measurement lock: evaluations (training) may run together, a latency
 * measurement runs alone. A readers-writer lock with writer preference:
 * once a measurement waits, no new evaluation starts until it has run.
 *
 * @module
 */

import { AbortError } from '../errors.js';

interface Waiter {
  readonly exclusive: boolean;
  readonly wake: () => void;
}

/**
 * Serializes latency measurements against each other and against evaluations.
 *
 * @example
 * const lock = new MeasurementLock();
 * await lock.shared(() => evaluator.evaluate(arch));   // many at once
 * await lock.exclusive(() => measurer.measure(arch));  // alone
 */
export class MeasurementLock {
  private sharedHolders = 0;
  private exclusiveHeld = false;
  private readonly queue: Waiter[] = [];

  /** Runs `fn` alongside other shared holders, never during an exclusive one. */
  shared<R>(fn: () => Promise<R>, signal?: AbortSignal): Promise<R> {
    return this.run(false, fn, signal);
  }

  /** Runs `fn` alone: no shared or exclusive holder at the same time. */
  exclusive<R>(fn: () => Promise<R>, signal?: AbortSignal): Promise<R> {
    return this.run(true, fn, signal);
  }

  /** Number of holders right now (for tests). */
  get holders(): { shared: number; exclusive: boolean } {
    return { shared: this.sharedHolders, exclusive: this.exclusiveHeld };
  }

  private enter(exclusive: boolean): void {
    if (exclusive) this.exclusiveHeld = true;
    else this.sharedHolders++;
  }

  private async run<R>(exclusive: boolean, fn: () => Promise<R>, signal?: AbortSignal): Promise<R> {
    const free = !this.exclusiveHeld && (!exclusive || this.sharedHolders === 0);
    if (this.queue.length === 0 && free) this.enter(exclusive);
    else await this.wait(exclusive, signal); // pump() enters on our behalf before waking us
    try {
      return await fn();
    } finally {
      if (exclusive) this.exclusiveHeld = false;
      else this.sharedHolders--;
      this.pump();
    }
  }

  private wait(exclusive: boolean, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortError('The operation was aborted', { cause: signal.reason }));
        return;
      }
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new AbortError('The operation was aborted', { cause: signal?.reason }));
        this.pump();
      };
      const waiter: Waiter = {
        exclusive,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  /** Wakes waiters in FIFO order while they can enter, entering on their behalf. */
  private pump(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0] as Waiter;
      if (this.exclusiveHeld || (head.exclusive && this.sharedHolders > 0)) return;
      this.queue.shift();
      this.enter(head.exclusive);
      head.wake();
      if (head.exclusive) return;
    }
  }
}

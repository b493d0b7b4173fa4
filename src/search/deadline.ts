/**
 * Bounds one stage of a trial (a measurement or an evaluation) in time:
 * it settles when the search is aborted or its timeout passes, even when
 * the measurer or evaluator ignores its `AbortSignal`.
 *
 * @module
 */

import { AbortError } from '../errors.js';

/** @internal */
export interface DeadlineOptions {
  /** The search's signal: aborting it rejects at once with AbortError. */
  readonly signal: AbortSignal;
  /** ms after which the stage fails; `Infinity` for never. */
  readonly timeoutMs: number;
  /** The error the stage fails with when the timeout passes. */
  readonly timeoutError: () => Error;
  /** The clock, ms. @defaultValue `performance.now` */
  readonly now?: () => number;
}

/**
 * Runs `work` with a signal of its own that aborts when `options.signal`
 * aborts or `options.timeoutMs` passes, and settles then whether or not
 * `work` does. A `work` that ignores its signal goes on in the background;
 * its result is dropped. A `work` that blocked the event loop past the
 * timeout (so that the timer could not fire) fails with the timeout error
 * too: the clock is read again when it settles.
 *
 * @throws AbortError when the search's signal aborts; `timeoutError()` on timeout;
 *   whatever `work` throws before either.
 * @internal
 */
export function withDeadline<R>(work: (signal: AbortSignal) => Promise<R>, options: DeadlineOptions): Promise<R> {
  const { signal, timeoutMs, timeoutError, now = () => performance.now() } = options;
  if (signal.aborted) return Promise.reject(new AbortError('The search was aborted', { cause: signal.reason }));
  const stage = new AbortController();
  return new Promise<R>((resolve, reject) => {
    const end = (settle: () => void): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = (): void => {
      const error = new AbortError('The search was aborted', { cause: signal.reason });
      stage.abort(error);
      end(() => reject(error));
    };
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          const error = timeoutError();
          stage.abort(error);
          end(() => reject(error));
        }, timeoutMs)
      : undefined;
    signal.addEventListener('abort', onAbort, { once: true });
    const start = now();
    /** Settles with `settle`, or with the timeout error when the work overran its time while the timer could not fire. */
    const settled = (settle: () => void): void => {
      if (now() - start <= timeoutMs) {
        end(settle);
        return;
      }
      const error = timeoutError();
      stage.abort(error);
      end(() => reject(error));
    };
    let running: Promise<R>;
    try {
      running = work(stage.signal);
    } catch (error) {
      settled(() => reject(error));
      return;
    }
    Promise.resolve(running).then(
      (value) => settled(() => resolve(value)),
      (error: unknown) => settled(() => reject(error)),
    );
  });
}

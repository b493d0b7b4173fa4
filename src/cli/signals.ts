/**
 * Stopping `mnas-ts search` from outside: SIGINT (Ctrl-C) and SIGTERM both
 * abort the search cleanly, finished trials kept; a second signal quits at once.
 *
 * @module
 */

import { AbortError } from '../index.js';

/** Exit code of a search stopped by each signal (128 + the signal's number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** A signal that stops the search. */
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** The process events {@link stopOnSignals} listens to (the real `process` by default). */
export interface SignalSource {
  on(event: StopSignal, listener: () => void): unknown;
  off(event: StopSignal, listener: () => void): unknown;
  exit(code: number): void;
}

/** What {@link stopOnSignals} returns. */
export interface SignalStop {
  /** Aborted on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal that stopped the search, if one did. */
  readonly received: () => StopSignal | undefined;
  /** Stops listening. */
  readonly dispose: () => void;
}

/**
 * Aborts the returned signal on the first SIGINT or SIGTERM (printing `notice`
 * with `what` it stops), and quits the process at once with the signal's exit
 * code on the second.
 */
export function stopOnSignals(
  notice: (text: string) => void,
  source: SignalSource = process,
  what = 'Stopping after recording finished trials',
): SignalStop {
  const ac = new AbortController();
  let received: StopSignal | undefined;
  const handlers = (Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]).map((name) => {
    const handler = (): void => {
      if (received !== undefined) {
        source.exit(SIGNAL_EXIT_CODES[name]);
        return;
      }
      received = name;
      const again = name === 'SIGINT' ? 'Ctrl-C' : 'another signal';
      notice(`\n${what} (${name}; ${again} to quit at once)...`);
      ac.abort(new AbortError(`Interrupted (${name})`));
    };
    source.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: ac.signal,
    received: () => received,
    dispose: () => {
      for (const [name, handler] of handlers) source.off(name, handler);
    },
  };
}

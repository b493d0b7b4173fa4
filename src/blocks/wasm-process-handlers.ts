/**
 * The process handlers that the Emscripten glue of
 * `@tensorflow/tfjs-backend-wasm` installs in Node when the backend starts:
 * an `uncaughtException` handler that throws every error again and an
 * `unhandledRejection` handler that throws every reason. An error of the
 * program thrown again from there ends it with exit code 7, and Node prints
 * the line it was thrown from: the whole minified backend, about 39 kB.
 *
 * @module
 */

/** The two handlers, recognised by their source text. */
const GLUE_HANDLERS: readonly (readonly ['uncaughtException' | 'unhandledRejection', RegExp])[] = [
  ['uncaughtException', /^function\s*\((\w+)\)\s*\{\s*if\s*\(!\(\1 instanceof ExitStatus\)\)\s*\{?\s*throw \1;?\s*\}?\s*\}$/],
  ['unhandledRejection', /^function\s*\((\w+)\)\s*\{\s*throw \1;?\s*\}$/],
];

/**
 * Removes the WASM backend's rethrowing process handlers, so that an error
 * nobody catches gets Node's own handling (its stack, exit code 1); other
 * listeners stay. A no-op outside Node or before the backend started.
 *
 * @returns how many handlers were removed.
 */
export function dropWasmProcessHandlers(): number {
  if (typeof process === 'undefined' || typeof process.listeners !== 'function') return 0;
  let removed = 0;
  for (const [event, source] of GLUE_HANDLERS) {
    const listeners = process.listeners(event as 'uncaughtException') as readonly ((...args: unknown[]) => void)[];
    for (const listener of listeners) {
      if (source.test(Function.prototype.toString.call(listener))) {
        process.removeListener(event, listener);
        removed++;
      }
    }
  }
  return removed;
}

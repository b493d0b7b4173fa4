/**
 * The verdict on a search in which no trial succeeded: the most common
 * error, and what to install or change when it is a known missing tool,
 * device or dataset.
 *
 * @module
 */

import type { Trial } from '../index.js';

/** Known environmental causes of a failed trial, and what fixes them. */
const HINTS: readonly (readonly [RegExp, (match: RegExpMatchArray) => string])[] = [
  [
    /Cannot run adb at (\S+?):.*ENOENT/,
    (m) => `adb was not found at ${m[1]}: install it (apt-get install adb) or give its path with --adb`,
  ],
  [
    /No Android device connected|Android device \S+ is not connected/,
    () => 'connect an Android device with USB debugging on (adb devices must list it), or give --serial',
  ],
  [
    /benchmark_model not found/,
    () => "push TFLite's benchmark_model to the device, or give its local path in the android config (benchmarkBinaryLocal)",
  ],
  [
    /Cannot start or attach to the browser at (\S+?):/,
    (m) => `no browser could be started at ${m[1]}: install Chromium (apt-get install chromium) or give its path with --chromium`,
  ],
  [/needs the npm package "?([@\w/.-]+?)"?[\s:(]/, (m) => `install the npm package ${m[1]} (npm install ${m[1]})`],
  [/install the Debian package ([\w-]+)/, (m) => `install the Debian package ${m[1]} (apt-get install ${m[1]})`],
];

/** What to install or change for the error `error`, when it is a known environmental cause. */
export function environmentHint(error: string): string | undefined {
  for (const [pattern, hint] of HINTS) {
    const match = error.match(pattern);
    if (match !== null) return hint(match);
  }
  return undefined;
}

/**
 * The message for a search that finished without a successful trial, or
 * `undefined` when at least one trial succeeded (or none ran).
 */
export function failedRunMessage(trials: readonly Trial<unknown>[]): string | undefined {
  if (trials.length === 0 || trials.some((t) => t.status === 'ok')) return undefined;
  const counts = new Map<string, number>();
  for (const t of trials) counts.set(t.error ?? 'failed', (counts.get(t.error ?? 'failed') ?? 0) + 1);
  const [error, count] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
  const how = count === trials.length ? 'all with' : `${count} of them with`;
  const hint = environmentHint(error);
  return `All ${trials.length} trials failed, ${how}: ${error}${hint === undefined ? '' : `\nTo fix: ${hint}.`}`;
}

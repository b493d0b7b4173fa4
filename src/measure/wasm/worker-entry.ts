/**
 * Where the WASM measurer's child-process entry lives, and how to start it.
 *
 * - From TypeScript source (vitest, `tsx`): this module is `worker-entry.ts`
 *   and the entry is `worker.ts` beside it, run with `--import tsx`.
 * - From the built package: this module is bundled into `dist/index.js` (ESM)
 *   or `dist/index.cjs` (CJS); tsup builds the entry to
 *   `dist/measure-worker.js` / `dist/measure-worker.cjs` beside it (tsup
 *   entry `'measure-worker': 'src/measure/wasm/worker.ts'`).
 *
 * @internal
 * @module
 */

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MeasurementError } from '../../errors.js';

/** How to start the child process. */
export interface WorkerEntry {
  /** Absolute path of the script. */
  readonly script: string;
  /** Node flags for the child. */
  readonly execArgv: readonly string[];
}

/**
 * Locates the child entry relative to `moduleUrl` (this module's
 * `import.meta.url`).
 *
 * @throws MeasurementError when no entry is found (a bundler moved files).
 */
export function locateWorkerEntry(moduleUrl: string): WorkerEntry {
  const here = fileURLToPath(moduleUrl);
  if (/\.m?ts$/.test(here)) {
    const script = fileURLToPath(new URL('./worker.ts', moduleUrl));
    const tsx = pathToFileURL(createRequire(moduleUrl).resolve('tsx')).href;
    return { script, execArgv: ['--import', tsx] };
  }
  const candidates = here.endsWith('.cjs')
    ? ['./measure-worker.cjs', './measure-worker.js']
    : ['./measure-worker.js', './measure-worker.cjs'];
  for (const c of candidates) {
    const script = fileURLToPath(new URL(c, moduleUrl));
    if (existsSync(script)) return { script, execArgv: [] };
  }
  throw new MeasurementError(
    `Cannot find the WASM measurer's worker script beside ${here} (looked for ${candidates.join(', ')}); ` +
      'pass workerScript in the WasmLatencyMeasurer options',
  );
}

/**
 * Locates and reads the benchmark data files shipped in the package's `data/` folder.
 *
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { EvaluationError } from '../../errors.js';

const PACKAGE_NAME = 'mnas-ts';

function isOurPackageRoot(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
    return pkg.name === PACKAGE_NAME && existsSync(join(dir, 'data'));
  } catch {
    return false;
  }
}

function walkUp(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (isOurPackageRoot(dir)) return join(dir, 'data');
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function moduleDir(): string | undefined {
  try {
    // tsup shims import.meta.url in the CommonJS build.
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/**
 * The package's `data/` folder: walks up from this module's directory (works
 * from the sources under vitest/tsx and from `dist/` of the built or installed
 * package) to the nearest `package.json` named `mnas-ts`, then tries the same
 * from the working directory.
 *
 * @param override - a user-supplied data directory, returned as it is (resolved).
 * @returns the absolute path of the data folder.
 * @throws EvaluationError when no data folder is found.
 * @example
 * const dir = packageDataDir(); // '/.../node_modules/mnas-ts/data'
 */
export function packageDataDir(override?: string): string {
  if (override !== undefined) return resolve(override);
  const here = moduleDir();
  const found = (here === undefined ? undefined : walkUp(here)) ?? walkUp(process.cwd());
  if (found === undefined) {
    throw new EvaluationError(
      `Cannot find the mnas-ts data folder: expected a package.json named "${PACKAGE_NAME}" with a data/ folder above ${here ?? '(unknown module directory)'} or ${process.cwd()}; pass { dataDir } explicitly`,
      { path: ['dataDir'] },
    );
  }
  return found;
}

/**
 * Reads a gzipped (`.gz`) or plain JSON file from a data folder.
 * @throws EvaluationError when the file is missing or not valid JSON.
 */
export function readDataJson(dataDir: string, relativePath: string): unknown {
  const file = join(dataDir, relativePath);
  try {
    const raw = readFileSync(file);
    const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new EvaluationError(`Cannot read benchmark data file ${file}: ${(cause as Error).message}`, {
      path: ['dataDir'],
      cause,
    });
  }
}

/**
 * The npm packages that mnas-ts needs and does not install itself (peer and
 * optional dependencies): the command that installs each, and the one-line
 * error for one that is missing.
 *
 * @module
 */

import { createRequire } from 'node:module';
import { MissingDependencyError } from './errors.js';

/** The peers that every Node entry point loads: tfjs's core and layers, its CPU and WASM backends. */
export const REQUIRED_PEERS: readonly string[] = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
];

/** Packages that are installed together: the command for one of them installs its group. */
const GROUPS: readonly (readonly string[])[] = [REQUIRED_PEERS, ['bullmq', 'ioredis']];

/** The command that installs `name` (with the packages that go with it). */
export function installCommand(name: string): string {
  const group = GROUPS.find((g) => g.includes(name)) ?? [name];
  return `npm install ${group.join(' ')}`;
}

/**
 * The package that a module-not-found error names (Node's `ERR_MODULE_NOT_FOUND`
 * of `import` or `MODULE_NOT_FOUND` of `require`, in `error` or its causes),
 * when what was not found is a package rather than a file.
 */
export function missingPackage(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') continue;
    const found = /^Cannot find (?:package|module) '((?:@[^/'\s]+\/)?[^./'\s][^/'\s]*)/.exec(e.message);
    if (found) return found[1];
  }
  return undefined;
}

/**
 * The error to report for `error` when it says that a package is missing
 * (see {@link missingPackage}): one line naming the package and its install
 * command. Node's own error adds only the require or import stack.
 *
 * @param neededBy - what needs the package, for the message.
 */
export function asMissingDependency(error: unknown, neededBy: string): MissingDependencyError | undefined {
  if (error instanceof MissingDependencyError) return error;
  const missing = missingPackage(error);
  return missing === undefined ? undefined : new MissingDependencyError(missing, installCommand(missing), neededBy);
}

/**
 * Loads an optional dependency (Node, synchronously), at the first use of
 * what needs it rather than when mnas-ts is imported.
 *
 * @param neededBy - what needs it, for the message (`queueExecutor of mnas-ts/distributed`).
 * @throws MissingDependencyError naming the package and the command that installs it, when it (or a package it loads) is not installed.
 */
export function requireOptional<T>(name: string, neededBy: string): T {
  try {
    return createRequire(import.meta.url)(name) as T;
  } catch (error) {
    throw asMissingDependency(error, neededBy) ?? error;
  }
}

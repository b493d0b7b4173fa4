/**
 * Outputs never overwrite inputs: an output path that names the same file
 * as an input (the same path, a symlink to it, a hard link, the same file
 * through a symlinked folder) is refused before anything is written.
 *
 * @module
 */

import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidConfigError } from '../index.js';

/** What identifies the file at `path`: its device and inode when it exists, else its real folder and name. */
async function identity(path: string): Promise<string> {
  try {
    const { dev, ino } = await stat(path);
    return `inode ${dev}:${ino}`;
  } catch {
    const dir = await realpath(dirname(resolve(path))).catch(() => dirname(resolve(path)));
    return `path ${join(dir, basename(path))}`;
  }
}

/** A file a command reads or writes, with the flag or argument that named it. */
export interface NamedPath {
  readonly flag: string;
  readonly path: string;
}

/**
 * @throws InvalidConfigError (exit code 2) naming the output's flag when an
 *   output is the same file as an input.
 */
export async function refuseInputAsOutput(inputs: readonly NamedPath[], outputs: readonly NamedPath[]): Promise<void> {
  const ins = await Promise.all(inputs.map(async (i) => ({ ...i, id: await identity(i.path) })));
  for (const output of outputs) {
    const id = await identity(output.path);
    const input = ins.find((i) => i.id === id);
    if (input !== undefined) {
      throw new InvalidConfigError(
        `Invalid ${output.flag}: ${output.path} is the ${input.flag} file ${input.path}; writing it would overwrite what it reads (choose another path)`,
        { path: [output.flag.replace(/^--/, '')], received: output.path },
      );
    }
  }
}

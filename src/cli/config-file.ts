/**
 * Config files of the CLI: read with a bound on their size, parsed as JSON
 * and validated against the search command's schema.
 *
 * @module
 */

import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { InvalidConfigError, LIMITS } from '../index.js';
import { type SearchConfig, validateConfig } from './config.js';

/** What a file that is not a regular file is, for messages. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : 'not a regular file';
}

/**
 * Reads a regular text file of at most `LIMITS.fileBytes` bytes, reading no
 * more than that (a larger file is refused before it fills memory; a FIFO or
 * a device, such as `/dev/zero`, is refused without reading it).
 *
 * @param flag - the flag that named the file, for messages (`--config`, `<target>`).
 * @param field - the error's path (`config`, `target`).
 * @throws InvalidConfigError when it cannot be read or is too large.
 */
export async function readBoundedText(path: string, flag: string, field: string): Promise<string> {
  const max = LIMITS.fileBytes;
  const buffer = Buffer.alloc(max + 1);
  let length = 0;
  try {
    // Opened without blocking, so that a FIFO is refused rather than waited on.
    const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stats = await file.stat();
      if (!stats.isFile()) {
        const expected = 'a regular file';
        throw new InvalidConfigError(`Invalid ${flag}: expected ${expected}, ${path} is ${kindOf(stats)}`, {
          path: [field],
          expected,
          received: path,
        });
      }
      for (;;) {
        const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
        length += bytesRead;
        if (bytesRead === 0 || length > max) break;
      }
    } finally {
      await file.close();
    }
  } catch (cause) {
    if (cause instanceof InvalidConfigError) throw cause;
    throw new InvalidConfigError(`Invalid ${flag}: cannot read ${path} (${(cause as Error).message})`, { path: [field], cause });
  }
  if (length > max) {
    const expected = `a file of at most ${max} bytes`;
    throw new InvalidConfigError(`Invalid ${flag}: expected ${expected}, ${path} is larger`, { path: [field], expected, received: path });
  }
  return buffer.toString('utf8', 0, length);
}

/**
 * Reads and validates a JSON config file (at most `LIMITS.fileBytes` bytes).
 * @throws InvalidConfigError when it cannot be read, is too large, is not JSON, or has a bad field.
 */
export async function readConfigFile(path: string): Promise<SearchConfig> {
  const text = await readBoundedText(path, '--config', 'config');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InvalidConfigError(`Invalid --config: ${path} is not valid JSON (${(cause as Error).message})`, { path: ['config'], cause });
  }
  return validateConfig(json, path);
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../src/cli/program.js';
import { InvalidConfigError } from '../../src/index.js';

/** Runs the CLI in this process; returns its exit code and what it printed. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  // Baselines (six published networks trained and timed) are on by default; tests that want them say so.
  if (argv[0] === 'search' && !argv.includes('--baselines') && !argv.includes('--help')) argv = [...argv, '--baselines', 'none'];
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * The stderr of `mnas-ts measure` in text mode whatever the machine's load:
 * nothing, or the one warning of a measurement on a busy machine (the
 * measurer watches the load; a test cannot choose it).
 */
export const NOISY_WARNING_ONLY = /^(warning: noisy: the machine was busy during the measurement, so the latency may be off: [^\n]+)?$/;

/** Writes `value` (JSON, or a string as it is) to `dir/name`; returns the path. */
export function writeConfig(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

/** Runs `fn`, expects an InvalidConfigError, and returns it. */
export function configError(fn: () => unknown): InvalidConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return error as InvalidConfigError;
  }
  throw new Error('expected an InvalidConfigError');
}

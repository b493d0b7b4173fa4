import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['src', 'test', 'bench', 'examples', 'scripts'];
/** Folders whose names are set by a tool (vitest's snapshots, npm) or that hold data files named by what wrote them (bench/results/). */
const SKIPPED = new Set(['__snapshots__', 'node_modules', 'results']);
/** Names that tools look for as they are: npm and GitHub show a package's `README.md`. */
const CONVENTIONAL = new Set(['README.md']);
/** kebab-case words, then any number of dotted parts: `mnas-reward.test.ts`, `kernels.wat`. */
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/;

function names(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...names(path)] : [path];
  });
}

describe('file names', () => {
  it('are kebab-case in src/, test/, bench/, examples/ and scripts/', () => {
    const bad = FOLDERS.flatMap((folder) => names(join(ROOT, folder)))
      .map((path) => relative(ROOT, path))
      .filter((path) => {
        const name = path.split(/[\\/]/).pop() as string;
        return !KEBAB.test(name) && !CONVENTIONAL.has(name);
      });
    expect(bad).toEqual([]);
  });
});

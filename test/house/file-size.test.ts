import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
/** The most lines a source file of src/ may have (STYLE.md: files under about 300 lines). */
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Lines of a text as `wc -l` counts them, plus a last line without its newline. */
function lineCount(text: string): number {
  const newlines = text.split('\n').length - 1;
  return text === '' || text.endsWith('\n') ? newlines : newlines + 1;
}

const sizes = new Map(
  sourceFiles(SRC).map((path) => [relative(SRC, path).split(/[\\/]/).join('/'), lineCount(readFileSync(path, 'utf8'))] as const),
);

describe('src/ file sizes', () => {
  it('counts lines as wc -l does', () => {
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb'), lineCount('a\nb\n'), lineCount('\n\n')]).toEqual([
      0, 1, 1, 2, 2, 2,
    ]);
  });

  it(`keeps every source file of src/ at ${MAX_LINES} lines or fewer`, () => {
    expect(sizes.size).toBeGreaterThan(100);
    expect(sizes.has('index.ts') && sizes.has('cli/index.ts') && sizes.has('search/index.ts')).toBe(true);
    const over = [...sizes].filter(([, n]) => n > MAX_LINES).map(([file, n]) => `${file}: ${n} lines`);
    expect(over).toEqual([]);
  });
});

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/**
 * Child-process entry points: their module is the whole program of the
 * process, so its top-level variables are that process's state, not shared
 * library state.
 */
const PROCESS_ENTRIES = new Set(['measure/wasm/worker.ts']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * `file:line` of every top-level `let` or `var` of a source text, and of
 * every top-level `const` holding a new object other than a lookup `Set`, a
 * `RegExp` or a frozen `Registry` (its statement ends in `.freeze()`): a
 * workspace, a cache `Map`, a registry others could register into...
 * Declarations in column 0.
 */
function topLevelState(file: string, source: string): string[] {
  const lines = source.split('\n');
  /** Whether the statement that starts at line `i` ends (at the first line in column 0 after it that closes it) with `.freeze()`. */
  const frozen = (i: number): boolean => {
    if (/\.freeze\(\);\s*$/.test(lines[i] as string)) return true;
    const end = lines.findIndex((line, j) => j > i && /^[\])]/.test(line));
    return end >= 0 && /\.freeze\(\);\s*$/.test(lines[end] as string);
  };
  const mutable = (line: string, i: number): boolean =>
    /^(export\s+)?(let|var)\s/.test(line) ||
    (/^(export\s+)?const\s+\w+(\s*:[^=]+)?\s*=\s*new\s+(?!(Set|RegExp)\b)/.test(line) && !(/=\s*new\s+Registry\b/.test(line) && frozen(i)));
  return lines.flatMap((line, i) => (mutable(line, i) ? [`${file}:${i + 1}`] : []));
}

describe('library modules', () => {
  it('finds top-level let, var and const objects (registries not frozen included), exported or not, and nothing else', () => {
    const source = [
      'let a = 1;',
      'export var b = 2;',
      'const c = 3;',
      'function f() {',
      '  let d = 4;',
      '}',
      'const workspace = new Workspace();',
      'export const cache: Map<string, number> = new Map();',
      "const KNOWN = new Set(['a']);",
      'const RE = new RegExp(`x`);',
      "export const things = new Registry<Thing>('thing', [",
      '  one,',
      ']).freeze();',
      "export const open = new Registry<Thing>('thing', [",
      '  one,',
      ']);',
    ].join('\n');
    expect(topLevelState('x.ts', source)).toEqual(['x.ts:1', 'x.ts:2', 'x.ts:7', 'x.ts:8', 'x.ts:14']);
  });

  it('hold no module-level mutable variables (state belongs to the objects that use it)', () => {
    const found = tsFiles(SRC)
      .filter((file) => !PROCESS_ENTRIES.has(relative(SRC, file).split(/[\\/]/).join('/')))
      .flatMap((file) => topLevelState(relative(SRC, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('never call Math.random (randomness comes from a seeded Rng)', () => {
    const found = tsFiles(SRC).filter((file) => /\bMath\.random\s*\(/.test(readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });
});

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
 * every top-level `const` holding a new object other than a lookup `Set` or
 * a `RegExp` (a workspace, a cache `Map`...): declarations in column 0.
 */
function topLevelState(file: string, source: string): string[] {
  const mutable = (line: string): boolean =>
    /^(export\s+)?(let|var)\s/.test(line) || /^(export\s+)?const\s+\w+(\s*:[^=]+)?\s*=\s*new\s+(?!(Set|RegExp)\b)/.test(line);
  return source.split('\n').flatMap((line, i) => (mutable(line) ? [`${file}:${i + 1}`] : []));
}

describe('library modules', () => {
  it('finds top-level let, var and const objects, exported or not, and nothing else', () => {
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
    ].join('\n');
    expect(topLevelState('x.ts', source)).toEqual(['x.ts:1', 'x.ts:2', 'x.ts:7', 'x.ts:8']);
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

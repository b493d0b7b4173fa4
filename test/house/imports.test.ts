import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, importSpecifiers } from './import-graph.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const graph = importGraph(SRC);

/** Files of `folder` (e.g. `controller/`) that import a file of one of `forbidden`. */
function backwardImports(folder: string, forbidden: readonly string[]): string[] {
  return [...graph.edges].flatMap(([file, targets]) =>
    file.startsWith(folder) ? targets.filter((t) => forbidden.some((f) => t.startsWith(f))).map((t) => `${file} -> ${t}`) : [],
  );
}

describe('importSpecifiers', () => {
  it('finds value, type-only, re-export, side-effect, multi-line and dynamic imports, not those in comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c, type C } from './c/index.js';",
      "export * from './d.js';",
      "import './e.js';",
      'import {\n  f,\n  g,\n} from "./fg.js";',
      "const h = await import('./h.js');",
      "// import { x } from './commented.js';",
      "/* export * from './also-commented.js'; */",
      "import * as tf from '@tensorflow/tfjs';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(
      ['../b.js', './a.js', './c/index.js', './d.js', './e.js', './fg.js', './h.js', '@tensorflow/tfjs'].sort(),
    );
  });
});

describe('findCycles', () => {
  it('reports a cycle, type-only edges counting like any other, and nothing for a tree', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
    ]);
    expect(findCycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts', 'c.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', []],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('src/ imports', () => {
  it('resolve every relative import to a file', () => {
    expect(graph.edges.size).toBeGreaterThan(100);
    expect(graph.edges.get('controller/policy/lstm-policy.ts')).toContain('controller/policy/lstm-backprop.ts');
  });

  it('form no cycle, type-only imports included', () => {
    expect(findCycles(graph.edges)).toEqual([]);
  });

  it('point down the layers: space and reward import no tfjs and no Node built-in; the controller no tfjs and never blocks', () => {
    const impure = [...graph.packages].filter(
      ([file, packages]) =>
        (file.startsWith('space/') || file.startsWith('reward/')) && packages.some((p) => p.startsWith('@tensorflow/') || isBuiltin(p)),
    );
    expect(impure).toEqual([]);
    expect(
      [...graph.packages].filter(
        ([file, packages]) => file.startsWith('controller/') && packages.some((p) => p.startsWith('@tensorflow/')),
      ),
    ).toEqual([]);
    expect(backwardImports('controller/', ['blocks/', 'measure/', 'evaluate/', 'export/', 'search', 'cli'])).toEqual([]);
    expect(backwardImports('space/', ['blocks/', 'measure/', 'evaluate/', 'export/', 'controller/', 'search', 'cli'])).toEqual([]);
  });

  it('keep the queue in its wing: only distributed/ imports bullmq or ioredis, and only the CLI and the entry points import distributed/', () => {
    expect(
      [...graph.packages]
        .filter(([file, packages]) => !file.startsWith('distributed/') && packages.some((p) => p === 'bullmq' || p === 'ioredis'))
        .map(([file]) => file),
    ).toEqual([]);
    const users = [...graph.edges]
      .filter(([file, targets]) => !file.startsWith('distributed/') && targets.some((t) => t.startsWith('distributed/')))
      .map(([file]) => file)
      .sort();
    expect(users).toEqual(['entries/distributed.ts']);
    expect(graph.edges.get('cli/distributed.ts')).toContain('entries/distributed.ts');
  });
});

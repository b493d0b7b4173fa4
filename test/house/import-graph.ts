/**
 * The graph of relative imports among the TypeScript files under a folder,
 * type-only imports and re-exports included, and the cycles in it. Used by
 * the tests that keep import circles and backward arrows out of src/.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** File (relative to the root, `/`-separated) to the files it imports, and the bare specifiers it imports. */
export interface ImportGraph {
  readonly edges: ReadonlyMap<string, readonly string[]>;
  readonly packages: ReadonlyMap<string, readonly string[]>;
}

/** Every `.ts` file under `dir`, recursively. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Module specifiers of a source text: `import`/`export ... from`, side-effect imports, `import('...')` and `import type`. */
export function importSpecifiers(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const patterns = [
    /\b(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1] as string));
}

/** The file a relative specifier names (`./x.js` -> `x.ts`, `./dir` -> `dir/index.ts`), or undefined. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** The import graph of the `.ts` files under `root`. */
export function importGraph(root: string): ImportGraph {
  const edges = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const key = (path: string): string => relative(root, path).split('\\').join('/');
  for (const file of tsFiles(root)) {
    const specifiers = importSpecifiers(readFileSync(file, 'utf8'));
    const local = specifiers.filter((s) => s.startsWith('.')).map((s) => resolveRelative(file, s));
    edges.set(key(file), [...new Set(local.filter((p): p is string => p !== undefined).map(key))]);
    packages.set(key(file), [...new Set(specifiers.filter((s) => !s.startsWith('.')))]);
  }
  return { edges, packages };
}

/** Every elementary cycle found by depth-first search, each as the list of its files (first repeated at the end); empty when acyclic. */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

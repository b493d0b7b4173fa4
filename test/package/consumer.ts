/**
 * Fresh consumer projects for the packed tarball: the package unpacked into
 * `node_modules/mnas-ts` and, offline, the packages it should find beside it
 * linked from this checkout's node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package.json of the packed package. */
export interface Manifest {
  readonly bin: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta: Record<string, { readonly optional?: boolean }>;
}

/** The peers that are not optional. */
export function requiredPeers(manifest: Manifest): string[] {
  return Object.keys(manifest.peerDependencies).filter((name) => manifest.peerDependenciesMeta[name]?.optional !== true);
}

/**
 * Makes a project in `dir` (package.json of `type`) with the tarball unpacked
 * and `packages` linked from `root`'s node_modules, and `.bin/mnas-ts`.
 * @returns the packed package.json.
 */
export function makeConsumer(
  dir: string,
  tarball: string,
  root: string,
  type: 'module' | 'commonjs',
  packages: readonly string[] | 'all',
): Manifest {
  const installed = join(dir, 'node_modules', 'mnas-ts');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
  const names = packages === 'all' ? Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }) : packages;
  for (const name of names) {
    const target = join(dir, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(realpathSync(join(root, 'node_modules', name)), target);
  }
  mkdirSync(join(dir, 'node_modules', '.bin'));
  symlinkSync(join('..', 'mnas-ts', manifest.bin['mnas-ts'] as string), join(dir, 'node_modules', '.bin', 'mnas-ts'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
  return manifest;
}

/**
 * bench/ is a package of its own that uses mnas-ts as any user does: through the entry points that
 * package.json `exports` lists (`mnas-ts`, `mnas-ts/space`, ...), never a file of src/ or test/ by
 * path, so that a figure in the docs is what the published library gives.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_SPACE_OPTIONS, DEFAULT_RUN, baselineNetworks } from '../../bench/cli-defaults.js';
import { BASELINE_NETWORKS as CLI_BASELINES } from '../../src/cli/baselines.js';
import { DEFAULT_RUN as CLI_RUN } from '../../src/cli/defaults.js';
import { defaultSpaceOptions } from '../../src/space/default-space.js';
import { importSpecifiers } from './import-graph.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BENCH = join(ROOT, 'bench');
const ENTRIES = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: object }).exports);

/** The `.ts` files of bench/, without its results and installed packages. */
function benchFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'results' ? [] : benchFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * What is wrong with the imports of the bench file `file` whose text is `source`: a relative
 * import that leaves bench/, an absolute path, or a subpath of mnas-ts that package.json does not export.
 */
function benchImportProblems(file: string, source: string, entries: readonly string[] = ENTRIES): string[] {
  return importSpecifiers(source).flatMap((specifier) => {
    const at = `${relative(ROOT, file)} imports ${specifier}`;
    if (specifier.startsWith('/')) return [`${at}: an absolute path`];
    if (specifier.startsWith('.')) {
      return resolve(dirname(file), specifier).startsWith(BENCH + sep) ? [] : [`${at}: a file outside bench/`];
    }
    if (specifier === 'mnas-ts' || specifier.startsWith('mnas-ts/')) {
      return entries.includes(`.${specifier.slice('mnas-ts'.length)}`) ? [] : [`${at}: not an entry of package.json exports`];
    }
    return [];
  });
}

describe('bench/ imports', () => {
  it('reach the library only through its public entry points: no src/ or test/ file by path', () => {
    const files = benchFiles(BENCH);
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((file) => benchImportProblems(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('are checked: paths into src/ and test/, absolute paths and unexported subpaths are reported', () => {
    const file = join(BENCH, 'x.ts');
    const source = [
      "import { search } from 'mnas-ts';",
      "import { Rng } from 'mnas-ts/space';",
      "import { fitOverhead } from '../src/measure/lut/fit.js';",
      "import type { X } from '../test/distributed/redis.js';",
      "const m = await import('/work/main/src/index.ts');",
      "import { planNetwork } from 'mnas-ts/space/plan';",
      "import { helper } from './helper.js';",
      "import { Command } from 'commander';",
    ].join('\n');
    expect(benchImportProblems(file, source, ['.', './space'])).toEqual([
      'bench/x.ts imports ../src/measure/lut/fit.js: a file outside bench/',
      'bench/x.ts imports ../test/distributed/redis.js: a file outside bench/',
      'bench/x.ts imports mnas-ts/space/plan: not an entry of package.json exports',
      'bench/x.ts imports /work/main/src/index.ts: an absolute path',
    ]);
  });
});

describe('bench/cli-defaults.ts', () => {
  it('equals the defaults of mnas-ts search that it mirrors (src/cli/defaults.ts, src/cli/baselines.ts)', () => {
    expect(DEFAULT_RUN.targetMs).toBe(CLI_RUN.targetMs);
    expect(DEFAULT_RUN.training).toEqual(CLI_RUN.training);
    expect(CLI_SPACE_OPTIONS).toEqual(defaultSpaceOptions({ inputSize: CLI_RUN.inputSize }));
    for (const [input, classes] of [
      [[28, 28, 1], 10],
      [[224, 224, 3], 1000],
    ] as const) {
      const cli = Object.fromEntries(Object.entries(CLI_BASELINES).map(([name, make]) => [name, make(input, classes)]));
      expect(baselineNetworks(input, classes)).toEqual(cli);
    }
  });
});

/**
 * The done-when test of the package: `npm pack`, the tarball installed into a
 * fresh folder (offline: its dependencies and peers linked from this
 * checkout's node_modules), then imported as a consumer would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OUTPUT, runNode, stderrOfExample } from '../examples.js';
import { BROWSER_SUBPATHS, browserBundle } from './browser-bundles.js';
import { sourceOf } from './declaration-maps.js';
import { type Manifest, makeConsumer, requiredPeers } from './consumer.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SUBPATHS = ['', ...BROWSER_SUBPATHS, 'measure', 'evaluate', 'search', 'distributed', 'report'].map((s) =>
  s ? `mnas-ts/${s}` : 'mnas-ts',
);
/** One value each subpath must export. */
const PROBE: Record<string, string> = {
  'mnas-ts': 'search',
  'mnas-ts/space': 'createModel',
  'mnas-ts/reward': 'mnasReward',
  'mnas-ts/controller': 'PpoController',
  'mnas-ts/measure': 'WasmLatencyMeasurer',
  'mnas-ts/evaluate': 'ProxyTrainer',
  'mnas-ts/search': 'readJournal',
  'mnas-ts/distributed': 'queueExecutor',
  'mnas-ts/report': 'renderReport',
};

let dir = '';
let consumer = '';
let tarball = '';
let manifest: Manifest;
let files: string[] = [];

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mnas-ts-pack-'));
  // prepack's build, run apart so that its log stays out of pack's JSON.
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, (packed[0] as { filename: string }).filename);
  files = (packed[0] as { files: { path: string }[] }).files.map((f) => f.path);
  consumer = join(dir, 'consumer');
  // Offline install: the dependencies and peers the package declares, linked from this checkout.
  manifest = makeConsumer(consumer, tarball, ROOT, 'module', 'all');
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball', { timeout: 240_000 }, () => {
  it('ships only what a consumer runs: no CJS CLI, no ground-truth data; the MNIST subset; a source map beside each script, sources inlined', () => {
    const scripts = files.filter((f) => /^dist\/.*\.c?js$/.test(f));
    expect(scripts.filter((f) => !files.includes(`${f}.map`))).toEqual([]);
    const map = JSON.parse(readFileSync(join(consumer, 'node_modules', 'mnas-ts', 'dist', 'cli.js.map'), 'utf8')) as {
      sources: string[];
      sourcesContent: string[];
    };
    expect(map.sources.some((s) => s.endsWith('src/cli/index.ts'))).toBe(true);
    expect(map.sourcesContent.length).toBe(map.sources.length);
    expect(files).toContain('dist/cli.js');
    expect(files).not.toContain('dist/cli.cjs');
    expect(
      files
        .filter((f) => !/^(dist\/|src\/|data\/(nas-bench-201|nas-bench-macro|mnist)\/|data\/README\.md$|data\/LICENSES\.md$)/.test(f))
        .sort(),
    ).toEqual(['LICENSE', 'NOTICE', 'README.md', 'package.json']);
    // The queue's packages are optional peers: a plain install leaves them (and their install script) out.
    expect(Object.keys(manifest.dependencies)).not.toContain('bullmq');
    expect(manifest.peerDependenciesMeta['bullmq']?.optional).toBe(true);
    expect(manifest.peerDependenciesMeta['ioredis']?.optional).toBe(true);
  });

  it('ships declaration maps that lead "go to definition" to the TypeScript sources it ships, for ESM and CJS', () => {
    const pkg = join(consumer, 'node_modules', 'mnas-ts');
    for (const tree of ['types', 'types-cjs']) {
      const declarations = files.filter((f) => f.startsWith(`dist/${tree}/`) && f.endsWith('.d.ts'));
      expect(declarations.length).toBeGreaterThan(100);
      expect(declarations.filter((f) => !files.includes(`${f}.map`))).toEqual([]);
      // Where an editor lands from `PpoController` of mnas-ts/controller: the class in src/.
      const dts = join(pkg, 'dist', tree, 'controller', 'ppo-controller.d.ts');
      const line = readFileSync(dts, 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('export declare class PpoController'));
      const source = join(pkg, 'src', 'controller', 'ppo-controller.ts');
      expect(sourceOf(dts, line)).toEqual({
        file: source,
        line: readFileSync(source, 'utf8')
          .split('\n')
          .findIndex((l) => l.startsWith('export class PpoController')),
      });
    }
    expect(JSON.parse(readFileSync(join(pkg, 'dist', 'types-cjs', 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    const installed = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(installed.exports['./controller']).toEqual({
      import: { types: './dist/types/entries/controller.d.ts', default: './dist/controller.js' },
      require: { types: './dist/types-cjs/entries/controller.d.ts', default: './dist/controller.cjs' },
    });
  });

  it('imports every subpath in ESM and in CJS, with one MnasError class across subpaths', () => {
    const esm = SUBPATHS.map((p, i) => `import * as m${i} from '${p}'; out.push(typeof m${i}.${PROBE[p]});`);
    const cjs = SUBPATHS.map((p) => `out.push(typeof require('${p}').${PROBE[p]});`);
    const all = SUBPATHS.map(() => 'function').join(',');
    expect(node(['--input-type=module', '-e', `const out = []; ${esm.join(' ')} console.log(out.join());`]).trim()).toBe(all);
    expect(node(['--input-type=commonjs', '-e', `const out = []; ${cjs.join(' ')} console.log(out.join());`]).trim()).toBe(all);
    const same =
      "console.log(require('mnas-ts').MnasError === require('mnas-ts/space').MnasError && require('mnas-ts/controller').PpoController === require('mnas-ts').PpoController);";
    expect(node(['--input-type=commonjs', '-e', same]).trim()).toBe('true');
  });

  it('reads the shipped MNIST digits from the installed package, in ESM and CJS', () => {
    const probe = (m: string) => `const d = ${m}.loadMnist({ limit: 5 }); console.log(d.name, d.count, d.imageShape.join('x'));`;
    expect(node(['--input-type=module', '-e', `import * as m from 'mnas-ts/evaluate'; ${probe('m')}`]).trim()).toBe('mnist 5 28x28x1');
    expect(node(['--input-type=commonjs', '-e', probe("require('mnas-ts')")]).trim()).toBe('mnist 5 28x28x1');
  });

  it('type-checks a strict consumer in ESM and CJS', () => {
    const body = (from: (s: string) => string) => `${from('mnas-ts/space')}
${from('mnas-ts/reward')}
${from('mnas-ts/controller')}
${from('mnas-ts')}
const arch: space.Architecture = space.createModel('mnasnet-a1', { numClasses: 10 });
const names: string[] = space.listModels('mnasnet*');
const r: number = reward.mnasReward({ accuracy: 0.7, latencyMs: 80 }, { targetMs: 80 });
const c: controller.Controller = new controller.RandomController(space.mnasnetSpace(), { seed: 1 });
const f: typeof root.search = root.search;
export { arch, names, r, c, f };
`;
    writeFileSync(
      join(consumer, 'esm.mts'),
      body((s) => `import * as ${s === 'mnas-ts' ? 'root' : s.slice(8)} from '${s}';`),
    );
    writeFileSync(
      join(consumer, 'cjs.cts'),
      body((s) => `import ${s === 'mnas-ts' ? 'root' : s.slice(8)} = require('${s}');`),
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          noEmit: true,
          types: [],
          skipLibCheck: false,
          lib: ['es2022', 'dom'],
        },
        files: ['esm.mts', 'cjs.cts'],
      }),
    );
    // skipLibCheck stays off so that mnas-ts's declarations are checked; tfjs's own declarations
    // fail strict mode (its consumers set skipLibCheck), so only errors in mnas-ts or the consumer count.
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], {
      cwd: consumer,
      encoding: 'utf8',
    });
    const ours = tsc.stdout.split('\n').filter((line) => /^(esm\.mts|cjs\.cts|node_modules\/mnas-ts\/)/.test(line));
    expect(ours).toEqual([]);
    expect(tsc.stdout).not.toMatch(/TS2307/); // every module found
  });

  it('runs `npx mnas-ts --help`', () => {
    const help = execFileSync('npx', ['--no-install', 'mnas-ts', '--help'], { cwd: consumer, encoding: 'utf8' });
    expect(help).toMatch(/search/);
    expect(help).toMatch(/measure/);
  });

  it.each(BROWSER_SUBPATHS)('bundles mnas-ts/%s for the browser from the installed package', async (subpath) => {
    const bytes = await browserBundle(`mnas-ts/${subpath}`, consumer);
    expect(bytes.length).toBeGreaterThan(1000);
  });
});

describe('a missing peer or optional dependency', { timeout: 120_000 }, () => {
  /** A project with the package and only `packages` beside it. */
  const project = (name: string, packages: readonly string[]): string => {
    const at = join(dir, name);
    makeConsumer(at, tarball, ROOT, 'module', packages);
    return at;
  };
  const INSTALL_PEERS =
    'npm install @tensorflow/tfjs-core @tensorflow/tfjs-layers @tensorflow/tfjs-backend-cpu @tensorflow/tfjs-backend-wasm';

  it('the CLI without its peers, even for --help: one line naming the package and its install command, exit code 1', async () => {
    const at = project('no-peers', Object.keys(manifest.dependencies));
    const r = await runNode([join(at, 'node_modules', '.bin', 'mnas-ts'), '--help'], at);
    expect(r.err).toMatch(
      new RegExp(`^mnas-ts needs the npm package @tensorflow/tfjs-[a-z-]+, which is not installed: ${INSTALL_PEERS}\\n$`),
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(1);
  });

  it('mnas-ts/distributed without bullmq and ioredis: imports, and its queue says in one line what to install', async () => {
    const at = project('no-queue', [...Object.keys(manifest.dependencies), ...requiredPeers(manifest)]);
    const use = (from: string): string =>
      `${from} try { queueExecutor({ connection: 'redis://127.0.0.1:1' }); } catch (e) { console.log(e.code + '|' + e.message); }`;
    const expected =
      /^missing_dependency\|queueExecutor of mnas-ts\/distributed needs the npm package (bullmq|ioredis), which is not installed: npm install bullmq ioredis\n$/;
    const esm = await runNode(['--input-type=module', '-e', use("import { queueExecutor } from 'mnas-ts/distributed';")], at);
    expect(esm.out).toMatch(expected);
    const cjs = await runNode(['--input-type=commonjs', '-e', use("const { queueExecutor } = require('mnas-ts/distributed');")], at);
    expect(cjs.out).toMatch(expected);
    // The CLI: a search handed to Redis workers stops at once with that line (exit code 1, a failure).
    const cli = await runNode(
      [
        join(at, 'node_modules', '.bin', 'mnas-ts'),
        'search',
        '--benchmark',
        'nas-bench-201',
        '--redis',
        'redis://127.0.0.1:1',
        '--out',
        'run',
      ],
      at,
    );
    expect(cli.err).toMatch(
      /^queueExecutor of mnas-ts\/distributed needs the npm package (bullmq|ioredis), which is not installed: npm install bullmq ioredis$/m,
    );
    expect(cli.err.length).toBeLessThan(400);
    expect(cli.code).toBe(1);
  });
});

/** The tsx loader of this checkout: consumers run the TypeScript examples as `npx tsx` would. */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
/** Examples that use top-level await: in a CommonJS project they run as `.mts` (docs/getting-started.md). */
const TOP_LEVEL_AWAIT = [
  'compare-controllers.ts',
  'custom-measurer.ts',
  'custom-space.ts',
  'default-search.ts',
  'own-images.ts',
  'wasm-latency.ts',
];

describe('the examples, run from the installed package', { timeout: 600_000 }, () => {
  const run = (folder: string, file: string) =>
    runNode(['--import', TSX, join(folder, file)], folder, {
      MNAS_EXAMPLE_SMOKE: '1',
      MNAS_EXAMPLE_JOURNAL: join(folder, `${file}.jsonl`),
    });
  const examples = (folder: string, rename: (name: string) => string = (n) => n): void => {
    mkdirSync(folder, { recursive: true });
    for (const name of readdirSync(join(ROOT, 'examples'))) cpSync(join(ROOT, 'examples', name), join(folder, rename(name)));
  };

  it('import mnas-ts, as a consumer does', () => {
    for (const name of Object.keys(EXAMPLE_OUTPUT)) {
      expect(readFileSync(join(ROOT, 'examples', name), 'utf8')).toMatch(/from 'mnas-ts(\/[a-z]+)?';/);
      expect(readFileSync(join(ROOT, 'examples', name), 'utf8')).not.toMatch(/\.\.\/src\//);
    }
  });

  for (const [name, pattern] of Object.entries(EXAMPLE_OUTPUT)) {
    it(`runs ${name} in an ES module project`, async () => {
      const folder = join(consumer, 'examples');
      if (!readdirSync(consumer).includes('examples')) examples(folder);
      const r = await run(folder, name);
      expect(stderrOfExample(r.err)).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(pattern);
    });
  }

  it('in a CommonJS project (npm init -y): the examples without top-level await run as .ts, the others as .mts', async () => {
    const project = join(dir, 'cjs');
    makeConsumer(project, tarball, ROOT, 'commonjs', 'all');
    examples(project);
    for (const name of Object.keys(EXAMPLE_OUTPUT)) {
      if (TOP_LEVEL_AWAIT.includes(name)) {
        const r = await run(project, name);
        expect(r.err).toMatch(/Top-level await is currently not supported with the "cjs" output format/);
      } else {
        const r = await run(project, name);
        expect(stderrOfExample(r.err)).toBe('');
        expect(r.out).toMatch(EXAMPLE_OUTPUT[name] as RegExp);
      }
    }
    // The workaround the docs give, on the quickest of them.
    cpSync(join(project, 'compare-controllers.ts'), join(project, 'compare-controllers.mts'));
    const r = await run(project, 'compare-controllers.mts');
    expect(stderrOfExample(r.err)).toBe('');
    expect(r.out).toMatch(EXAMPLE_OUTPUT['compare-controllers.ts'] as RegExp);
  });
});

/** The ```ts blocks of a markdown file. */
function tsBlocks(file: string): string[] {
  return [...readFileSync(join(ROOT, file), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

describe('the library code of the README and docs/getting-started.md, run from the installed package', { timeout: 300_000 }, () => {
  // Both pages show the same snippet; it runs with a budget of one trial of two training steps.
  // Each page's library search snippet (getting-started also shows a loader snippet for a folder of your own images).
  const searchSnippet = (page: string): string | undefined => tsBlocks(page).find((b) => b.includes('await search('));
  const snippets = { 'README.md': searchSnippet('README.md'), 'docs/getting-started.md': searchSnippet('docs/getting-started.md') };

  for (const [page, code] of Object.entries(snippets)) {
    it(`runs the snippet of ${page}, and a second time stops with one line naming --resume and --force`, async () => {
      expect(code).toMatch(/budget: \{ trials: 50 \}/);
      expect(code).toMatch(/steps: 100/);
      const folder = join(consumer, page.replace(/\W/g, '-'));
      mkdirSync(folder);
      writeFileSync(join(folder, 'snippet.ts'), (code as string).replace('trials: 50', 'trials: 1').replace('steps: 100', 'steps: 2'));
      const first = await runNode(['--import', TSX, 'snippet.ts'], folder);
      expect(stderrOfExample(first.err)).toBe('');
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/reward/);
      const second = await runNode(['--import', TSX, 'snippet.ts'], folder);
      expect(second.code).toBe(1);
      expect(second.err).toMatch(/already exists; resume it \(resume: true \/ --resume\), start over \(delete it \/ --force\)/);
      expect(second.err.length).toBeLessThan(4000);
    });
  }
});

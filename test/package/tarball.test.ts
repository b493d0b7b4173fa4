/**
 * The done-when test of the package: `npm pack`, the tarball installed into a
 * fresh folder (offline: its dependencies and peers linked from this
 * checkout's node_modules), then imported as a consumer would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_SUBPATHS, browserBundle } from './browser-bundles.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SUBPATHS = ['', ...BROWSER_SUBPATHS, 'measure', 'evaluate', 'search', 'distributed'].map((s) => (s ? `mnas-ts/${s}` : 'mnas-ts'));
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
};

let dir = '';
let consumer = '';
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
  const tarball = join(dir, (packed[0] as { filename: string }).filename);
  files = (packed[0] as { files: { path: string }[] }).files.map((f) => f.path);
  consumer = join(dir, 'consumer');
  const installed = join(consumer, 'node_modules', 'mnas-ts');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', installed, '--strip-components=1']);
  // Offline install: the dependencies and peers the package declares, linked from this checkout.
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    const target = join(consumer, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules', name)), target);
  }
  mkdirSync(join(consumer, 'node_modules', '.bin'));
  symlinkSync(join('..', 'mnas-ts', manifest.bin?.['mnas-ts'] as string), join(consumer, 'node_modules', '.bin', 'mnas-ts'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball', { timeout: 240_000 }, () => {
  it('ships only what a consumer runs: no source maps, no CJS CLI, no ground-truth data; the MNIST subset', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).toContain('dist/cli.js');
    expect(files).not.toContain('dist/cli.cjs');
    expect(
      files.filter((f) => !/^(dist\/|data\/(nas-bench-201|nas-bench-macro|mnist)\/|data\/README\.md$|data\/LICENSES\.md$)/.test(f)).sort(),
    ).toEqual(['LICENSE', 'NOTICE', 'README.md', 'package.json']);
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

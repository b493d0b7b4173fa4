/**
 * `npm run bench:paper-front`: claim 3 of docs/paper.md. Does a latency-aware
 * search on Fashion-MNIST find better trade-offs than the hand-designed
 * baselines, once both are trained properly and timed again?
 *
 * From the journals of searches of the same space (`mnas-ts search --data
 * fashion-mnist ...`; `--journal a,b`): the Pareto front of their trials
 * (at most `--front` of them, spread over latency) and their baselines are trained again with the ground truth's
 * recipe (RECIPE in bench/ground-truth-data.ts: 2,000 Adam steps at batch 64
 * on 55,000 images, test accuracy on the 10,000 t10k images), then all of
 * them, and the ground truth's 60 uniformly sampled architectures (trained
 * with the same recipe, bench/results/ground-truth), are timed again with the
 * search's measurer (Node WASM, its defaults) in `--passes` interleaved
 * passes. The table and the figure put the three side by side.
 *
 * Three phases, each resumable (one file per model in the cache, written
 * when its work finishes) and each skipping what is done:
 *   (default)   train the front and the baselines, the fewest MACs first (`--kind front|baseline` only those; `--shard i/n`
 *               splits them over processes)
 *   --measure   time every model; `--passes` passes, the order reversed on odd passes
 *   --render    the table into `--out` (between <!-- bench:front --> markers) and the figure
 *
 * Baselines: `--baselines adapted` (default) trains the journals' baselines
 * with the stride schedule adapted to the input (`adaptStrides`, named
 * `<name>-adapted`; a journal of an earlier release holds the published
 * networks, whose search figures then do not apply); `published` as
 * journaled; `both`.
 *
 * Flags: --journal <file>[,<file>...] (required)  --cache bench/results/paper/front  --front 8  --passes 3  --steps 2000
 *        --baselines adapted|published|both
 *        --max-minutes <m>  --shard i/n  --out docs/paper.md  --figure docs/figures/paper-front.svg
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from 'mnas-ts';
import {
  FIGURE_HEIGHT as H,
  FIGURE_MARGINS as M,
  FIGURE_WIDTH as W,
  type Html,
  axis,
  frame,
  html,
  raw,
  round3,
  scale,
} from 'mnas-ts/report';
import {
  median,
  quantile,
  BrowserLatencyMeasurer,
  type LatencyMeasurer,
  WasmLatencyMeasurer,
  kendallTau,
  canonicalJson,
} from 'mnas-ts/measure';
import { paretoTrials, readJournal } from 'mnas-ts/search';
import { type Architecture, adaptStrides, countMacs, formatBlocks, hashArchitecture, resolveNetwork } from 'mnas-ts/space';
import { type Shard, benchCommand, finite, integer, list, oneOf, recordedArgs, shard } from './args.js';
import { RECIPE, ROOT, type TrainedFigures, readDataFile, recipeHash, writeJsonAtomic } from './ground-truth-data.js';
import { loadRecipeData, recipeTrainer, stopSignal, trainWithRecipe } from './ground-truth-train.js';
import { writeBetweenMarkers } from './page-markers.js';

type Kind = 'front' | 'baseline' | 'sample';

/** One network of the comparison. */
interface Model {
  /** File name in the cache: `front-<trial>`, `baseline-<name>`, `sample-<index>`. */
  readonly key: string;
  readonly kind: Kind;
  readonly name: string;
  readonly arch: Architecture;
  /** What the search saw: proxy accuracy and the latency measured during the search. */
  readonly search?: { readonly accuracy: number; readonly latencyMs: number };
}

interface TrainedEntry extends TrainedFigures {
  readonly key: string;
  readonly kind: Kind;
  readonly name: string;
  readonly hash: string;
  readonly recipeHash: string;
  readonly blocks: readonly string[];
  readonly arch: Architecture;
  readonly search?: Model['search'];
}

interface LatencyEntry {
  readonly key: string;
  readonly hash: string;
  /** Median latency of each pass, ms. */
  readonly passesMs: readonly number[];
  /** 1-minute load average when each pass's measurement started. */
  readonly load1: readonly number[];
  readonly platform: string;
}

const opts = benchCommand('paper-front', 'Claim 3 of docs/paper.md: the search front against the baselines, trained again and timed again')
  .requiredOption('--journal <list>', 'journals of Fashion-MNIST searches of the same space', list)
  .option('--cache <dir>', 'one file per trained or timed model', join(ROOT, 'bench', 'results', 'paper', 'front'))
  .option('--front <n>', 'front members trained again, spread over latency', integer(2), 8)
  .option(
    '--baselines <which>',
    'adapted (as the CLI scores them), published (as journaled) or both',
    oneOf(['adapted', 'published', 'both']),
    'adapted',
  )
  .option('--passes <n>', 'interleaved timing passes', integer(1), 3)
  .option('--steps <n>', "Adam steps (another recipe than the ground truth's: a smoke test)", integer(1), RECIPE.steps)
  .option('--kind <kind>', 'train only the front or only the baselines', oneOf(['front', 'baseline']))
  .option('--shard <i/n>', 'train the models whose position is i modulo n', shard, { i: 0, n: 1 })
  .option('--max-minutes <m>', 'stop after this long (resumable)', finite)
  .option('--platform <name>', 'where --measure times the models', 'node-wasm')
  .option('--measure', 'time every model')
  .option('--render', 'write the table and the figure')
  .option('--out <page>', 'docs page to write between <!-- bench:front --> markers', join(ROOT, 'docs', 'paper.md'))
  .option('--figure <file>', 'SVG figure', join(ROOT, 'docs', 'figures', 'paper-front.svg'))
  .parse()
  .opts<{
    journal: string[];
    cache: string;
    front: number;
    baselines: 'adapted' | 'published' | 'both';
    passes: number;
    steps: number;
    kind?: 'front' | 'baseline';
    shard: Shard;
    maxMinutes?: number;
    platform: string;
    measure?: boolean;
    render?: boolean;
    out: string;
    figure: string;
  }>();
const journalPaths = opts.journal;
const cache = opts.cache;
const FRONT = opts.front;
/** Which baselines: `adapted` to the input (`adaptStrides`, as the CLI scores them), `published` as the journals hold them, or `both`. */
const BASELINES = opts.baselines;
const PASSES = opts.passes;
/** The ground truth's recipe; `--steps` (smoke runs) makes another recipe, with its own cache folder and no samples. */
const recipe = { ...RECIPE, steps: opts.steps };
const hash = recipeHash(recipe);
const trainedDir = join(cache, `trained-${hash}`);
const figurePath = opts.figure;
/**
 * Where a platform's timings go: Node WASM (the search's measurer) in `latency/`, the others beside it.
 * The browser pages are cross-origin isolated: these networks run in 0.1-1 ms, and without isolation
 * Chromium's `performance.now()` has a 0.1 ms step, which left 8 distinct values among the 216 per-pass medians of 72 networks.
 */
const PLATFORMS = {
  'node-wasm': { label: 'Node WASM', dir: 'latency', make: (): LatencyMeasurer => new WasmLatencyMeasurer({ seed: 0 }) },
  'chromium-wasm': {
    label: 'Chromium WASM',
    dir: 'latency-chromium-wasm',
    make: (): LatencyMeasurer => new BrowserLatencyMeasurer({ seed: 0, backend: 'wasm', crossOriginIsolated: true }),
  },
  'chromium-tflite': {
    label: 'Chromium TFLite',
    dir: 'latency-chromium-tflite',
    make: (): LatencyMeasurer => new BrowserLatencyMeasurer({ seed: 0, backend: 'tflite', crossOriginIsolated: true }),
  },
} as const;
type Platform = keyof typeof PLATFORMS;

const readJson = <V>(file: string): V => JSON.parse(readFileSync(file, 'utf8')) as V;
const readDir = <V>(dir: string): Map<string, V> =>
  new Map(
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => [f.slice(0, -5), readJson<V>(join(dir, f))] as const)
      : [],
  );

/** A platform's timings: each network's passes and their median, from the platform's folder in the cache. */
interface PlatformTimings {
  readonly label: string;
  readonly entries: ReadonlyMap<string, LatencyEntry>;
  /** Median of each network's passes, ms. */
  readonly median: ReadonlyMap<string, number>;
}

function readTimings(name: Platform): PlatformTimings {
  const p = PLATFORMS[name];
  const entries = readDir<LatencyEntry>(join(cache, p.dir));
  const timed = [...entries].filter(([, l]) => l.passesMs.length > 0);
  return { label: p.label, entries, median: new Map(timed.map(([k, l]) => [k, median(l.passesMs)])) };
}

/** At most `n` members of `sorted`, evenly spread, both ends kept. */
function spread<V>(sorted: readonly V[], n: number): V[] {
  if (sorted.length <= n) return [...sorted];
  const picks = new Set(Array.from({ length: n }, (_, i) => Math.round((i * (sorted.length - 1)) / (n - 1))));
  return [...picks].map((i) => sorted[i] as V);
}

/** What the network computes: its planned stem, layers (without their block and position) and head. */
function networkKey(arch: Architecture): string {
  const plan = resolveNetwork(arch);
  return canonicalJson({ ...plan, layers: plan.layers.map(({ block: _b, layer: _l, ...rest }) => rest) });
}

/** A search's name in keys and tables: the journal's file name, or its folder's for `journal.jsonl` (`soft/journal.jsonl` and `soft.jsonl` are both `soft`). */
function searchName(path: string): string {
  const file = basename(path).replace(/\.jsonl?$/, '');
  return file === 'journal' ? basename(dirname(resolve(path))) : file;
}

/**
 * The front of the searches' trials together (one space, one proxy, one
 * measurer), at most `--front` of it spread over latency, and the baselines
 * journaled by any of them (the first journal's, by name).
 */
async function searchModels(): Promise<{ models: Model[]; trials: number; front: number }> {
  const journals = await Promise.all(journalPaths.map(async (path) => ({ search: searchName(path), journal: await readJournal(path) })));
  const from = new Map(
    journals.flatMap(({ search, journal }) => journal.trials.filter((t) => t.status === 'ok').map((t) => [t, search] as const)),
  );
  // Distinct token sequences can build one network (a block with 0 layers, a skip that does not apply): one of each.
  const seen = new Set<string>();
  const front = paretoTrials([...from.keys()])
    .sort((a, b) => (a.latencyMs as number) - (b.latencyMs as number) || a.index - b.index)
    .filter((t) => !seen.has(networkKey(t.value)) && Boolean(seen.add(networkKey(t.value))));
  const picked = spread(front, FRONT).map(
    (t): Model => ({
      key: `front-${from.get(t)}-${t.index}`,
      kind: 'front',
      name: `${from.get(t)} #${t.index}`,
      arch: t.value,
      search: { accuracy: t.accuracy as number, latencyMs: t.latencyMs as number },
    }),
  );
  const baselines = new Map<string, Model>();
  for (const b of journals.flatMap(({ journal }) => journal.baselines)) {
    if (b.status !== 'ok') continue;
    const seen = { accuracy: b.accuracy as number, latencyMs: b.latencyMs as number };
    const add = (name: string, arch: Architecture, search?: Model['search']): void => {
      if (!baselines.has(name))
        baselines.set(name, { key: `baseline-${name}`, kind: 'baseline', name, arch, ...(search ? { search } : {}) });
    };
    if (BASELINES !== 'adapted') add(b.baseline, b.value, seen);
    if (BASELINES === 'published') continue;
    // A journal of an earlier release holds the published networks: adapted here, they have no search figures.
    const adapted = adaptStrides(b.value);
    if (adapted === b.value) add(b.baseline, b.value, seen);
    else add(`${b.baseline}-adapted`, adapted);
  }
  return { models: [...picked, ...baselines.values()], trials: from.size, front: front.length };
}

/** The ground truth's sampled architectures, already trained with the same recipe. */
function sampleModels(): { models: Model[]; trained: Map<string, TrainedEntry> } {
  const file = readDataFile();
  if (file === undefined || file.recipeHash !== hash) return { models: [], trained: new Map() };
  const models = file.architectures.map(
    (e): Model => ({ key: `sample-${e.index}`, kind: 'sample', name: `sample ${e.index}`, arch: e.arch }),
  );
  const trained = new Map(
    file.architectures.map((e) => {
      const { index: _i, tokens: _t, ...figures } = e;
      return [`sample-${e.index}`, { ...figures, key: `sample-${e.index}`, kind: 'sample' as const, name: `sample ${e.index}` }];
    }),
  );
  return { models, trained };
}

/** `--max-minutes`, or no limit. */
function maxMinutes(): number {
  const minutes = opts.maxMinutes ?? Number.POSITIVE_INFINITY;
  if (!(minutes > 0)) throw new Error(`--max-minutes: expected a number > 0, received ${minutes}`);
  return minutes;
}

async function train(models: readonly Model[]): Promise<void> {
  const { shard, kind } = opts;
  const mine = models.filter((m, i) => i % shard.n === shard.i && (kind === undefined || m.kind === kind));
  const todo = mine.filter((m) => !existsSync(join(trainedDir, `${m.key}.json`))).sort((a, b) => countMacs(a.arch) - countMacs(b.arch));
  console.log(`train: ${mine.length - todo.length}/${mine.length} of shard ${shard.i}/${shard.n} done, ${todo.length} to train`);
  if (todo.length === 0) return;
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const data = loadRecipeData(recipe);
  const trainer = recipeTrainer(recipe, data);
  const { signal, clear } = stopSignal(maxMinutes(), 'model');
  mkdirSync(trainedDir, { recursive: true });
  try {
    for (const m of todo) {
      if (signal.aborted) break;
      if (existsSync(join(trainedDir, `${m.key}.json`))) continue; // trained meanwhile by another shard
      try {
        const figures = await trainWithRecipe(m.arch, trainer, data, signal);
        const entry: TrainedEntry = {
          key: m.key,
          kind: m.kind,
          name: m.name,
          hash: hashArchitecture(m.arch),
          recipeHash: hash,
          blocks: formatBlocks(m.arch),
          arch: m.arch,
          ...(m.search === undefined ? {} : { search: m.search }),
          ...figures,
        };
        writeJsonAtomic(join(trainedDir, `${m.key}.json`), entry);
        console.log(`${m.key}: test ${figures.testAccuracy.toFixed(4)} (${figures.cpuSeconds.toFixed(0)} cpu-s)`);
      } catch (error) {
        if (signal.aborted) break;
        throw error;
      }
    }
  } finally {
    clear();
  }
}

async function measure(models: readonly Model[]): Promise<void> {
  const name = opts.platform;
  if (!Object.hasOwn(PLATFORMS, name))
    throw new Error(`--platform: expected one of ${Object.keys(PLATFORMS).join(', ')}, received ${name}`);
  const platform = PLATFORMS[name as Platform];
  const dir = join(cache, platform.dir);
  mkdirSync(dir, { recursive: true });
  const { signal, clear } = stopSignal(maxMinutes(), 'model');
  await tf.setBackend('wasm'); // the browser measurers build and serialize each model in this process first
  const measurer = platform.make();
  try {
    for (let pass = 0; pass < PASSES && !signal.aborted; pass++) {
      const order = pass % 2 === 0 ? models : [...models].reverse();
      let measured = 0;
      for (const m of order) {
        if (signal.aborted) break;
        const file = join(dir, `${m.key}.json`);
        const before = existsSync(file) ? readJson<LatencyEntry>(file) : undefined;
        if (before !== undefined && before.passesMs.length > pass) continue;
        const load = loadavg()[0] as number;
        const report = await measurer.measure(m.arch, { signal });
        const entry: LatencyEntry = {
          key: m.key,
          hash: hashArchitecture(m.arch),
          passesMs: [...(before?.passesMs ?? []), report.medianMs],
          load1: [...(before?.load1 ?? []), Number(load.toFixed(2))],
          platform: `${report.platform.name} (${report.platform.clock ?? 'wall'} clock)`,
        };
        writeJsonAtomic(file, entry);
        measured++;
      }
      console.log(`measure ${name}: pass ${pass + 1}/${PASSES}, ${measured} models timed`);
    }
  } finally {
    clear();
    await measurer.close?.();
  }
}

interface Row {
  readonly model: Model;
  readonly trained: TrainedEntry;
  readonly latencyMs: number;
}

/** `a` dominates `b`: no worse in both, better in one. */
const dominates = (a: Row, b: Row): boolean =>
  a.trained.testAccuracy >= b.trained.testAccuracy &&
  a.latencyMs <= b.latencyMs &&
  (a.trained.testAccuracy > b.trained.testAccuracy || a.latencyMs < b.latencyMs);

const pct = (v: number): string => (100 * v).toFixed(2);
const ms = (v: number): string => v.toFixed(3);

function figure(rows: readonly Row[]): Html {
  const xs = rows.map((r) => r.latencyMs);
  const ys = rows.map((r) => r.trained.testAccuracy);
  const log = Math.max(...xs) / Math.min(...xs) > 20;
  const xa = axis(xs, log);
  const ya = axis(ys, false);
  const px = (v: number): number => scale(xa, v, M.l, W - M.r);
  const py = (v: number): number => scale(ya, v, H - M.b, M.t);
  const at = (r: Row): [number, number] => [Number(px(r.latencyMs).toFixed(1)), Number(py(r.trained.testAccuracy).toFixed(1))];
  const tip = (r: Row): Html =>
    html`<title>${r.model.kind} ${r.model.name}: test accuracy ${pct(r.trained.testAccuracy)}%, ${ms(r.latencyMs)} ms\n${r.trained.blocks.join(' ')}</title>`;
  const marks = (kind: Kind): Html[] =>
    rows
      .filter((r) => r.model.kind === kind)
      .sort((a, b) => a.latencyMs - b.latencyMs)
      .map((r, i) => {
        const [x, y] = at(r);
        // Baselines' labels alternate above and below their marks, so neighbours do not overwrite each other.
        const ly = i % 2 === 0 ? y - 8 : y + 16;
        if (kind === 'sample') return html`<g><circle cx="${x}" cy="${y}" r="3" fill="#8a9a9a" fill-opacity="0.7"/>${tip(r)}</g>`;
        if (kind === 'front') return html`<g><circle cx="${x}" cy="${y}" r="4.5" fill="#d62728"/>${tip(r)}</g>`;
        return html`<g><path d="M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z" fill="#fff" stroke="#111" stroke-width="1.5"/><text x="${x + 4}" y="${ly}" fill="#111" font-size="11"${raw(x > W - M.r - 90 ? ' text-anchor="end"' : '')}>${r.model.name}</text>${tip(r)}</g>`;
      });
  // The legend sits at the bottom left: fast and inaccurate, where no trade-off worth having lies.
  const [lx, ly0] = [M.l + 12, H - M.b - 48];
  const legend = html`<g font-size="11"><circle cx="${lx}" cy="${ly0}" r="4.5" fill="#d62728"/><text x="${lx + 10}" y="${ly0 + 4}">search front (trained again)</text><circle cx="${lx}" cy="${ly0 + 16}" r="3" fill="#8a9a9a"/><text x="${lx + 10}" y="${ly0 + 20}">uniform samples (ground truth)</text><path d="M${lx} ${ly0 + 26}L${lx + 6} ${ly0 + 32}L${lx} ${ly0 + 38}L${lx - 6} ${ly0 + 32}Z" fill="#fff" stroke="#111"/><text x="${lx + 10}" y="${ly0 + 36}">baselines</text></g>`;
  return frame(
    'Fashion-MNIST test accuracy after the long recipe against Node WASM latency',
    { x: `Node WASM latency, ms${log ? ' (log scale)' : ''}`, y: 'test accuracy (2,000 steps)' },
    html`${marks('sample')}${marks('baseline')}${marks('front')}${legend}`,
    { x: xa, y: ya, px, py },
  );
}

function render(models: readonly Model[], trainedSamples: Map<string, TrainedEntry>, info: { trials: number; front: number }): void {
  const trained = new Map([...trainedSamples, ...readDir<TrainedEntry>(trainedDir)]);
  const platforms = (Object.keys(PLATFORMS) as Platform[]).map(readTimings);
  const node = platforms[0] as PlatformTimings;
  const rows: Row[] = models.flatMap((model) => {
    const t = trained.get(model.key);
    const latencyMs = node.median.get(model.key);
    return t === undefined || latencyMs === undefined ? [] : [{ model, trained: t, latencyMs }];
  });
  const missing = models.filter((m) => !rows.some((r) => r.model === m)).map((m) => m.key);
  if (missing.length > 0) console.log(`render: not trained or not timed yet, left out: ${missing.join(', ')}`);
  const of = (kind: Kind): Row[] => rows.filter((r) => r.model.kind === kind).sort((a, b) => a.latencyMs - b.latencyMs);
  const [front, baselines, samples] = [of('front'), of('baseline'), of('sample')];
  const passes = [...node.entries.values()].map((l) => l.passesMs.length);
  const loads = [...node.entries.values()].flatMap((l) => l.load1);
  const lines = [
    `Commands: \`npm run bench:paper-front -- ${recordedArgs().replace('--render', '').trim()}\` (train), the same with \`--measure\` and with \`--render\`. Rendered ${new Date().toISOString()}. Recipe ${hash} (2,000 Adam steps at batch 64, cosine from 0.005, 55,000 training images; test accuracy on the 10,000 t10k images). Latency: Node WASM (the search's measurer, its defaults), median of ${Math.min(...passes)}-${Math.max(...passes)} interleaved passes per model, 1-minute load ${round3(Math.min(...loads))}-${round3(Math.max(...loads))} during the passes. The searches had ${info.trials} successful trials together and a front of ${info.front}; ${front.length} of the front, spread over latency, were trained again.`,
    '',
    '| model | kind | MACs | search: proxy accuracy | search: latency, ms | test accuracy, % | latency, ms | dominated by (front for a baseline, baselines for a front model) |',
    '|---|---|---:|---:|---:|---:|---:|---|',
    ...[...front, ...baselines]
      .sort((a, b) => a.latencyMs - b.latencyMs)
      .map((r) => {
        const others = r.model.kind === 'front' ? baselines : front;
        const by = others.filter((o) => dominates(o, r)).map((o) => o.model.name);
        const s = r.model.search;
        return `| ${r.model.name} | ${r.model.kind} | ${round3(r.trained.macs)} | ${s === undefined ? '' : s.accuracy.toFixed(3)} | ${s === undefined ? '' : ms(s.latencyMs)} | ${pct(r.trained.testAccuracy)} | ${ms(r.latencyMs)} | ${by.join(', ') || '-'} |`;
      }),
    '',
  ];
  const baselineVerdicts = baselines.map((b) => {
    const faster = front.filter((f) => f.latencyMs <= b.latencyMs);
    const best = faster.sort((x, y) => y.trained.testAccuracy - x.trained.testAccuracy)[0];
    return best === undefined
      ? `- **${b.model.name}** (${pct(b.trained.testAccuracy)}%, ${ms(b.latencyMs)} ms): no front model is as fast.`
      : `- **${b.model.name}** (${pct(b.trained.testAccuracy)}%, ${ms(b.latencyMs)} ms): the best front model at equal or lower latency is ${best.model.name}, ${pct(best.trained.testAccuracy)}% at ${ms(best.latencyMs)} ms (${best.trained.testAccuracy >= b.trained.testAccuracy ? '+' : ''}${(100 * (best.trained.testAccuracy - b.trained.testAccuracy)).toFixed(2)} points${dominates(best, b) ? ', dominates' : ''}).`;
  });
  const samplesBeaten = samples.filter((s) => front.some((f) => dominates(f, s))).length;
  const frontBeaten = front.filter((f) => samples.some((s) => dominates(s, f))).length;
  lines.push(
    ...baselineVerdicts,
    `- Against the ${samples.length} uniform samples trained with the same recipe and timed in the same passes: the front dominates ${samplesBeaten} of them; ${frontBeaten} of the ${front.length} front models are dominated by a sample.`,
    '',
    `![Fashion-MNIST test accuracy after the long recipe against Node WASM latency](${relative(join(ROOT, 'docs'), figurePath)})`,
  );
  lines.push('', ...transfer(models, trained, platforms));
  writeFileSync(figurePath, `${figure(rows)}\n`);
  writeBetweenMarkers(opts.out, 'front', lines);
  console.log(lines.join('\n'));
}

/**
 * Latency across platforms with real accuracy, over the ground truth's
 * uniform samples (a population of varied networks; the front would win
 * every target by itself): Kendall tau of their latencies between
 * platforms, and, with each platform's target T at the 25%, 50% and 75%
 * quantile of the samples' latencies there, how the most accurate sample
 * within T on one platform fares against the other platform's T.
 */
function transfer(models: readonly Model[], trained: ReadonlyMap<string, TrainedEntry>, platforms: readonly PlatformTimings[]): string[] {
  const timed = platforms
    .filter((t) => t.median.size > 0)
    .map((t) => {
      const pass = (i: number): Map<string, number> => new Map([...t.entries].map(([k, l]) => [k, l.passesMs[i] ?? Number.NaN]));
      const passes = Math.min(...[...t.entries.values()].map((l) => l.passesMs.length));
      return { ...t, passes, first: pass(0), second: pass(1) };
    });
  if (timed.length < 2) return [];
  type Timed = (typeof timed)[number];
  const samples = models.filter((m) => m.kind === 'sample' && trained.has(m.key) && timed.every((t) => t.median.has(m.key)));
  const acc = (m: Model): number => (trained.get(m.key) as TrainedEntry).testAccuracy;
  const lat = (t: Timed, m: Model): number => t.median.get(m.key) as number;
  const target = (t: Timed, q: number): number =>
    quantile(
      samples.map((m) => lat(t, m)),
      q,
    );
  const bestWithin = (t: Timed, limit: number): Model | undefined =>
    samples.filter((m) => lat(t, m) <= limit).sort((a, b) => acc(b) - acc(a))[0];
  const repeat = (t: Timed): string =>
    t.passes < 2
      ? 'one pass'
      : kendallTau(
          samples.map((m) => t.first.get(m.key) as number),
          samples.map((m) => t.second.get(m.key) as number),
        ).toFixed(2);
  const lines = [
    `**Across platforms, with accuracy**: the ${samples.length} uniform samples on ${timed.map((t) => `${t.label} (${t.passes} passes; its first two agree to Kendall tau ${repeat(t)})`).join(', ')}; each platform's target T at a quantile of the samples' latencies there. "Given up": the most accurate sample within the "to" platform's T minus the one chosen on the "from" platform, when that one meets it.`,
    '',
    '| from -> to | Kendall tau of latencies | T at | best within T on "from" | its latency on "to" / T there, ms | meets T on "to" | best within T on "to" | accuracy given up, points |',
    '|---|---:|---|---|---|---|---|---:|',
  ];
  for (const a of timed) {
    for (const b of timed) {
      if (a === b) continue;
      const tau = kendallTau(
        samples.map((m) => lat(a, m)),
        samples.map((m) => lat(b, m)),
      );
      for (const q of [0.25, 0.5, 0.75]) {
        const [fromBest, toBest] = [bestWithin(a, target(a, q)), bestWithin(b, target(b, q))];
        if (fromBest === undefined || toBest === undefined) continue;
        const meets = lat(b, fromBest) <= target(b, q);
        lines.push(
          `| ${a.label} -> ${b.label} | ${q === 0.25 ? tau.toFixed(2) : ''} | q${100 * q} | ${fromBest.name} (${pct(acc(fromBest))}%) | ${ms(lat(b, fromBest))} / ${ms(target(b, q))} | ${meets ? 'yes' : '**no**'} | ${toBest.name} (${pct(acc(toBest))}%) | ${meets ? (100 * (acc(toBest) - acc(fromBest))).toFixed(2) : '-'} |`,
        );
      }
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const { models: searched, trials, front } = await searchModels();
  const samples = sampleModels();
  if (opts.render === true) render([...searched, ...samples.models], samples.trained, { trials, front });
  else if (opts.measure === true) await measure([...searched, ...samples.models]);
  else await train(searched);
}

await main();

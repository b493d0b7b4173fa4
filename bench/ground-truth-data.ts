/**
 * The Fashion-MNIST ground truth's recipe, its architecture list and its
 * files (the per-architecture cache entries and the committed data file),
 * shared by `bench/ground-truth.ts` (which builds it) and `bench/accuracy.ts`
 * (which ranks estimators against it).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_SPACE_OPTIONS } from './cli-defaults.js';
import { Rng, type Architecture, factorizedSpace, formatBlocks, hashArchitecture } from 'mnas-ts/space';
import { canonicalJson } from 'mnas-ts/measure';
import { fnv1a64 } from './hash.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The committed data file. */
export const DATA_FILE = join(ROOT, 'bench', 'results', 'ground-truth', 'fashion-mnist.json');
/**
 * The data file of a training seed: {@link DATA_FILE} for the recipe's own
 * seed, `fashion-mnist-seed<s>.json` beside it for a repeat with seed `s`.
 */
export const dataFileForSeed = (trainSeed: number): string =>
  trainSeed === RECIPE.trainSeed ? DATA_FILE : join(ROOT, 'bench', 'results', 'ground-truth', `fashion-mnist-seed${trainSeed}.json`);
export const DATA_FORMAT = 'mnas-ts-ground-truth/1';
/** Seed of the architecture sample. */
export const DEFAULT_SEED = 'fashion-mnist-ground-truth';

/** How every ground-truth architecture is trained (the same for all). */
export interface GroundTruthRecipe {
  readonly dataset: 'fashion-mnist';
  /** Training images held out (seeded) for the validation accuracy. */
  readonly validationSize: number;
  readonly splitSeed: number;
  readonly trainSize: number;
  readonly steps: number;
  readonly batchSize: number;
  readonly optimizer: 'adam';
  readonly learningRate: number;
  readonly schedule: 'cosine';
  readonly bnMomentum: number;
  /** Seed of the initial weights and the batch order. */
  readonly trainSeed: number;
  /** The test accuracy is over all 10,000 t10k images. */
  readonly test: 't10k';
}

export const RECIPE: GroundTruthRecipe = {
  dataset: 'fashion-mnist',
  validationSize: 5000,
  splitSeed: 0,
  trainSize: 55000,
  steps: 2000,
  batchSize: 64,
  optimizer: 'adam',
  learningRate: 0.005,
  schedule: 'cosine',
  bnMomentum: 0.9,
  trainSeed: 1,
  test: 't10k',
};

/** Short hash of a recipe: part of every cache key. */
export function recipeHash(recipe: GroundTruthRecipe): string {
  return fnv1a64(canonicalJson(recipe)).slice(0, 12);
}

/** One sampled architecture of the list. */
export interface ListedArchitecture {
  readonly index: number;
  readonly hash: string;
  readonly tokens: readonly number[];
  readonly arch: Architecture;
}

/** The space of the CLI's default run (28 x 28 x 1, 10 classes). */
export const SPACE_OPTIONS = CLI_SPACE_OPTIONS;

/** `count` distinct architectures sampled uniformly from the space with `seed` (duplicates are skipped). */
export function sampleArchitectures(count: number, seed: string): ListedArchitecture[] {
  const space = factorizedSpace(SPACE_OPTIONS);
  const rng = new Rng(seed);
  const out: ListedArchitecture[] = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const arch = space.sample(rng);
    const hash = hashArchitecture(arch);
    if (seen.has(hash)) continue;
    seen.add(hash);
    out.push({ index: out.length, hash, tokens: space.encode(arch), arch });
  }
  return out;
}

/** What one training with the recipe gives. */
export interface TrainedFigures {
  readonly params: number;
  readonly macs: number;
  /** Accuracy on the 10,000 t10k images. */
  readonly testAccuracy: number;
  readonly testLoss: number;
  /** Accuracy on the held-out training images. */
  readonly validationAccuracy: number;
  readonly validationLoss: number;
  /** Mean training loss of the last 10 steps. */
  readonly trainLoss: number;
  readonly steps: number;
  /** Process CPU seconds (user + system) of training and evaluating. */
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly machine: string;
  readonly node: string;
  readonly tfjs: string;
  readonly finishedAt: string;
}

/** What the ground truth knows about one trained architecture (a cache entry and an element of the data file). */
export interface GroundTruthEntry extends TrainedFigures {
  readonly index: number;
  readonly hash: string;
  readonly recipeHash: string;
  readonly tokens: readonly number[];
  readonly blocks: readonly string[];
  readonly arch: Architecture;
}

export const blockStrings = (arch: Architecture): string[] => formatBlocks(arch);

/** The cache directory of one recipe. */
export const recipeDir = (cache: string, hash: string): string => join(cache, hash);

/** Writes a cache entry atomically (temporary file, then rename). */
export function writeEntry(cache: string, entry: GroundTruthEntry): void {
  const dir = recipeDir(cache, entry.recipeHash);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${entry.hash}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(entry, null, 1)}\n`);
  renameSync(tmp, file);
}

/** The cached entries of a recipe, by architecture hash (unreadable files are skipped with a warning). */
export function readEntries(cache: string, hash: string): Map<string, GroundTruthEntry> {
  const dir = recipeDir(cache, hash);
  const out = new Map<string, GroundTruthEntry>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const entry = JSON.parse(readFileSync(join(dir, name), 'utf8')) as GroundTruthEntry;
      if (entry.recipeHash === hash) out.set(entry.hash, entry);
    } catch (error) {
      console.warn(`skipping unreadable cache file ${join(dir, name)}: ${String(error)}`);
    }
  }
  return out;
}

/** The committed data file. */
export interface GroundTruthFile {
  readonly format: typeof DATA_FORMAT;
  readonly description: string;
  readonly command: string;
  readonly seed: string;
  readonly count: number;
  readonly done: number;
  readonly recipe: GroundTruthRecipe;
  readonly recipeHash: string;
  readonly spaceOptions: unknown;
  readonly machine: string;
  readonly node: string;
  readonly tfjs: string;
  readonly renderedAt: string;
  readonly architectures: readonly GroundTruthEntry[];
}

/** Reads a data file, or undefined when it does not exist. @throws when it exists but is not a ground-truth file. */
export function readDataFile(path = DATA_FILE): GroundTruthFile | undefined {
  if (!existsSync(path)) return undefined;
  const data = JSON.parse(readFileSync(path, 'utf8')) as GroundTruthFile;
  if (data.format !== DATA_FORMAT) throw new Error(`${path}: expected format ${DATA_FORMAT}, received ${String(data.format)}`);
  return data;
}

/** Writes JSON to a file atomically, creating its directory. */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 1)}\n`);
  renameSync(tmp, path);
}

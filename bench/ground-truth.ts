/**
 * `npm run bench:ground-truth`: the accuracy ground truth on Fashion-MNIST.
 * Samples `--count` architectures with `--seed` from the space of the CLI's
 * default run (`mnistSpaceOptions(28)`), trains each with one long recipe
 * (RECIPE in bench/ground-truth-data.ts: 2,000 Adam steps at batch 64 with
 * cosine decay on 55,000 training images) on tfjs WASM with
 * `registerWasmTrainingKernels`, and records its test accuracy on the 10,000
 * t10k images and its validation accuracy on the 5,000 held-out ones.
 *
 * Resumable: one cache file per architecture (`<cache>/<recipe hash>/<arch
 * hash>.json`), written atomically when it finishes, so a killed run loses
 * at most the architecture in progress. On start, entries of the committed
 * data file missing from the cache are copied into it, so a fresh clone
 * continues where the data file stopped.
 *
 * Flags:
 *   --cache <dir>       cache directory (default .bench-cache/ground-truth)
 *   --count <n>         architectures in the list (default 60)
 *   --seed <s>          seed of the sample (default 'fashion-mnist-ground-truth')
 *   --max-minutes <m>   start no architecture after m minutes; abort the one in progress at m
 *   --shard <i>/<n>     train only list indices with index % n === i (processes sharing a cache)
 *   --reverse           take the shard's architectures from the end of the list: a second process on the
 *                       same shard and cache meets the first in the middle (each skips what the cache holds)
 *   --steps <n>         override the recipe's steps (a different recipe hash; for smoke runs)
 *   --train-seed <s>    seed of the initial weights and batch order (default the recipe's, 1); another seed is
 *                       another recipe hash, and its data file is fashion-mnist-seed<s>.json (the repeat that
 *                       measures the ground truth's own seed-to-seed noise)
 *   --archs <file>      train these architectures (a JSON array of architectures of the space, e.g. the
 *                       best-archs.json of bench:end-to-end) instead of the sampled list; they go into the
 *                       same cache (index -1) and never into the data file
 *   --render [file]     write the data file (default bench/results/ground-truth/fashion-mnist.json) from the cache and exit
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from 'mnas-ts';
import type { ProxyTrainer } from 'mnas-ts/evaluate';
import { assertArchitecture, factorizedSpace, hashArchitecture } from 'mnas-ts/space';
import {
  DATA_FORMAT,
  DEFAULT_SEED,
  type GroundTruthEntry,
  type GroundTruthFile,
  type GroundTruthRecipe,
  type ListedArchitecture,
  RECIPE,
  ROOT,
  SPACE_OPTIONS,
  blockStrings,
  dataFileForSeed,
  readDataFile,
  readEntries,
  recipeHash,
  sampleArchitectures,
  writeEntry,
  writeJsonAtomic,
} from './ground-truth-data.js';
import { type RecipeData, loadRecipeData, machine, recipeTrainer, stopSignal, trainWithRecipe } from './ground-truth-train.js';
import { type Shard, benchCommand, finite, integer, shard } from './args.js';

const opts = benchCommand('ground-truth', 'The accuracy ground truth on Fashion-MNIST: sampled networks trained with one long recipe')
  .option('--cache <dir>', 'cache directory', `${ROOT}/.bench-cache/ground-truth`)
  .option('--count <n>', 'architectures in the list', integer(1), 60)
  .option('--seed <s>', 'seed of the sample', DEFAULT_SEED)
  .option('--max-minutes <m>', 'start no architecture after m minutes; abort the one in progress at m', finite)
  .option('--shard <i/n>', 'train only list indices with index % n === i', shard, { i: 0, n: 1 })
  .option('--reverse', "take the shard's architectures from the end of the list (a second process on the same shard)")
  .option('--steps <n>', "override the recipe's steps (another recipe hash; for smoke runs)", integer(1))
  .option('--train-seed <s>', 'seed of the initial weights and batch order', integer(1), RECIPE.trainSeed)
  .option('--archs <file>', 'train these architectures (a JSON array) instead of the sampled list')
  .option('--render [file]', 'write the data file from the cache and exit')
  .parse()
  .opts<{
    cache: string;
    count: number;
    seed: string;
    maxMinutes?: number;
    reverse?: boolean;
    shard: Shard;
    steps?: number;
    trainSeed: number;
    archs?: string;
    render?: string | true;
  }>();

/** Trains one listed architecture with the recipe; returns its entry. */
async function trainOne(
  item: ListedArchitecture,
  trainer: ProxyTrainer,
  hash: string,
  data: RecipeData,
  signal: AbortSignal,
): Promise<GroundTruthEntry> {
  const figures = await trainWithRecipe(item.arch, trainer, data, signal);
  return {
    index: item.index,
    hash: item.hash,
    recipeHash: hash,
    tokens: item.tokens,
    blocks: blockStrings(item.arch),
    arch: item.arch,
    ...figures,
  };
}

/** Copies entries of the committed data file that the cache lacks into it (same recipe only). */
function seedCacheFromDataFile(cache: string, hash: string, dataFile: string): number {
  const data = readDataFile(dataFile);
  if (data === undefined || data.recipeHash !== hash) return 0;
  const have = readEntries(cache, hash);
  let copied = 0;
  for (const entry of data.architectures) {
    if (have.has(entry.hash)) continue;
    writeEntry(cache, entry);
    copied++;
  }
  return copied;
}

function render(cache: string, recipe: GroundTruthRecipe, count: number, seed: string, out: string): void {
  const hash = recipeHash(recipe);
  const entries = readEntries(cache, hash);
  const list = sampleArchitectures(count, seed);
  const done = list.flatMap((item) => {
    const e = entries.get(item.hash);
    return e === undefined ? [] : [{ ...e, index: item.index }];
  });
  const file: GroundTruthFile = {
    format: DATA_FORMAT,
    description:
      'Fashion-MNIST ground truth of mnas-ts: architectures sampled uniformly from the CLI default space, each trained with one recipe; ' +
      'testAccuracy is over the 10,000 t10k images, validationAccuracy over the held-out training images. See README.md beside this file.',
    command: `npm run bench:ground-truth -- ${recipe.trainSeed === RECIPE.trainSeed ? '' : `--train-seed ${recipe.trainSeed} --shard 0/3 `}--cache <dir> (then --render)`,
    seed,
    count,
    done: done.length,
    recipe,
    recipeHash: hash,
    spaceOptions: SPACE_OPTIONS,
    machine: machine(),
    node: process.version,
    tfjs: tf.version_core,
    renderedAt: new Date().toISOString(),
    architectures: done,
  };
  writeJsonAtomic(out, file);
  console.log(`wrote ${relative(process.cwd(), out)}: ${done.length}/${count} architectures of recipe ${hash}`);
}

/** The distinct architectures of a JSON array file, each checked to belong to the space. */
function readArchitectures(file: string): ListedArchitecture[] {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`--archs ${file}: expected a JSON array of architectures`);
  const space = factorizedSpace(SPACE_OPTIONS);
  const seen = new Set<string>();
  return raw.flatMap((value, i) => {
    try {
      assertArchitecture(value);
      const tokens = space.encode(value);
      const hash = hashArchitecture(value);
      if (seen.has(hash)) return [];
      seen.add(hash);
      return [{ index: -1, hash, tokens, arch: value }];
    } catch (error) {
      throw new Error(`--archs ${file}: element ${i}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

async function main(): Promise<void> {
  const { cache, count, seed, steps, trainSeed, shard } = opts;
  const recipe: GroundTruthRecipe = { ...RECIPE, trainSeed, steps: steps ?? RECIPE.steps };
  const hash = recipeHash(recipe);
  const dataFile = dataFileForSeed(trainSeed);
  if (opts.render !== undefined) {
    render(cache, recipe, count, seed, opts.render === true ? dataFile : opts.render);
    return;
  }
  const maxMinutes = opts.maxMinutes ?? Number.POSITIVE_INFINITY;
  if (!(maxMinutes > 0)) throw new Error(`--max-minutes: expected a number > 0, received ${maxMinutes}`);
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const copied = seedCacheFromDataFile(cache, hash, dataFile);
  if (copied > 0) console.log(`copied ${copied} entries of ${relative(process.cwd(), dataFile)} into the cache`);
  const archsFile = opts.archs;
  const list = (archsFile === undefined ? sampleArchitectures(count, seed) : readArchitectures(archsFile)).filter(
    (item, position) => (archsFile === undefined ? item.index : position) % shard.n === shard.i,
  );
  const done = readEntries(cache, hash);
  const todo = list.filter((item) => !done.has(item.hash));
  if (opts.reverse === true) todo.reverse();
  console.log(
    `recipe ${hash}, cache ${cache}: ${list.length - todo.length}/${list.length} of shard ${shard.i}/${shard.n} done, ${todo.length} to train`,
  );
  if (todo.length === 0) return;
  const data = loadRecipeData(recipe);
  const trainer = recipeTrainer(recipe, data);
  const { signal, clear } = stopSignal(maxMinutes, 'architecture');
  try {
    for (const item of todo) {
      if (signal.aborted) break;
      if (readEntries(cache, hash).has(item.hash)) continue; // trained meanwhile by another process
      try {
        const entry = await trainOne(item, trainer, hash, data, signal);
        writeEntry(cache, entry);
        console.log(
          `#${item.index} ${item.hash} test ${entry.testAccuracy.toFixed(4)} val ${entry.validationAccuracy.toFixed(4)} ` +
            `${entry.cpuSeconds.toFixed(0)} cpu-s ${entry.wallSeconds.toFixed(0)} wall-s ${entry.blocks.join(' ')}`,
        );
      } catch (error) {
        if (signal.aborted) break;
        throw error;
      }
    }
  } finally {
    clear();
  }
  const now = readEntries(cache, hash);
  console.log(`${list.filter((item) => now.has(item.hash)).length}/${list.length} of shard ${shard.i}/${shard.n} done`);
}

await main();

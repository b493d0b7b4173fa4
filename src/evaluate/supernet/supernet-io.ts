/**
 * Saving and loading a {@link Supernet}: a JSON manifest (space options,
 * seed, batch-norm epsilon, training runs, weight keys and shapes) and one
 * binary file of little-endian float32 weights in manifest order.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EvaluationError, InvalidSpaceError, MnasError, describeValue, type ErrorPath } from '../../errors.js';
import { stableStringify } from '../../space/hash.js';
import type { FactorizedSpaceOptions } from '../../space/factorized-options.js';
import { allocateWeights } from './allocation.js';
import { type ResolvedSupernetOptions, type SupernetOptions, resolveSupernetOptions } from './supernet-options.js';

/** One training run recorded in a supernet (and its manifest). */
export interface SupernetTrainingRecord {
  /** Optimizer steps of the run. */
  readonly steps: number;
  /** The recipe: dataset name, batch size, optimizer, learning rate, schedule, seed... */
  readonly recipe: Readonly<Record<string, string | number | boolean>>;
}

/** What a saved supernet is made of. */
export interface SupernetState {
  readonly options: SupernetOptions;
  /** The variables by key, in allocation order; the holder owns them. */
  readonly weights: ReadonlyMap<string, tf.Variable>;
  readonly history: readonly SupernetTrainingRecord[];
}

/** Manifest file name inside a supernet directory. */
export const SUPERNET_MANIFEST = 'supernet.json';
/** Weights file name inside a supernet directory. */
export const SUPERNET_WEIGHTS = 'weights.bin';
const FORMAT = 'mnas-ts-supernet';
const VERSION = 1;

/** The manifest of a saved supernet (plain JSON). */
export interface SupernetManifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly space: FactorizedSpaceOptions;
  readonly seed: number | string;
  readonly bnEpsilon: number;
  /** Total optimizer steps (the sum over `training`). */
  readonly steps: number;
  readonly training: readonly SupernetTrainingRecord[];
  readonly weightsFile: string;
  /** Every variable in file order. */
  readonly weights: readonly { readonly key: string; readonly shape: readonly number[] }[];
}

/** Options of `Supernet.load`. */
export interface LoadSupernetOptions {
  /** The space the caller expects; a saved supernet for another space is an InvalidSpaceError naming the first differing field. */
  readonly space?: FactorizedSpaceOptions;
}

/**
 * Writes a supernet's state to directory `dir` (created if needed): `supernet.json` and `weights.bin`.
 *
 * @throws EvaluationError when the files cannot be written.
 */
export async function writeSupernetFiles(
  state: { readonly options: ResolvedSupernetOptions } & Omit<SupernetState, 'options'>,
  dir: string,
): Promise<SupernetManifest> {
  const entries = [...state.weights];
  const manifest: SupernetManifest = {
    format: FORMAT,
    version: VERSION,
    space: state.options.space,
    seed: state.options.seed,
    bnEpsilon: state.options.bnEpsilon,
    steps: state.history.reduce((n, r) => n + r.steps, 0),
    training: state.history,
    weightsFile: SUPERNET_WEIGHTS,
    weights: entries.map(([key, v]) => ({ key, shape: v.shape })),
  };
  const total = entries.reduce((n, [, v]) => n + v.size, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const [, v] of entries) {
    data.set(await v.data<'float32'>(), offset);
    offset += v.size;
  }
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, SUPERNET_WEIGHTS), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    await writeFile(join(dir, SUPERNET_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    throw new EvaluationError(`Cannot save the supernet to ${dir}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return manifest;
}

function corrupt(file: string, path: ErrorPath, expected: string, received: unknown): never {
  const where = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  throw new EvaluationError(`Invalid supernet manifest ${file} at ${where}: expected ${expected}, received ${describeValue(received)}`, {
    path,
  });
}

/** The first path where two JSON values differ, or undefined when equal. */
function firstDifference(a: unknown, b: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (stableStringify(a) === stableStringify(b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
  for (const k of keys) {
    const key = Array.isArray(a) ? Number(k) : k;
    const d = firstDifference(ra[k], rb[k], [...path, key]);
    if (d !== undefined) return d;
  }
  return path;
}

async function readManifest(dir: string): Promise<{ file: string; m: SupernetManifest }> {
  const file = join(dir, SUPERNET_MANIFEST);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new EvaluationError(`Cannot read the supernet manifest ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (typeof raw !== 'object' || raw === null) corrupt(file, [], 'an object', raw);
  const m = raw as Record<string, unknown>;
  if (m['format'] !== FORMAT) corrupt(file, ['format'], `"${FORMAT}"`, m['format']);
  if (m['version'] !== VERSION) corrupt(file, ['version'], String(VERSION), m['version']);
  if (typeof m['weightsFile'] !== 'string' || !/^[\w.-]+$/.test(m['weightsFile']))
    corrupt(file, ['weightsFile'], 'a file name', m['weightsFile']);
  if (!Array.isArray(m['training'])) corrupt(file, ['training'], 'an array of training runs', m['training']);
  (m['training'] as unknown[]).forEach((r, i) => {
    const run = r as Partial<SupernetTrainingRecord> | null;
    if (
      run === null ||
      typeof run !== 'object' ||
      !Number.isSafeInteger(run.steps) ||
      typeof run.recipe !== 'object' ||
      run.recipe === null
    ) {
      corrupt(file, ['training', i], '{ steps, recipe }', r);
    }
  });
  if (!Array.isArray(m['weights'])) corrupt(file, ['weights'], 'an array of { key, shape }', m['weights']);
  return { file, m: raw as SupernetManifest };
}

/**
 * Reads a supernet state written by {@link writeSupernetFiles}. Validates the manifest
 * (format, version, space options, every weight's key and shape against the
 * space's allocation, the size of the weights file) before creating any
 * tensor.
 *
 * @throws EvaluationError naming the bad manifest field, or when a file cannot be read;
 *   InvalidSpaceError when the saved space is invalid (path under `space`) or is not `options.space`
 *   (path of the first differing field, under `space`).
 */
export async function readSupernetFiles(dir: string, options: LoadSupernetOptions = {}): Promise<SupernetState> {
  const { file, m } = await readManifest(dir);
  let resolved: ReturnType<typeof resolveSupernetOptions>;
  try {
    resolved = resolveSupernetOptions({ space: m.space, seed: m.seed, bnEpsilon: m.bnEpsilon });
  } catch (error) {
    if (error instanceof MnasError)
      throw new EvaluationError(`Invalid supernet manifest ${file}: ${error.message}`, { path: error.path, cause: error });
    throw error;
  }
  if (options.space !== undefined) {
    const expected = resolveSupernetOptions({ space: options.space }).resolvedSpace;
    const diff = firstDifference(expected, resolved.resolvedSpace);
    if (diff !== undefined) {
      throw new InvalidSpaceError(`The supernet in ${dir} was trained for another space: it differs at space.${diff.join('.')}`, {
        path: ['space', ...diff],
      });
    }
  }
  const slots = allocateWeights(resolved.resolvedSpace);
  if (m.weights.length !== slots.length)
    corrupt(file, ['weights'], `${slots.length} weights for this space`, `${m.weights.length} weights`);
  slots.forEach((slot, i) => {
    const w = m.weights[i];
    if (w?.key !== slot.key) corrupt(file, ['weights', i, 'key'], `"${slot.key}"`, w?.key);
    if (stableStringify(w.shape) !== stableStringify(slot.shape))
      corrupt(file, ['weights', i, 'shape'], `[${slot.shape.join(', ')}]`, w.shape);
  });
  const weightsPath = join(dir, m.weightsFile);
  let bytes: Buffer;
  try {
    bytes = await readFile(weightsPath);
  } catch (error) {
    throw new EvaluationError(
      `Cannot read the supernet weights ${weightsPath}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const total = slots.reduce((n, s) => n + s.shape.reduce((a, d) => a * d, 1), 0);
  if (bytes.byteLength !== total * 4) corrupt(file, ['weightsFile'], `a file of ${total * 4} bytes`, `${bytes.byteLength} bytes`);
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const weights = new Map<string, tf.Variable>();
  let offset = 0;
  for (const slot of slots) {
    const size = slot.shape.reduce((a, d) => a * d, 1);
    weights.set(
      slot.key,
      tf.tidy(() => tf.variable(tf.tensor(data.subarray(offset, offset + size), [...slot.shape]))),
    );
    offset += size;
  }
  return { options: { space: m.space, seed: m.seed, bnEpsilon: m.bnEpsilon }, weights, history: m.training };
}

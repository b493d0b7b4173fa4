/**
 * The data of `--data`: MNIST or Fashion-MNIST by name, or a dataset folder
 * (images in class subfolders, a `.npy` pair, IDX files), loaded and checked
 * once before anything else runs, with its class names and fingerprint.
 *
 * @module
 */

import * as api from '../index.js';
import type { ImageDataset, ProxyTrainerOptions } from '../index.js';

/** The datasets `--data` names; anything else is a folder. */
export const NAMED_DATA = ['mnist', 'fashion-mnist'] as const;

const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** What a search, an export or a worker trains on. */
export interface CliData {
  /** How the data is named in messages (`MNIST`, `photos/ (image folder)`). */
  readonly title: string;
  /** `[inputSize, inputSize, channels]`: channels 1 for the named sets, the images' for a folder. */
  readonly inputShape: readonly [number, number, number];
  readonly classNames: readonly string[];
  /** The folder's fingerprint (`datasetFingerprint`); undefined for the named sets, which ship with the package or Debian. */
  readonly fingerprint: string | undefined;
  /** The trainer's `dataset` and `validation`. */
  readonly source: { readonly dataset: api.DatasetSource; readonly validation?: ImageDataset };
}

/** The parts of the config the data depends on. */
export interface DataConfig {
  readonly data: string;
  readonly inputSize: number;
  readonly seed: number;
  readonly training: { readonly validationSize: number };
}

/** Whether `data` names a dataset folder rather than MNIST or Fashion-MNIST. */
export function isDataFolder(data: string): boolean {
  return !(NAMED_DATA as readonly string[]).includes(data);
}

/**
 * Loads the data of `config.data`: a named set lazily (the trainer reads it
 * on first use), a folder now and whole: resized to `inputSize`, its
 * channels kept, split by class (a fifth held out for validation, at most
 * `training.validationSize` images) with the run's seed.
 *
 * @throws InvalidDatasetError naming the folder or file when the data cannot be used.
 */
export function loadCliData(config: DataConfig): CliData {
  const s = config.inputSize;
  if (config.data === 'mnist' || config.data === 'fashion-mnist') {
    const fashion = config.data === 'fashion-mnist';
    return {
      title: fashion ? 'Fashion-MNIST' : 'MNIST',
      inputShape: [s, s, 1],
      classNames: fashion ? FASHION_CLASSES : Array.from({ length: 10 }, (_, i) => String(i)),
      fingerprint: undefined,
      source: { dataset: config.data },
    };
  }
  const loaded = api.loadDataset(config.data, {
    inputShape: [s, s],
    maxValidationSize: config.training.validationSize,
    seed: config.seed,
  });
  return {
    title: `${config.data} (${loaded.layout}, ${loaded.classNames.length} classes, ${loaded.train.count + loaded.validation.count} images)`,
    inputShape: loaded.train.imageShape,
    classNames: loaded.classNames,
    fingerprint: loaded.fingerprint,
    source: { dataset: loaded.train, validation: loaded.validation },
  };
}

/**
 * Loads the data of a config recorded with a fingerprint (a resumed search,
 * a worker's recipe, an export) and checks it is the same data.
 *
 * @throws InvalidConfigError when the folder's fingerprint differs from `expected`.
 */
export function loadRecordedData(config: DataConfig, expected: string | undefined, where: string): CliData {
  const data = loadCliData(config);
  if (expected !== undefined && data.fingerprint !== expected) {
    throw new api.InvalidConfigError(
      `Invalid --data: ${config.data} is not the data ${where} (its fingerprint is ${data.fingerprint ?? 'none'}, expected ${expected}); ` +
        'give the same files, or start a new search',
      { path: ['data'], expected, received: data.fingerprint },
    );
  }
  return data;
}

/** The trainer options' data part: `dataset`, and `validation` for a folder. */
export function trainerData(data: CliData): Pick<ProxyTrainerOptions, 'dataset' | 'validation'> {
  return data.source.validation === undefined
    ? { dataset: data.source.dataset }
    : { dataset: data.source.dataset, validation: data.source.validation };
}

/**
 * The data `mnas-ts export` trains on and takes its labels from: `--data`
 * when given, else the data the journal's search ran on (a folder checked
 * against the fingerprint the journal recorded), else MNIST.
 *
 * @param meta - the journal header's `meta` (a CLI search records its config there).
 * @throws InvalidDatasetError or InvalidConfigError as {@link loadRecordedData}.
 */
export function exportData(meta: unknown, flag: string | undefined): CliData {
  const recorded = (meta as { config?: Partial<DataConfig> & { dataFingerprint?: string } } | undefined)?.config ?? {};
  const config: DataConfig = {
    data: flag ?? recorded.data ?? 'mnist',
    inputSize: recorded.inputSize ?? 28,
    seed: recorded.seed ?? 0,
    training: { validationSize: recorded.training?.validationSize ?? 1000 },
  };
  if (flag !== undefined) return loadCliData(config);
  try {
    return loadRecordedData(config, recorded.dataFingerprint, 'the journal recorded');
  } catch (cause) {
    if (!(cause instanceof api.InvalidDatasetError) || cause.problem !== 'missing') throw cause;
    throw new api.InvalidConfigError(
      `The journal's data folder ${config.data} is not found from here (${cause.message}): give its place with --data <dir>`,
      { path: ['data'], cause },
    );
  }
}

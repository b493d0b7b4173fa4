/**
 * `mnas-ts export`: the best architecture of a journal as a tfjs model
 * (`model.json` + `weights.bin`, through an IOHandler that writes with `fs`,
 * since `@tensorflow/tfjs-node`'s `file://` handler is not available), as
 * a `.tflite` flatbuffer and as an `.onnx` model.
 *
 * @module
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../tfjs.js';
import {
  ExportError,
  InvalidConfigError,
  ProxyTrainer,
  bestTrial,
  buildModel,
  disposeModel,
  isArchitecture,
  toOnnx,
  toTflite,
} from '../index.js';
import type { Architecture, JournalContents, ProxyTrainerOptions, Trial } from '../index.js';
import type { NamedPath } from './output-paths.js';

/**
 * A tfjs IOHandler that saves `model.json` and one `weights.bin` into `dir`
 * (the layout `tf.loadLayersModel` and tfjs-converter read).
 *
 * @example await model.save(fileSaveHandler('out/model'));
 */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      await mkdir(dir, { recursive: true });
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
        ...(artifacts.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: artifacts.userDefinedMetadata }),
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
      await writeFile(join(dir, 'weights.bin'), new Uint8Array(weightData));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData }) };
    },
  };
}

/** A model format `mnas-ts export` writes: the tfjs model, the `.tflite` file, the `.onnx` file. */
export type ExportFormat = 'tfjs' | 'tflite' | 'onnx';

/** Every {@link ExportFormat}, in the order files are written. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['tfjs', 'tflite', 'onnx'];

/** The files {@link exportBest} may write into its folder. */
export const EXPORT_FILES = [
  'model.json',
  'weights.bin',
  'model.tflite',
  'model.onnx',
  'architecture.json',
  'export.json',
  'labels.json',
] as const;

/** The folder `dir` and the files {@link exportBest} writes into it, as outputs of `flag`. */
export function exportOutputs(dir: string, flag: string): NamedPath[] {
  return [{ flag, path: dir }, ...EXPORT_FILES.map((name) => ({ flag, path: join(dir, name) }))];
}

/** Files written by {@link exportBest}. */
export interface ExportedFiles {
  readonly trial: Trial<unknown>;
  /** Every model file written, in the order of {@link EXPORT_FORMATS}. */
  readonly paths: readonly string[];
  /** `labels.json`, when class names were given. */
  readonly labels?: string;
  /** Validation accuracy after training for export (when `train` was given). */
  readonly accuracy?: number;
}

/** Options of {@link exportBest}. */
export interface ExportBestOptions {
  /** Export this trial instead of the best. */
  readonly trialIndex?: number;
  /** Seed of the initial weights. @defaultValue 0 */
  readonly seed?: number;
  /**
   * Train with a {@link ProxyTrainer} of these options (MNIST unless `dataset`
   * says otherwise) before export; without it the weights are freshly initialized.
   */
  readonly train?: ProxyTrainerOptions;
  /** Aborts the training (then nothing is written but the folder). @defaultValue none */
  readonly signal?: AbortSignal;
  /** The class names, in the classifier's output order, written to `labels.json`. @defaultValue none (no labels.json) */
  readonly labels?: readonly string[];
  /** Model formats to write. @defaultValue every format: `['tfjs', 'tflite', 'onnx']` */
  readonly formats?: readonly ExportFormat[];
}

/**
 * The training `mnas-ts export --train-steps <steps>` does: Adam with a
 * cosine learning rate from 0.005, batches of 32, on 8,000 images of `data`
 * (MNIST unless given), validated on 1,000 others (a dataset folder: its own
 * validation images), seed 0.
 *
 * @example exportBest(contents, 'out', { train: exportTraining(500) });
 */
export function exportTraining(
  steps: number,
  data: Pick<ProxyTrainerOptions, 'dataset' | 'validation'> = { dataset: 'mnist' },
): ProxyTrainerOptions {
  return {
    ...data,
    optimizer: 'adam',
    schedule: 'cosine',
    learningRate: 0.005,
    steps,
    batchSize: 32,
    trainSize: 8000,
    validationSize: 1000,
    seed: 0,
  };
}

/** The training options as export.json records them: a dataset by its name and size, not its pixels. */
function describeTraining(train: ProxyTrainerOptions): unknown {
  const { dataset, validation, ...rest } = train;
  const name = (ds: typeof dataset): unknown =>
    typeof ds === 'object' ? { name: ds.name, count: ds.count, imageShape: ds.imageShape } : ds;
  return {
    ...rest,
    ...(dataset === undefined ? {} : { dataset: name(dataset) }),
    ...(validation === undefined ? {} : { validation: name(validation) }),
  };
}

/**
 * Writes the best (or the given) trial's architecture to `dir`: the tfjs
 * model (`model.json`, `weights.bin`), `model.tflite`, `model.onnx` (those of
 * `formats`), `architecture.json`, `export.json` and, with `labels`,
 * `labels.json` (the class names in output order). A search keeps
 * architectures, not the proxy-trained weights: with `train` the model is
 * trained first (through {@link ProxyTrainer.train}, softmax output),
 * otherwise its weights are freshly initialized (seeded).
 *
 * @throws InvalidConfigError when the trial does not exist or is not an Architecture (a tabular benchmark);
 *   AbortError when `options.signal` aborts the training.
 */
export async function exportBest(contents: JournalContents<unknown>, dir: string, options: ExportBestOptions = {}): Promise<ExportedFiles> {
  const { trialIndex, seed = 0, formats = EXPORT_FORMATS } = options;
  const trial: Trial<unknown> | undefined =
    trialIndex === undefined ? bestTrial(contents.trials) : contents.trials.find((t) => t.index === trialIndex);
  if (trial === undefined) {
    throw new InvalidConfigError(
      trialIndex === undefined
        ? 'The journal has no successful trial to export'
        : `Invalid --trial: no trial #${trialIndex} in the journal`,
      {
        path: ['trial'],
      },
    );
  }
  if (!isArchitecture(trial.value)) {
    throw new InvalidConfigError(`Trial #${trial.index} is not an Architecture (a tabular benchmark cell cannot be exported)`, {
      path: ['trial'],
    });
  }
  const arch = trial.value as Architecture;
  await mkdir(dir, { recursive: true });
  let accuracy: number | undefined;
  let model: tf.LayersModel;
  if (options.train === undefined) model = buildModel(arch, { seed });
  else {
    const trained = await new ProxyTrainer(options.train).train(arch, {
      output: 'softmax',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    ({ model } = trained);
    accuracy = trained.result.accuracy;
  }
  const paths: string[] = [];
  try {
    if (formats.includes('tfjs')) {
      await model.save(fileSaveHandler(dir));
      paths.push(join(dir, 'model.json'), join(dir, 'weights.bin'));
    }
    if (formats.includes('tflite')) {
      await writeFile(join(dir, 'model.tflite'), toTflite(model));
      paths.push(join(dir, 'model.tflite'));
    }
    if (formats.includes('onnx')) {
      await writeFile(join(dir, 'model.onnx'), toOnnx(model));
      paths.push(join(dir, 'model.onnx'));
    }
  } catch (cause) {
    throw cause instanceof ExportError
      ? cause
      : new ExportError(`Export of trial #${trial.index} failed: ${(cause as Error).message}`, { cause });
  } finally {
    disposeModel(model);
  }
  await writeFile(join(dir, 'architecture.json'), `${JSON.stringify(arch, null, 2)}\n`);
  const labels = options.labels === undefined ? undefined : join(dir, 'labels.json');
  if (labels !== undefined) await writeFile(labels, `${JSON.stringify(options.labels, null, 2)}\n`);
  const info = {
    trial: trial.index,
    searchAccuracy: trial.accuracy,
    latencyMs: trial.latencyMs,
    trained: options.train === undefined ? null : describeTraining(options.train),
    accuracy: accuracy ?? null,
  };
  await writeFile(join(dir, 'export.json'), `${JSON.stringify(info, null, 2)}\n`);
  const files = { trial, paths, ...(labels === undefined ? {} : { labels }) };
  return accuracy === undefined ? files : { ...files, accuracy };
}

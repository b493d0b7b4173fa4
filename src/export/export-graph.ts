/**
 * The path every exporter shares: an Architecture or a tfjs model to the
 * intermediate graph (optimized when asked), handed to a format writer.
 *
 * @module
 */

import * as tf from '../tfjs.js';
import { buildModel } from '../blocks/index.js';
import type { BuildModelOptions } from '../blocks/index.js';
import { ExportError, MnasError } from '../errors.js';
import type { Architecture } from '../space/types.js';
import { layersToIr } from './layers-to-ir.js';
import { optimizeIr } from './optimize-ir.js';
import type { IrGraph } from './tflite-ir.js';

/** What {@link exportGraph} needs of an exporter's resolved options. */
export interface ExportGraphOptions {
  readonly batchSize: number;
  readonly buildOptions: BuildModelOptions;
  readonly optimize: boolean;
}

function isLayersModel(value: unknown): value is tf.LayersModel {
  return (
    value instanceof tf.LayersModel ||
    (typeof value === 'object' && value !== null && 'layers' in value && 'inputs' in value && 'outputs' in value)
  );
}

/**
 * Converts `archOrModel` to an {@link IrGraph} and returns what `write` makes of it.
 * An Architecture is built with `options.buildOptions` and disposed afterwards; a
 * model is left to its caller.
 *
 * @throws ExportError on an unsupported layer or configuration, or when `write` fails
 *   with anything but an MnasError; InvalidArchitectureError on a bad architecture.
 */
export function exportGraph(
  archOrModel: Architecture | tf.LayersModel,
  options: ExportGraphOptions,
  write: (graph: IrGraph) => Uint8Array,
): Uint8Array {
  if (isLayersModel(archOrModel)) return exportModel(archOrModel, options, write);
  const model = buildModel(archOrModel, options.buildOptions);
  try {
    return exportModel(model, options, write);
  } finally {
    model.dispose();
  }
}

function exportModel(model: tf.LayersModel, options: ExportGraphOptions, write: (graph: IrGraph) => Uint8Array): Uint8Array {
  try {
    const graph = layersToIr(model, options.batchSize);
    if (options.optimize) optimizeIr(graph);
    return write(graph);
  } catch (error) {
    if (error instanceof MnasError) throw error;
    throw new ExportError(`Cannot export model "${model.name}": ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

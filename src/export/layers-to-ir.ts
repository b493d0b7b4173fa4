/**
 * Walks a tfjs `LayersModel`'s layer graph (through each layer's inbound
 * nodes, so any functional topology works) and converts it to the
 * intermediate graph of {@link IrGraph}.
 *
 * @module
 */

import type * as tf from '../tfjs.js';
import { ExportError } from '../errors.js';
import { LAYER_CONVERTERS, addValue } from './layer-converters.js';
import type { IrGraph } from './tflite-ir.js';

/** The parts of a tfjs symbolic tensor used here. */
interface SymbolicLike {
  readonly id: number;
  readonly shape: readonly (number | null)[];
}

/** The parts of a tfjs layer node used here. */
interface NodeLike {
  readonly inputTensors: readonly SymbolicLike[];
  readonly outputTensors: readonly SymbolicLike[];
}

function staticShape(sym: SymbolicLike, batchSize: number, path: readonly (string | number)[]): number[] {
  return sym.shape.map((d, i) => {
    if (d !== null && d !== undefined && d >= 0) return d;
    if (i === 0) return batchSize;
    throw new ExportError(`Cannot export a model with an unknown dimension ${i} in shape ${JSON.stringify(sym.shape)}`, { path });
  });
}

function inboundNodes(layer: tf.layers.Layer): readonly NodeLike[] {
  return (layer as unknown as { inboundNodes: readonly NodeLike[] }).inboundNodes;
}

/**
 * Converts `model` to an {@link IrGraph}: one value per symbolic tensor,
 * operators in an order where every operator follows its inputs' producers.
 *
 * @param batchSize - the batch dimension given to shapes left open (`null`) by tfjs.
 * @throws ExportError on a layer class with no converter, an unsupported
 *   configuration, an unknown non-batch dimension, or a graph that cannot be ordered.
 */
export function layersToIr(model: tf.LayersModel, batchSize: number): IrGraph {
  const graph: IrGraph = { values: [], ops: [], inputs: [], outputs: [] };
  const valueIndexOf = new Map<number, number>();
  model.inputs.forEach((sym, i) => {
    const id = addValue(graph, model.inputNames[i] ?? `input_${i}`, staticShape(sym, batchSize, ['inputs', i]));
    valueIndexOf.set(sym.id, id);
    graph.inputs.push(id);
  });
  const pending: { layer: tf.layers.Layer; node: NodeLike; index: number }[] = [];
  model.layers.forEach((layer, index) => {
    if (layer.getClassName() === 'InputLayer') return;
    if (LAYER_CONVERTERS[layer.getClassName()] === undefined) {
      throw new ExportError(`Cannot export layer "${layer.name}": layer class ${layer.getClassName()} is not supported`, {
        path: ['layers', index],
      });
    }
    for (const node of inboundNodes(layer)) pending.push({ layer, node, index });
  });
  // Nodes of layers outside this model (a layer reused elsewhere) never become ready; they are skipped.
  let progress = true;
  while (progress) {
    progress = false;
    for (let k = 0; k < pending.length; k++) {
      const item = pending[k]!;
      const { node, layer, index } = item;
      if (node.outputTensors.every((t) => valueIndexOf.has(t.id))) continue;
      if (!node.inputTensors.every((t) => valueIndexOf.has(t.id))) continue;
      if (node.outputTensors.length !== 1) {
        throw new ExportError(`Cannot export layer "${layer.name}": layers with ${node.outputTensors.length} outputs are not supported`, {
          path: ['layers', index],
        });
      }
      const out = node.outputTensors[0]!;
      const path = ['layers', index];
      const id = LAYER_CONVERTERS[layer.getClassName()]!({
        graph,
        layer,
        config: layer.getConfig() as Record<string, unknown>,
        inputs: node.inputTensors.map((t) => valueIndexOf.get(t.id)!),
        outputShape: staticShape(out, batchSize, path),
        path,
      });
      valueIndexOf.set(out.id, id);
      progress = true;
    }
  }
  model.outputs.forEach((sym, i) => {
    const id = valueIndexOf.get(sym.id);
    if (id === undefined)
      throw new ExportError(`Cannot export: model output ${i} is not reachable from the inputs`, { path: ['outputs', i] });
    graph.outputs.push(id);
  });
  return graph;
}

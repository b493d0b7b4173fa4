/**
 * Inference-time rewrites of an {@link IrGraph}, as the TFLite converter does
 * them: batch norms folded into the preceding convolution or dense layer's
 * weights and bias, and ReLU/ReLU6 fused into the operator that produces
 * their input.
 *
 * @module
 */

import type { IrGraph, IrOp } from './tflite-ir.js';
import { opInputs } from './tflite-ir.js';
import { foldAffine } from './weights.js';

function consumerCounts(graph: IrGraph): Map<number, number> {
  const counts = new Map<number, number>();
  for (const op of graph.ops) for (const v of opInputs(op)) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const v of graph.outputs) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** The operator whose output is `value`, when only `consumer` reads it. */
function soleProducer(graph: IrGraph, counts: Map<number, number>, value: number): IrOp | undefined {
  if (counts.get(value) !== 1) return undefined;
  return graph.ops.find((op) => op.output === value);
}

function channelOf(op: IrOp): ((i: number) => number) | undefined {
  if (op.kind === 'conv2d') {
    const per = op.filterShape[1] * op.filterShape[2] * op.filterShape[3];
    return (i) => Math.floor(i / per);
  }
  if (op.kind === 'dwconv') {
    const channels = op.filterShape[3];
    return (i) => i % channels;
  }
  if (op.kind === 'dense') {
    const per = op.weightsShape[1];
    return (i) => Math.floor(i / per);
  }
  return undefined;
}

/**
 * Folds every per-channel affine (batch norm) whose input is produced by a
 * `conv2d`, `dwconv` or `dense` with no fused activation and read by nothing
 * else: the producer's weights and bias absorb it and the affine disappears.
 */
export function foldBatchNorms(graph: IrGraph): void {
  const counts = consumerCounts(graph);
  const kept: IrOp[] = [];
  for (const op of graph.ops) {
    if (op.kind === 'affine') {
      const producer = soleProducer(graph, counts, op.input);
      const channels = producer === undefined ? undefined : channelOf(producer);
      if (producer !== undefined && channels !== undefined && 'act' in producer && producer.act === 'none') {
        if (producer.kind === 'dense') {
          const folded = foldAffine(producer.weights, producer.bias, op.scale, op.shift, channels);
          producer.weights = folded.weights;
          producer.bias = folded.bias;
        } else if (producer.kind === 'conv2d' || producer.kind === 'dwconv') {
          const folded = foldAffine(producer.filter, producer.bias, op.scale, op.shift, channels);
          producer.filter = folded.weights;
          producer.bias = folded.bias;
        }
        producer.output = op.output;
        continue;
      }
    }
    kept.push(op);
  }
  graph.ops = kept;
}

const FUSES_ACTIVATION = new Set<IrOp['kind']>(['conv2d', 'dwconv', 'dense', 'add', 'mul', 'avgpool', 'maxpool', 'concat']);

/**
 * Fuses every `relu`/`relu6` into the operator producing its input when that
 * operator supports a fused activation, has none yet, and nothing else reads
 * its output.
 */
export function fuseActivations(graph: IrGraph): void {
  const counts = consumerCounts(graph);
  const kept: IrOp[] = [];
  for (const op of graph.ops) {
    if (op.kind === 'relu' || op.kind === 'relu6') {
      const producer = soleProducer(graph, counts, op.input);
      if (producer !== undefined && FUSES_ACTIVATION.has(producer.kind) && 'act' in producer && producer.act === 'none') {
        producer.act = op.kind;
        producer.output = op.output;
        continue;
      }
    }
    kept.push(op);
  }
  graph.ops = kept;
}

/** Runs every rewrite, in order: batch-norm folding, then activation fusion. */
export function optimizeIr(graph: IrGraph): void {
  foldBatchNorms(graph);
  fuseActivations(graph);
}

/**
 * One converter per supported tfjs layer class: reads the layer's config and
 * weights and appends operators to the intermediate graph.
 *
 * @module
 */

import type * as tf from '../tfjs.js';
import { ExportError } from '../errors.js';
import type { FusedActivation, IrGraph, IrOp, IrWindow } from './tflite-ir.js';
import { batchNormAffine, hwioToOhwi, transpose2d } from './weights.js';

/** What a converter gets: the graph so far, the layer, its input value ids and output shape. */
export interface ConvertContext {
  readonly graph: IrGraph;
  readonly layer: tf.layers.Layer;
  readonly config: Record<string, unknown>;
  readonly inputs: readonly number[];
  readonly outputShape: readonly number[];
  /** Path for error messages, e.g. `['layers', 12]`. */
  readonly path: readonly (string | number)[];
}

/** A converter returns the id of the value holding the layer's output. */
export type LayerConverter = (ctx: ConvertContext) => number;

function fail(ctx: ConvertContext, what: string): never {
  throw new ExportError(`Cannot export layer "${ctx.layer.name}" (${ctx.layer.getClassName()}): ${what}`, { path: ctx.path });
}

/** Adds a value with the layer's name (and a suffix for intermediates) and returns its id. */
export function addValue(graph: IrGraph, name: string, shape: readonly number[]): number {
  const id = graph.values.length;
  graph.values.push({ id, name, shape: [...shape] });
  return id;
}

function weightsOf(ctx: ConvertContext): Float32Array[] {
  return ctx.layer.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
}

function pair(ctx: ConvertContext, key: string, fallback?: number): [number, number] {
  const v = ctx.config[key] ?? fallback;
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0] as number, v[1] as number];
  return fail(ctx, `expected ${key} to be a number or a pair, received ${JSON.stringify(v)}`);
}

function windowOf(ctx: ConvertContext, stridesKey = 'strides'): IrWindow {
  const padding = ctx.config['padding'];
  if (padding !== 'same' && padding !== 'valid') fail(ctx, `padding ${JSON.stringify(padding)} is not supported (same or valid)`);
  const format = ctx.config['dataFormat'];
  if (format !== undefined && format !== 'channelsLast') fail(ctx, `dataFormat ${JSON.stringify(format)} is not supported (channelsLast)`);
  const dilation = ctx.config['dilationRate'] === undefined ? ([1, 1] as [number, number]) : pair(ctx, 'dilationRate');
  return { padding, strides: pair(ctx, stridesKey, 1), dilation };
}

/**
 * Appends `op` (whose output is set here) followed by the activation named
 * `activation` (a tfjs activation identifier): ReLU/ReLU6 are fused into `op`,
 * sigmoid and softmax become their own operators.
 */
function emitWithActivation(ctx: ConvertContext, op: IrOp & { act: FusedActivation }, activation: unknown): number {
  const name = ctx.layer.name;
  const act = activation ?? 'linear';
  if (act === 'linear' || act === 'relu' || act === 'relu6') {
    op.act = act === 'linear' ? 'none' : act;
    op.output = addValue(ctx.graph, name, ctx.outputShape);
    ctx.graph.ops.push(op);
    return op.output;
  }
  if (act !== 'sigmoid' && act !== 'softmax' && act !== 'swish') fail(ctx, `activation ${JSON.stringify(act)} is not supported`);
  op.output = addValue(ctx.graph, `${name}/pre_activation`, ctx.outputShape);
  ctx.graph.ops.push(op);
  if (act === 'swish') return swish(ctx, op.output);
  const output = addValue(ctx.graph, name, ctx.outputShape);
  ctx.graph.ops.push({ kind: act === 'sigmoid' ? 'logistic' : 'softmax', input: op.output, output });
  return output;
}

/** Swish (Ramachandran et al. 2017), `x * sigmoid(x)`, as a logistic and a multiply; the product is the layer's output. */
function swish(ctx: ConvertContext, input: number): number {
  const gate = addValue(ctx.graph, `${ctx.layer.name}/sigmoid`, ctx.outputShape);
  ctx.graph.ops.push({ kind: 'logistic', input, output: gate });
  const output = addValue(ctx.graph, ctx.layer.name, ctx.outputShape);
  ctx.graph.ops.push({ kind: 'mul', inputs: [input, gate], output, act: 'none' });
  return output;
}

function biasOrZeros(ctx: ConvertContext, weights: Float32Array[], channels: number): Float32Array {
  const useBias = ctx.config['useBias'] !== false;
  const bias = useBias ? weights[1] : undefined;
  if (useBias && bias?.length !== channels) fail(ctx, `expected a bias of ${channels} values`);
  return bias ?? new Float32Array(channels);
}

const conv2d: LayerConverter = (ctx) => {
  const w = weightsOf(ctx);
  const kernel = w[0];
  const shape = ctx.layer.getWeights()[0]?.shape;
  if (kernel === undefined || shape?.length !== 4) return fail(ctx, 'expected a 4-D kernel');
  const hwio = shape as [number, number, number, number];
  const groups = ctx.config['groups'];
  if (groups !== undefined && groups !== 1) fail(ctx, `groups ${String(groups)} is not supported`);
  const op: IrOp & { act: FusedActivation } = {
    kind: 'conv2d',
    input: ctx.inputs[0]!,
    output: -1,
    ...windowOf(ctx),
    filter: hwioToOhwi(kernel, hwio),
    filterShape: [hwio[3], hwio[0], hwio[1], hwio[2]],
    bias: biasOrZeros(ctx, w, hwio[3]),
    act: 'none',
  };
  return emitWithActivation(ctx, op, ctx.config['activation']);
};

const depthwiseConv2d: LayerConverter = (ctx) => {
  const w = weightsOf(ctx);
  const kernel = w[0];
  const shape = ctx.layer.getWeights()[0]?.shape;
  if (kernel === undefined || shape?.length !== 4) return fail(ctx, 'expected a 4-D depthwise kernel');
  const [kh, kw, cin, mult] = shape as [number, number, number, number];
  const op: IrOp & { act: FusedActivation } = {
    kind: 'dwconv',
    input: ctx.inputs[0]!,
    output: -1,
    ...windowOf(ctx),
    // [kh, kw, in, mult] and [1, kh, kw, in * mult] share one memory order.
    filter: kernel,
    filterShape: [1, kh, kw, cin * mult],
    multiplier: mult,
    bias: biasOrZeros(ctx, w, cin * mult),
    act: 'none',
  };
  return emitWithActivation(ctx, op, ctx.config['activation']);
};

const dense: LayerConverter = (ctx) => {
  const w = weightsOf(ctx);
  const kernel = w[0];
  const shape = ctx.layer.getWeights()[0]?.shape;
  if (kernel === undefined || shape?.length !== 2) return fail(ctx, 'expected a 2-D kernel');
  const inputRank = ctx.graph.values[ctx.inputs[0]!]!.shape.length;
  if (inputRank !== 2) fail(ctx, `expected a rank-2 input, received rank ${inputRank}`);
  const [cin, cout] = shape as [number, number];
  const op: IrOp & { act: FusedActivation } = {
    kind: 'dense',
    input: ctx.inputs[0]!,
    output: -1,
    weights: transpose2d(kernel, cin, cout),
    weightsShape: [cout, cin],
    bias: biasOrZeros(ctx, w, cout),
    act: 'none',
  };
  return emitWithActivation(ctx, op, ctx.config['activation']);
};

const batchNormalization: LayerConverter = (ctx) => {
  const rank = ctx.outputShape.length;
  const axis = ctx.config['axis'];
  if (axis !== -1 && axis !== rank - 1) fail(ctx, `only the last axis can be normalized, received axis ${JSON.stringify(axis)}`);
  const w = weightsOf(ctx);
  const scaled = ctx.config['scale'] !== false;
  const centered = ctx.config['center'] !== false;
  let i = 0;
  const gamma = scaled ? w[i++] : undefined;
  const beta = centered ? w[i++] : undefined;
  const mean = w[i++];
  const variance = w[i++];
  if (mean === undefined || variance === undefined) return fail(ctx, 'expected moving mean and variance weights');
  const { scale, shift } = batchNormAffine(gamma, beta, mean, variance, Number(ctx.config['epsilon'] ?? 1e-3));
  const output = addValue(ctx.graph, ctx.layer.name, ctx.outputShape);
  ctx.graph.ops.push({ kind: 'affine', input: ctx.inputs[0]!, output, scale, shift });
  return output;
};

function activationOp(ctx: ConvertContext, kind: 'relu' | 'relu6' | 'logistic' | 'softmax'): number {
  const output = addValue(ctx.graph, ctx.layer.name, ctx.outputShape);
  ctx.graph.ops.push({ kind, input: ctx.inputs[0]!, output });
  return output;
}

const relu: LayerConverter = (ctx) => {
  const max = ctx.config['maxValue'];
  if (max === undefined || max === null) return activationOp(ctx, 'relu');
  if (max === 6) return activationOp(ctx, 'relu6');
  return fail(ctx, `maxValue ${JSON.stringify(max)} is not supported (none or 6)`);
};

const activation: LayerConverter = (ctx) => {
  const act = ctx.config['activation'];
  if (act === 'linear') return ctx.inputs[0]!;
  if (act === 'relu' || act === 'relu6') return activationOp(ctx, act);
  if (act === 'sigmoid') return activationOp(ctx, 'logistic');
  if (act === 'softmax') return activationOp(ctx, 'softmax');
  if (act === 'swish') return swish(ctx, ctx.inputs[0]!);
  return fail(ctx, `activation ${JSON.stringify(act)} is not supported`);
};

function binary(kind: 'add' | 'mul'): LayerConverter {
  return (ctx) => {
    if (ctx.inputs.length < 2) fail(ctx, `expected at least 2 inputs, received ${ctx.inputs.length}`);
    let acc = ctx.inputs[0]!;
    for (let k = 1; k < ctx.inputs.length; k++) {
      const last = k === ctx.inputs.length - 1;
      const output = addValue(ctx.graph, last ? ctx.layer.name : `${ctx.layer.name}/${k}`, ctx.outputShape);
      ctx.graph.ops.push({ kind, inputs: [acc, ctx.inputs[k]!], output, act: 'none' });
      acc = output;
    }
    return acc;
  };
}

const globalAveragePooling2d: LayerConverter = (ctx) => {
  const format = ctx.config['dataFormat'];
  if (format !== undefined && format !== 'channelsLast') fail(ctx, `dataFormat ${JSON.stringify(format)} is not supported`);
  const output = addValue(ctx.graph, ctx.layer.name, ctx.outputShape);
  ctx.graph.ops.push({ kind: 'mean', input: ctx.inputs[0]!, output, axes: [1, 2], keepDims: ctx.outputShape.length === 4 });
  return output;
};

function pooling(kind: 'avgpool' | 'maxpool'): LayerConverter {
  return (ctx) => {
    const output = addValue(ctx.graph, ctx.layer.name, ctx.outputShape);
    const pool = pair(ctx, 'poolSize');
    const window = windowOf(ctx);
    ctx.graph.ops.push({
      kind,
      input: ctx.inputs[0]!,
      output,
      ...window,
      strides: ctx.config['strides'] == null ? pool : window.strides,
      pool,
      act: 'none',
    });
    return output;
  };
}

const concatenate: LayerConverter = (ctx) => {
  const rank = ctx.outputShape.length;
  const axis = Number(ctx.config['axis'] ?? -1);
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank)
    fail(ctx, `axis ${String(ctx.config['axis'])} is out of range for rank ${rank}`);
  const output = addValue(ctx.graph, ctx.layer.name, ctx.outputShape);
  ctx.graph.ops.push({ kind: 'concat', inputs: [...ctx.inputs], output, axis: axis < 0 ? axis + rank : axis, act: 'none' });
  return output;
};

const zeroPadding2d: LayerConverter = (ctx) => {
  const format = ctx.config['dataFormat'];
  if (format !== undefined && format !== 'channelsLast') fail(ctx, `dataFormat ${JSON.stringify(format)} is not supported`);
  const p = ctx.config['padding'];
  const side = (v: unknown): [number, number] =>
    typeof v === 'number'
      ? [v, v]
      : Array.isArray(v) && v.length === 2
        ? [Number(v[0]), Number(v[1])]
        : fail(ctx, `padding ${JSON.stringify(p)} is not supported`);
  const [h, w] =
    typeof p === 'number'
      ? [[p, p] as [number, number], [p, p] as [number, number]]
      : Array.isArray(p) && p.length === 2
        ? [side(p[0]), side(p[1])]
        : fail(ctx, `padding ${JSON.stringify(p)} is not supported`);
  const output = addValue(ctx.graph, ctx.layer.name, ctx.outputShape);
  ctx.graph.ops.push({ kind: 'pad', input: ctx.inputs[0]!, output, paddings: [[0, 0], h, w, [0, 0]] });
  return output;
};

const reshape: LayerConverter = (ctx) => {
  const output = addValue(ctx.graph, ctx.layer.name, ctx.outputShape);
  ctx.graph.ops.push({ kind: 'reshape', input: ctx.inputs[0]!, output });
  return output;
};

const identity: LayerConverter = (ctx) => ctx.inputs[0]!;

/** The converters, by tfjs layer class name. */
export const LAYER_CONVERTERS: Readonly<Record<string, LayerConverter>> = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  Dense: dense,
  BatchNormalization: batchNormalization,
  ReLU: relu,
  Activation: activation,
  Add: binary('add'),
  Multiply: binary('mul'),
  GlobalAveragePooling2D: globalAveragePooling2d,
  AveragePooling2D: pooling('avgpool'),
  MaxPooling2D: pooling('maxpool'),
  Concatenate: concatenate,
  ZeroPadding2D: zeroPadding2d,
  Reshape: reshape,
  Flatten: reshape,
  Dropout: identity,
  SpatialDropout1D: identity,
};

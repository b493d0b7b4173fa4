/**
 * Lays an {@link IrGraph} out as TFLite sees it: the tensor table (runtime
 * values and constant weights), the buffer table, operator codes and the
 * operators with their builtin options. Plain data; `write-tflite.ts`
 * serializes it.
 *
 * @module
 */

import type { FusedActivation, IrGraph, IrOp, IrWindow } from './tflite-ir.js';
import { ActivationFunctionType, BuiltinOperator, type BuiltinOperatorCode, Padding, TensorType } from './tflite-schema.js';

/** A tensor of the subgraph. */
export interface PlannedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly type: number;
  /** Index into the buffer table; 0 (the empty sentinel) for runtime tensors. */
  readonly buffer: number;
}

/** Builtin options of an operator, tagged by the table name in the schema. */
export type PlannedOptions =
  | {
      readonly type: 'Conv2DOptions' | 'DepthwiseConv2DOptions';
      readonly padding: number;
      readonly strideW: number;
      readonly strideH: number;
      readonly dilationW: number;
      readonly dilationH: number;
      readonly act: number;
      readonly depthMultiplier: number;
    }
  | {
      readonly type: 'Pool2DOptions';
      readonly padding: number;
      readonly strideW: number;
      readonly strideH: number;
      readonly filterW: number;
      readonly filterH: number;
      readonly act: number;
    }
  | { readonly type: 'FullyConnectedOptions' | 'AddOptions' | 'MulOptions'; readonly act: number }
  | { readonly type: 'SoftmaxOptions'; readonly beta: number }
  | { readonly type: 'ReshapeOptions'; readonly newShape: readonly number[] }
  | { readonly type: 'ReducerOptions'; readonly keepDims: boolean }
  | { readonly type: 'ConcatenationOptions'; readonly axis: number; readonly act: number }
  | { readonly type: 'PadOptions' };

/** An operator of the subgraph. */
export interface PlannedOp {
  readonly opcodeIndex: number;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly options?: PlannedOptions;
}

/** The whole model, ready to serialize. */
export interface PlannedModel {
  /** Raw little-endian bytes of each buffer; entry 0 is the empty sentinel. */
  readonly buffers: Uint8Array[];
  readonly tensors: PlannedTensor[];
  readonly opcodes: { readonly code: BuiltinOperatorCode; readonly version: number }[];
  readonly ops: PlannedOp[];
  readonly inputs: number[];
  readonly outputs: number[];
}

const ACT: Record<FusedActivation, number> = {
  none: ActivationFunctionType.NONE,
  relu: ActivationFunctionType.RELU,
  relu6: ActivationFunctionType.RELU6,
};

function littleEndianBytes(data: Float32Array | Int32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  else data.forEach((v, i) => view.setInt32(i * 4, v, true));
  return out;
}

function windowOptions(w: IrWindow): { padding: number; strideW: number; strideH: number } {
  return { padding: w.padding === 'same' ? Padding.SAME : Padding.VALID, strideH: w.strides[0], strideW: w.strides[1] };
}

/** Builds the tables; see {@link PlannedModel}. */
export function planModel(graph: IrGraph): PlannedModel {
  const model: PlannedModel = { buffers: [new Uint8Array(0)], tensors: [], opcodes: [], ops: [], inputs: [], outputs: [] };
  const tensorOf = new Map<number, number>();
  const valueTensor = (id: number): number => {
    let t = tensorOf.get(id);
    if (t === undefined) {
      const v = graph.values[id]!;
      t = model.tensors.push({ name: v.name, shape: v.shape, type: TensorType.FLOAT32, buffer: 0 }) - 1;
      tensorOf.set(id, t);
    }
    return t;
  };
  const constant = (name: string, shape: readonly number[], data: Float32Array | Int32Array): number => {
    const buffer = model.buffers.push(littleEndianBytes(data)) - 1;
    const type = data instanceof Float32Array ? TensorType.FLOAT32 : TensorType.INT32;
    return model.tensors.push({ name, shape: [...shape], type, buffer }) - 1;
  };
  const temp = (name: string, shape: readonly number[]): number =>
    model.tensors.push({ name, shape: [...shape], type: TensorType.FLOAT32, buffer: 0 }) - 1;
  const opcode = (code: BuiltinOperatorCode, version = 1): number => {
    let i = model.opcodes.findIndex((c) => c.code === code && c.version === version);
    if (i < 0) i = model.opcodes.push({ code, version }) - 1;
    return i;
  };
  const emit = (code: BuiltinOperatorCode, inputs: number[], outputs: number[], options?: PlannedOptions, version = 1): void => {
    model.ops.push(
      options === undefined
        ? { opcodeIndex: opcode(code, version), inputs, outputs }
        : { opcodeIndex: opcode(code, version), inputs, outputs, options },
    );
  };
  for (const id of graph.inputs) model.inputs.push(valueTensor(id));
  for (const op of graph.ops) planOp(op, { graph, valueTensor, constant, temp, emit });
  for (const id of graph.outputs) model.outputs.push(valueTensor(id));
  return model;
}

interface PlanTools {
  readonly graph: IrGraph;
  valueTensor(id: number): number;
  constant(name: string, shape: readonly number[], data: Float32Array | Int32Array): number;
  temp(name: string, shape: readonly number[]): number;
  emit(code: BuiltinOperatorCode, inputs: number[], outputs: number[], options?: PlannedOptions, version?: number): void;
}

function planOp(op: IrOp, t: PlanTools): void {
  const outName = t.graph.values[op.output]!.name;
  const out = t.valueTensor(op.output);
  switch (op.kind) {
    case 'conv2d':
    case 'dwconv': {
      const conv = op.kind === 'conv2d';
      const x = t.valueTensor(op.input);
      const filter = t.constant(`${outName}/filter`, op.filterShape, op.filter);
      const bias = t.constant(`${outName}/bias`, [op.bias.length], op.bias);
      const dilated = op.dilation[0] !== 1 || op.dilation[1] !== 1;
      t.emit(
        conv ? BuiltinOperator.CONV_2D : BuiltinOperator.DEPTHWISE_CONV_2D,
        [x, filter, bias],
        [out],
        {
          type: conv ? 'Conv2DOptions' : 'DepthwiseConv2DOptions',
          ...windowOptions(op),
          dilationH: op.dilation[0],
          dilationW: op.dilation[1],
          act: ACT[op.act],
          depthMultiplier: op.kind === 'dwconv' ? op.multiplier : 0,
        },
        !conv && dilated ? 2 : 1,
      );
      return;
    }
    case 'dense': {
      const x = t.valueTensor(op.input);
      const w = t.constant(`${outName}/weights`, op.weightsShape, op.weights);
      const bias = t.constant(`${outName}/bias`, [op.bias.length], op.bias);
      t.emit(BuiltinOperator.FULLY_CONNECTED, [x, w, bias], [out], { type: 'FullyConnectedOptions', act: ACT[op.act] });
      return;
    }
    case 'add':
    case 'mul': {
      const inputs = op.inputs.map((i) => t.valueTensor(i));
      const add = op.kind === 'add';
      t.emit(add ? BuiltinOperator.ADD : BuiltinOperator.MUL, inputs, [out], { type: add ? 'AddOptions' : 'MulOptions', act: ACT[op.act] });
      return;
    }
    case 'affine': {
      const x = t.valueTensor(op.input);
      const shape = t.graph.values[op.output]!.shape;
      const scale = t.constant(`${outName}/scale`, [op.scale.length], op.scale);
      const shift = t.constant(`${outName}/shift`, [op.shift.length], op.shift);
      const scaled = t.temp(`${outName}/scaled`, shape);
      t.emit(BuiltinOperator.MUL, [x, scale], [scaled], { type: 'MulOptions', act: ACT.none });
      t.emit(BuiltinOperator.ADD, [scaled, shift], [out], { type: 'AddOptions', act: ACT.none });
      return;
    }
    case 'relu':
      t.emit(BuiltinOperator.RELU, [t.valueTensor(op.input)], [out]);
      return;
    case 'relu6':
      t.emit(BuiltinOperator.RELU6, [t.valueTensor(op.input)], [out]);
      return;
    case 'logistic':
      t.emit(BuiltinOperator.LOGISTIC, [t.valueTensor(op.input)], [out]);
      return;
    case 'softmax':
      t.emit(BuiltinOperator.SOFTMAX, [t.valueTensor(op.input)], [out], { type: 'SoftmaxOptions', beta: 1 });
      return;
    case 'mean': {
      const axes = t.constant(`${outName}/axes`, [op.axes.length], Int32Array.from(op.axes));
      t.emit(BuiltinOperator.MEAN, [t.valueTensor(op.input), axes], [out], { type: 'ReducerOptions', keepDims: op.keepDims });
      return;
    }
    case 'concat':
      t.emit(
        BuiltinOperator.CONCATENATION,
        op.inputs.map((i) => t.valueTensor(i)),
        [out],
        { type: 'ConcatenationOptions', axis: op.axis, act: ACT[op.act] },
      );
      return;
    case 'pad': {
      const paddings = t.constant(`${outName}/paddings`, [op.paddings.length, 2], Int32Array.from(op.paddings.flat()));
      t.emit(BuiltinOperator.PAD, [t.valueTensor(op.input), paddings], [out], { type: 'PadOptions' });
      return;
    }
    case 'avgpool':
    case 'maxpool':
      t.emit(op.kind === 'avgpool' ? BuiltinOperator.AVERAGE_POOL_2D : BuiltinOperator.MAX_POOL_2D, [t.valueTensor(op.input)], [out], {
        type: 'Pool2DOptions',
        ...windowOptions(op),
        filterH: op.pool[0],
        filterW: op.pool[1],
        act: ACT[op.act],
      });
      return;
    case 'reshape': {
      const shape = t.graph.values[op.output]!.shape;
      const target = t.constant(`${outName}/shape`, [shape.length], Int32Array.from(shape));
      t.emit(BuiltinOperator.RESHAPE, [t.valueTensor(op.input), target], [out], { type: 'ReshapeOptions', newShape: shape });
      return;
    }
  }
}

/**
 * Serializes an {@link IrGraph} to a TFLite flatbuffer (schema
 * `../shared/tflite/schema.fbs`, identifier `TFL3`, version 3), writing each
 * table by field slot with the `flatbuffers` package.
 *
 * @module
 */

import * as flatbuffers from 'flatbuffers';
import { type PlannedModel, type PlannedOp, type PlannedOptions, planModel } from './plan-tflite.js';
import type { IrGraph } from './tflite-ir.js';
import { BuiltinOptionsType, Slot, TFLITE_FILE_IDENTIFIER, TFLITE_SCHEMA_VERSION } from './tflite-schema.js';

type Builder = flatbuffers.Builder;

function int32Vector(b: Builder, values: readonly number[]): flatbuffers.Offset {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]!);
  return b.endVector();
}

function offsetVector(b: Builder, offsets: readonly flatbuffers.Offset[]): flatbuffers.Offset {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
  return b.endVector();
}

/** A `[ubyte]` vector whose data starts on a 16-byte boundary (`force_align: 16` in the schema). */
function alignedBytes(b: Builder, bytes: Uint8Array): flatbuffers.Offset {
  b.prep(16, bytes.length);
  return b.createByteVector(bytes);
}

function writeBuffers(b: Builder, model: PlannedModel): flatbuffers.Offset[] {
  return model.buffers.map((bytes) => {
    const data = bytes.length > 0 ? alignedBytes(b, bytes) : 0;
    b.startObject(Slot.Buffer.count);
    if (data !== 0) b.addFieldOffset(Slot.Buffer.data, data, 0);
    return b.endObject();
  });
}

function writeTensors(b: Builder, model: PlannedModel): flatbuffers.Offset[] {
  return model.tensors.map((t) => {
    const shape = int32Vector(b, t.shape);
    const name = b.createString(t.name);
    b.startObject(Slot.Tensor.count);
    b.addFieldOffset(Slot.Tensor.shape, shape, 0);
    b.addFieldInt8(Slot.Tensor.type, t.type, 0);
    b.addFieldInt32(Slot.Tensor.buffer, t.buffer, 0);
    b.addFieldOffset(Slot.Tensor.name, name, 0);
    return b.endObject();
  });
}

function writeOptions(b: Builder, o: PlannedOptions): flatbuffers.Offset {
  switch (o.type) {
    case 'Conv2DOptions':
    case 'DepthwiseConv2DOptions': {
      const s = o.type === 'Conv2DOptions' ? Slot.Conv2DOptions : Slot.DepthwiseConv2DOptions;
      b.startObject(s.count);
      b.addFieldInt8(s.padding, o.padding, 0);
      b.addFieldInt32(s.stride_w, o.strideW, 0);
      b.addFieldInt32(s.stride_h, o.strideH, 0);
      b.addFieldInt8(s.fused_activation_function, o.act, 0);
      b.addFieldInt32(s.dilation_w_factor, o.dilationW, 1);
      b.addFieldInt32(s.dilation_h_factor, o.dilationH, 1);
      if (o.type === 'DepthwiseConv2DOptions') b.addFieldInt32(Slot.DepthwiseConv2DOptions.depth_multiplier, o.depthMultiplier, 0);
      return b.endObject();
    }
    case 'Pool2DOptions': {
      const s = Slot.Pool2DOptions;
      b.startObject(s.count);
      b.addFieldInt8(s.padding, o.padding, 0);
      b.addFieldInt32(s.stride_w, o.strideW, 0);
      b.addFieldInt32(s.stride_h, o.strideH, 0);
      b.addFieldInt32(s.filter_width, o.filterW, 0);
      b.addFieldInt32(s.filter_height, o.filterH, 0);
      b.addFieldInt8(s.fused_activation_function, o.act, 0);
      return b.endObject();
    }
    case 'FullyConnectedOptions':
    case 'AddOptions':
    case 'MulOptions':
      b.startObject(1);
      b.addFieldInt8(0, o.act, 0);
      return b.endObject();
    case 'SoftmaxOptions':
      b.startObject(Slot.SoftmaxOptions.count);
      b.addFieldFloat32(Slot.SoftmaxOptions.beta, o.beta, 0);
      return b.endObject();
    case 'ReshapeOptions': {
      const shape = int32Vector(b, o.newShape);
      b.startObject(Slot.ReshapeOptions.count);
      b.addFieldOffset(Slot.ReshapeOptions.new_shape, shape, 0);
      return b.endObject();
    }
    case 'ReducerOptions':
      b.startObject(Slot.ReducerOptions.count);
      b.addFieldInt8(Slot.ReducerOptions.keep_dims, o.keepDims ? 1 : 0, 0);
      return b.endObject();
    case 'ConcatenationOptions':
      b.startObject(Slot.ConcatenationOptions.count);
      b.addFieldInt32(Slot.ConcatenationOptions.axis, o.axis, 0);
      b.addFieldInt8(Slot.ConcatenationOptions.fused_activation_function, o.act, 0);
      return b.endObject();
    case 'PadOptions':
      b.startObject(Slot.PadOptions.count);
      return b.endObject();
  }
}

function writeOperator(b: Builder, op: PlannedOp): flatbuffers.Offset {
  const inputs = int32Vector(b, op.inputs);
  const outputs = int32Vector(b, op.outputs);
  const options = op.options === undefined ? 0 : writeOptions(b, op.options);
  b.startObject(Slot.Operator.count);
  b.addFieldInt32(Slot.Operator.opcode_index, op.opcodeIndex, 0);
  b.addFieldOffset(Slot.Operator.inputs, inputs, 0);
  b.addFieldOffset(Slot.Operator.outputs, outputs, 0);
  if (op.options !== undefined) {
    b.addFieldInt8(Slot.Operator.builtin_options_type, BuiltinOptionsType[op.options.type], 0);
    b.addFieldOffset(Slot.Operator.builtin_options, options, 0);
  }
  return b.endObject();
}

function writeOperatorCodes(b: Builder, model: PlannedModel): flatbuffers.Offset[] {
  return model.opcodes.map(({ code, version }) => {
    b.startObject(Slot.OperatorCode.count);
    // Runtimes older than the int32 `builtin_code` read the byte field; codes used here are all < 127.
    b.addFieldInt8(Slot.OperatorCode.deprecated_builtin_code, Math.min(code, 127), 0);
    b.addFieldInt32(Slot.OperatorCode.version, version, 1);
    b.addFieldInt32(Slot.OperatorCode.builtin_code, code, 0);
    return b.endObject();
  });
}

/**
 * Writes `graph` as a TFLite model.
 *
 * @param description - stored in `Model.description`.
 * @returns the flatbuffer bytes (a copy, not a view into the builder).
 */
export function writeTflite(graph: IrGraph, description: string): Uint8Array {
  const model = planModel(graph);
  const weightBytes = model.buffers.reduce((n, buf) => n + buf.length + 16, 0);
  const b = new flatbuffers.Builder(weightBytes + 64 * 1024);
  const buffers = offsetVector(b, writeBuffers(b, model));
  const tensors = offsetVector(b, writeTensors(b, model));
  const operators = offsetVector(
    b,
    model.ops.map((op) => writeOperator(b, op)),
  );
  const inputs = int32Vector(b, model.inputs);
  const outputs = int32Vector(b, model.outputs);
  const name = b.createString('main');
  b.startObject(Slot.SubGraph.count);
  b.addFieldOffset(Slot.SubGraph.tensors, tensors, 0);
  b.addFieldOffset(Slot.SubGraph.inputs, inputs, 0);
  b.addFieldOffset(Slot.SubGraph.outputs, outputs, 0);
  b.addFieldOffset(Slot.SubGraph.operators, operators, 0);
  b.addFieldOffset(Slot.SubGraph.name, name, 0);
  const subgraph = b.endObject();
  const subgraphs = offsetVector(b, [subgraph]);
  const opcodes = offsetVector(b, writeOperatorCodes(b, model));
  const desc = b.createString(description);
  b.startObject(Slot.Model.count);
  b.addFieldInt32(Slot.Model.version, TFLITE_SCHEMA_VERSION, 0);
  b.addFieldOffset(Slot.Model.operator_codes, opcodes, 0);
  b.addFieldOffset(Slot.Model.subgraphs, subgraphs, 0);
  b.addFieldOffset(Slot.Model.description, desc, 0);
  b.addFieldOffset(Slot.Model.buffers, buffers, 0);
  b.finish(b.endObject(), TFLITE_FILE_IDENTIFIER);
  return b.asUint8Array().slice();
}

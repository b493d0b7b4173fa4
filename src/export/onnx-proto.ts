/**
 * The ONNX messages the writer emits, as plain data, and their protobuf
 * encoding. Field numbers and enum values are those of ONNX's `onnx.proto`
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto).
 *
 * @module
 */

import {
  type Encoded,
  bytesField,
  concat,
  float32Bytes,
  floatField,
  int64Bytes,
  intField,
  repeatedIntField,
  stringField,
} from './protobuf.js';

/** An attribute value: an integer (`INT`), a list of integers (`INTS`) or `{ float }` (`FLOAT`). */
export type OnnxAttributeValue = number | readonly number[] | { readonly float: number };

/** A node of the graph. */
export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, OnnxAttributeValue>>;
}

/** A constant tensor (an initializer): float32 or int64. */
export type OnnxTensor =
  | { readonly name: string; readonly dims: readonly number[]; readonly type: 'float'; readonly data: Float32Array }
  | { readonly name: string; readonly dims: readonly number[]; readonly type: 'int64'; readonly data: readonly number[] };

/** A float32 graph input or output with a static shape. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly shape: readonly number[];
}

/** A whole model: one graph, one opset of the default domain. */
export interface OnnxModel {
  readonly irVersion: number;
  readonly opset: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString: string;
  readonly graphName: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

/** TensorProto.DataType values. */
const DATA_TYPE = { float: 1, int64: 7 } as const;
/** AttributeProto.AttributeType values. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, ints: 7 } as const;

function encodeAttribute(name: string, value: OnnxAttributeValue): Encoded {
  if (typeof value === 'number') return concat([stringField(1, name), intField(3, value), intField(20, ATTRIBUTE_TYPE.int)]);
  if ('float' in value) return concat([stringField(1, name), floatField(2, value.float), intField(20, ATTRIBUTE_TYPE.float)]);
  return concat([stringField(1, name), repeatedIntField(8, value), intField(20, ATTRIBUTE_TYPE.ints)]);
}

function encodeNode(node: OnnxNode): Encoded {
  return concat([
    ...node.inputs.map((i) => stringField(1, i)),
    ...node.outputs.map((o) => stringField(2, o)),
    stringField(3, node.name),
    stringField(4, node.opType),
    ...Object.entries(node.attributes ?? {}).map(([k, v]) => bytesField(5, encodeAttribute(k, v))),
  ]);
}

function encodeTensor(tensor: OnnxTensor): Encoded {
  const raw = tensor.type === 'float' ? float32Bytes(tensor.data) : int64Bytes(tensor.data);
  return concat([repeatedIntField(1, tensor.dims), intField(2, DATA_TYPE[tensor.type]), stringField(8, tensor.name), bytesField(9, raw)]);
}

function encodeValueInfo(info: OnnxValueInfo): Encoded {
  const shape = concat(info.shape.map((d) => bytesField(1, intField(1, d))));
  const tensorType = concat([intField(1, DATA_TYPE.float), bytesField(2, shape)]);
  return concat([stringField(1, info.name), bytesField(2, bytesField(1, tensorType))]);
}

/** The protobuf encoding of `model` (the bytes of a `.onnx` file). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const graph = concat([
    ...model.nodes.map((n) => bytesField(1, encodeNode(n))),
    stringField(2, model.graphName),
    ...model.initializers.map((t) => bytesField(5, encodeTensor(t))),
    ...model.inputs.map((v) => bytesField(11, encodeValueInfo(v))),
    ...model.outputs.map((v) => bytesField(12, encodeValueInfo(v))),
  ]);
  return concat([
    intField(1, model.irVersion),
    stringField(2, model.producerName),
    stringField(3, model.producerVersion),
    stringField(6, model.docString),
    bytesField(7, graph),
    bytesField(8, concat([stringField(1, ''), intField(2, model.opset)])),
  ]);
}

/**
 * The parts of the TFLite flatbuffer schema (`../shared/tflite/schema.fbs`,
 * TensorFlow Lite, Apache-2.0, The TensorFlow Authors) the exporter writes:
 * enum values and the field slots (declaration order, 0-based; a union field
 * takes two slots, its `_type` byte first) of the tables used. Written by
 * hand from the schema and checked by decoding exported files with
 * `flatc --json` in the tests.
 *
 * @module
 */

/** `file_identifier` of a TFLite model. */
export const TFLITE_FILE_IDENTIFIER = 'TFL3';

/** `Model.version` of the current schema. */
export const TFLITE_SCHEMA_VERSION = 3;

/** `enum TensorType`. */
export const TensorType = { FLOAT32: 0, INT32: 2 } as const;

/** `enum BuiltinOperator` (the operators the exporter emits). */
export const BuiltinOperator = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  MAX_POOL_2D: 17,
  MUL: 18,
  RELU: 19,
  RELU6: 21,
  RESHAPE: 22,
  SOFTMAX: 25,
  PAD: 34,
  MEAN: 40,
} as const;

/** A value of {@link BuiltinOperator}. */
export type BuiltinOperatorCode = (typeof BuiltinOperator)[keyof typeof BuiltinOperator];

/** `union BuiltinOptions`: the type tag of each options table (NONE = 0). */
export const BuiltinOptionsType = {
  NONE: 0,
  Conv2DOptions: 1,
  DepthwiseConv2DOptions: 2,
  Pool2DOptions: 5,
  FullyConnectedOptions: 8,
  SoftmaxOptions: 9,
  ConcatenationOptions: 10,
  AddOptions: 11,
  ReshapeOptions: 17,
  MulOptions: 21,
  PadOptions: 22,
  ReducerOptions: 27,
} as const;

/** `enum Padding`. */
export const Padding = { SAME: 0, VALID: 1 } as const;

/** `enum ActivationFunctionType` (the fused activations the exporter emits). */
export const ActivationFunctionType = { NONE: 0, RELU: 1, RELU6: 3 } as const;

/** Field slots of each table written, in schema declaration order. */
export const Slot = {
  Model: { version: 0, operator_codes: 1, subgraphs: 2, description: 3, buffers: 4, count: 5 },
  OperatorCode: { deprecated_builtin_code: 0, custom_code: 1, version: 2, builtin_code: 3, count: 4 },
  SubGraph: { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4, count: 5 },
  Tensor: { shape: 0, type: 1, buffer: 2, name: 3, count: 4 },
  Buffer: { data: 0, count: 1 },
  Operator: { opcode_index: 0, inputs: 1, outputs: 2, builtin_options_type: 3, builtin_options: 4, count: 5 },
  Conv2DOptions: {
    padding: 0,
    stride_w: 1,
    stride_h: 2,
    fused_activation_function: 3,
    dilation_w_factor: 4,
    dilation_h_factor: 5,
    count: 6,
  },
  DepthwiseConv2DOptions: {
    padding: 0,
    stride_w: 1,
    stride_h: 2,
    depth_multiplier: 3,
    fused_activation_function: 4,
    dilation_w_factor: 5,
    dilation_h_factor: 6,
    count: 7,
  },
  Pool2DOptions: { padding: 0, stride_w: 1, stride_h: 2, filter_width: 3, filter_height: 4, fused_activation_function: 5, count: 6 },
  FullyConnectedOptions: { fused_activation_function: 0, count: 1 },
  SoftmaxOptions: { beta: 0, count: 1 },
  AddOptions: { fused_activation_function: 0, count: 1 },
  MulOptions: { fused_activation_function: 0, count: 1 },
  ReshapeOptions: { new_shape: 0, count: 1 },
  ReducerOptions: { keep_dims: 0, count: 1 },
  ConcatenationOptions: { axis: 0, fused_activation_function: 1, count: 2 },
  PadOptions: { count: 0 },
} as const;

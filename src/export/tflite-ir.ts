/**
 * The intermediate graph between a tfjs `LayersModel` and a TFLite
 * flatbuffer: values (activations) with static shapes and operators with
 * their constant weights already in TFLite layout. Plain data, no tfjs.
 *
 * @module
 */

/** An activation fused into the operator that produces a value. */
export type FusedActivation = 'none' | 'relu' | 'relu6';

/** A runtime tensor (input, output or intermediate): float32 with a static shape. */
export interface IrValue {
  readonly id: number;
  /** Tensor name in the file (the tfjs layer name). */
  readonly name: string;
  /** Static shape, batch included. */
  readonly shape: readonly number[];
}

/** Padding, stride and dilation of a spatial operator. */
export interface IrWindow {
  readonly padding: 'same' | 'valid';
  /** `[strideH, strideW]`. */
  readonly strides: readonly [number, number];
  /** `[dilationH, dilationW]`. */
  readonly dilation: readonly [number, number];
}

/** `CONV_2D`: filter `[out, kh, kw, in]` (OHWI), bias `[out]`. */
export interface IrConv2D extends IrWindow {
  readonly kind: 'conv2d';
  readonly input: number;
  output: number;
  filter: Float32Array;
  readonly filterShape: readonly [number, number, number, number];
  bias: Float32Array;
  act: FusedActivation;
}

/** `DEPTHWISE_CONV_2D`: filter `[1, kh, kw, in * multiplier]`, bias `[in * multiplier]`. */
export interface IrDepthwiseConv2D extends IrWindow {
  readonly kind: 'dwconv';
  readonly input: number;
  output: number;
  filter: Float32Array;
  readonly filterShape: readonly [1, number, number, number];
  readonly multiplier: number;
  bias: Float32Array;
  act: FusedActivation;
}

/** `FULLY_CONNECTED`: weights `[out, in]`, bias `[out]`. */
export interface IrDense {
  readonly kind: 'dense';
  readonly input: number;
  output: number;
  weights: Float32Array;
  readonly weightsShape: readonly [number, number];
  bias: Float32Array;
  act: FusedActivation;
}

/** `ADD` or `MUL` of two values (broadcasting as TFLite does). */
export interface IrBinary {
  readonly kind: 'add' | 'mul';
  readonly inputs: readonly [number, number];
  output: number;
  act: FusedActivation;
}

/** Per-channel `x * scale + shift` (an inference-mode batch norm not folded into a conv). */
export interface IrAffine {
  readonly kind: 'affine';
  readonly input: number;
  output: number;
  readonly scale: Float32Array;
  readonly shift: Float32Array;
}

/** An activation on its own: `RELU`, `RELU6`, `LOGISTIC` or `SOFTMAX`. */
export interface IrActivation {
  readonly kind: 'relu' | 'relu6' | 'logistic' | 'softmax';
  readonly input: number;
  output: number;
}

/** `MEAN` over spatial axes (global average pooling). */
export interface IrMean {
  readonly kind: 'mean';
  readonly input: number;
  output: number;
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

/** `AVERAGE_POOL_2D` (padding excluded from the average, as in TF and tfjs) or `MAX_POOL_2D`. */
export interface IrPool extends IrWindow {
  readonly kind: 'avgpool' | 'maxpool';
  readonly input: number;
  output: number;
  readonly pool: readonly [number, number];
  act: FusedActivation;
}

/** `RESHAPE` to the output value's shape. */
export interface IrReshape {
  readonly kind: 'reshape';
  readonly input: number;
  output: number;
}

/** `CONCATENATION` along `axis` (non-negative). */
export interface IrConcat {
  readonly kind: 'concat';
  readonly inputs: readonly number[];
  output: number;
  readonly axis: number;
  act: FusedActivation;
}

/** `PAD` with zeros: `paddings[d] = [before, after]` for every dimension. */
export interface IrPad {
  readonly kind: 'pad';
  readonly input: number;
  output: number;
  readonly paddings: readonly (readonly [number, number])[];
}

/** One operator of the graph. */
export type IrOp =
  | IrConv2D
  | IrDepthwiseConv2D
  | IrDense
  | IrBinary
  | IrAffine
  | IrActivation
  | IrMean
  | IrPool
  | IrReshape
  | IrConcat
  | IrPad;

/** A whole graph: values, operators in execution order, graph inputs and outputs. */
export interface IrGraph {
  readonly values: IrValue[];
  ops: IrOp[];
  readonly inputs: number[];
  readonly outputs: number[];
}

/** Ids of the values an operator reads. */
export function opInputs(op: IrOp): readonly number[] {
  return 'inputs' in op ? op.inputs : [op.input];
}

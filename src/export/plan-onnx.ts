/**
 * Lays an {@link IrGraph} out as ONNX nodes and initializers. The IR is
 * channels-last (NHWC, as tfjs and TFLite); ONNX's spatial operators are
 * channels-first, so every rank-4 value is held as NCHW inside the graph.
 * The graph's inputs and outputs keep the tfjs layout (an NHWC image in, the
 * output as tfjs returns it): a `Transpose` follows a rank-4 input and
 * precedes a rank-4 output.
 *
 * @module
 */

import { ExportError } from '../errors.js';
import type { OnnxAttributeValue, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx-proto.js';
import { depthwiseToOihw, ohwiToOihw } from './onnx-weights.js';
import type { FusedActivation, IrGraph, IrOp, IrWindow } from './tflite-ir.js';

/** The graph part of an ONNX model. */
export interface OnnxGraphPlan {
  readonly nodes: OnnxNode[];
  readonly initializers: OnnxTensor[];
  readonly inputs: OnnxValueInfo[];
  readonly outputs: OnnxValueInfo[];
}

/** Transpose `perm` from NHWC to NCHW, and back. */
const TO_NCHW = [0, 3, 1, 2] as const;
const TO_NHWC = [0, 2, 3, 1] as const;

/** Where NHWC axis `a` of a rank-4 value sits in NCHW. */
function nchwAxis(axis: number, rank: number): number {
  return rank === 4 ? TO_NCHW.indexOf(axis as 0 | 1 | 2 | 3) : axis;
}

/** A shape as held in the graph: NCHW for rank 4. */
function heldShape(shape: readonly number[]): number[] {
  return shape.length === 4 ? TO_NCHW.map((a) => shape[a]!) : [...shape];
}

/** Whether NHWC and NCHW hold a rank-4 shape's elements in the same order (one spatial position or one channel). */
function layoutFree(shape: readonly number[]): boolean {
  return shape.length !== 4 || shape[1]! * shape[2]! === 1 || shape[3] === 1;
}

/** TensorFlow's `same` padding of one spatial dimension: `[before, after]`, the odd pixel after. */
function samePads(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const span = (kernel - 1) * dilation + 1;
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + span - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** ONNX `pads` (`[top, left, bottom, right]`) of a window over an NHWC input shape. */
function windowPads(window: IrWindow, inputShape: readonly number[], kernel: readonly [number, number]): number[] {
  if (window.padding === 'valid') return [0, 0, 0, 0];
  const [top, bottom] = samePads(inputShape[1]!, kernel[0], window.strides[0], window.dilation[0]);
  const [left, right] = samePads(inputShape[2]!, kernel[1], window.strides[1], window.dilation[1]);
  return [top, left, bottom, right];
}

/** Builds the ONNX graph of one IR graph; see {@link planOnnx}. */
class OnnxPlanner {
  readonly plan: OnnxGraphPlan = { nodes: [], initializers: [], inputs: [], outputs: [] };
  private readonly used = new Set<string>();
  private readonly names: string[];

  constructor(private readonly graph: IrGraph) {
    const public4 = new Set([...graph.inputs, ...graph.outputs].filter((v) => graph.values[v]!.shape.length === 4));
    for (const v of public4) this.used.add(graph.values[v]!.name);
    this.names = graph.values.map((v) => this.unique(public4.has(v.id) ? `${v.name}/nchw` : v.name));
  }

  unique(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Appends a node with one output; returns the output's name. */
  node(opType: string, inputs: readonly string[], output: string, attributes?: Record<string, OnnxAttributeValue>): string {
    this.plan.nodes.push({ opType, name: output, inputs, outputs: [output], ...(attributes === undefined ? {} : { attributes }) });
    return output;
  }

  floats(base: string, dims: readonly number[], data: Float32Array): string {
    const name = this.unique(base);
    this.plan.initializers.push({ name, dims, type: 'float', data });
    return name;
  }

  int64s(base: string, data: readonly number[]): string {
    const name = this.unique(base);
    this.plan.initializers.push({ name, dims: [data.length], type: 'int64', data });
    return name;
  }

  shapeOf(value: number): readonly number[] {
    return this.graph.values[value]!.shape;
  }

  run(): OnnxGraphPlan {
    for (const v of this.graph.inputs) this.input(v);
    for (const op of this.graph.ops) this.op(op);
    for (const v of this.graph.outputs) this.output(v);
    return this.plan;
  }

  private input(v: number): void {
    const { name, shape } = this.graph.values[v]!;
    this.plan.inputs.push({ name, shape });
    if (shape.length === 4) this.node('Transpose', [name], this.names[v]!, { perm: TO_NCHW });
  }

  private output(v: number): void {
    const { name, shape } = this.graph.values[v]!;
    this.plan.outputs.push({ name, shape });
    if (shape.length === 4) this.node('Transpose', [this.names[v]!], name, { perm: TO_NHWC });
  }

  /** Emits `opType` writing `op.output`, then its fused activation. */
  private withAct(
    op: IrOp,
    act: FusedActivation,
    opType: string,
    inputs: string[],
    attributes?: Record<string, OnnxAttributeValue>,
  ): string {
    const out = this.names[op.output]!;
    if (act === 'none') return this.node(opType, inputs, out, attributes);
    const pre = this.unique(`${out}/pre_activation`);
    this.node(opType, inputs, pre, attributes);
    return this.activation(act, pre, out, this.shapeOf(op.output).length);
  }

  activation(kind: 'relu' | 'relu6' | 'logistic' | 'softmax', input: string, output: string, rank: number): string {
    if (kind === 'relu') return this.node('Relu', [input], output);
    if (kind === 'logistic') return this.node('Sigmoid', [input], output);
    if (kind === 'softmax') return this.node('Softmax', [input], output, { axis: rank === 4 ? 1 : -1 });
    const lo = this.floats(`${output}/min`, [], Float32Array.of(0));
    const hi = this.floats(`${output}/max`, [], Float32Array.of(6));
    return this.node('Clip', [input, lo, hi], output);
  }

  private op(op: IrOp): string {
    const name = this.names[op.output]!;
    switch (op.kind) {
      case 'conv2d':
      case 'dwconv':
        return this.conv(op);
      case 'dense':
        return this.dense(op);
      case 'add':
      case 'mul': {
        const [a, b] = op.inputs.map((v) => this.shapeOf(v).length);
        if (a !== b) throw new ExportError(`Cannot export ${name} to ONNX: ${op.kind} of a rank-${a} and a rank-${b} value`);
        return this.withAct(
          op,
          op.act,
          op.kind === 'add' ? 'Add' : 'Mul',
          op.inputs.map((v) => this.names[v]!),
        );
      }
      case 'affine':
        return this.affine(op);
      case 'relu':
      case 'relu6':
      case 'logistic':
      case 'softmax':
        return this.activation(op.kind, this.names[op.input]!, name, this.shapeOf(op.input).length);
      case 'mean':
        return this.mean(op);
      case 'avgpool':
      case 'maxpool':
        return this.pool(op);
      case 'reshape':
        return this.reshape(this.names[op.input]!, this.shapeOf(op.input), name, this.shapeOf(op.output));
      case 'concat': {
        const axis = nchwAxis(op.axis, this.shapeOf(op.output).length);
        return this.withAct(
          op,
          op.act,
          'Concat',
          op.inputs.map((v) => this.names[v]!),
          { axis },
        );
      }
      case 'pad': {
        const held = this.shapeOf(op.input).length === 4 ? TO_NCHW.map((a) => op.paddings[a]!) : op.paddings;
        const pads = this.int64s(`${name}/pads`, [...held.map((p) => p[0]), ...held.map((p) => p[1])]);
        return this.node('Pad', [this.names[op.input]!, pads], name);
      }
    }
  }

  /** `Gemm` with the `[out, in]` weights transposed by the operator (`transB`). */
  private dense(op: IrOp & { kind: 'dense' }): string {
    const name = this.names[op.output]!;
    if (this.shapeOf(op.input).length !== 2) throw new ExportError(`Cannot export ${name} to ONNX: a dense layer needs a rank-2 input`);
    const w = this.floats(`${name}/weights`, op.weightsShape, op.weights);
    const b = this.floats(`${name}/bias`, [op.bias.length], op.bias);
    return this.withAct(op, op.act, 'Gemm', [this.names[op.input]!, w, b], { transB: 1 });
  }

  /** A batch norm kept as it is: `Mul` by the scale and `Add` of the shift, per channel. */
  private affine(op: IrOp & { kind: 'affine' }): string {
    const name = this.names[op.output]!;
    const dims = this.shapeOf(op.input).length === 4 ? [op.scale.length, 1, 1] : [op.scale.length];
    const scaled = this.unique(`${name}/scaled`);
    this.node('Mul', [this.names[op.input]!, this.floats(`${name}/scale`, dims, op.scale)], scaled);
    return this.node('Add', [scaled, this.floats(`${name}/shift`, dims, op.shift)], name);
  }

  /** `AveragePool` (padding not counted, as in tfjs) or `MaxPool`, with TensorFlow's padding made explicit. */
  private pool(op: IrOp & { kind: 'avgpool' | 'maxpool' }): string {
    const attributes = {
      kernel_shape: op.pool,
      strides: op.strides,
      pads: windowPads(op, this.shapeOf(op.input), op.pool),
      ...(op.kind === 'avgpool' ? { count_include_pad: 0 } : {}),
    };
    return this.withAct(op, op.act, op.kind === 'avgpool' ? 'AveragePool' : 'MaxPool', [this.names[op.input]!], attributes);
  }

  private conv(op: IrOp & { kind: 'conv2d' | 'dwconv' }): string {
    const name = this.names[op.output]!;
    const kernel: [number, number] = [op.filterShape[1], op.filterShape[2]];
    const inputChannels = this.shapeOf(op.input)[3]!;
    const weights =
      op.kind === 'conv2d'
        ? this.floats(`${name}/filter`, [op.filterShape[0], op.filterShape[3], ...kernel], ohwiToOihw(op.filter, op.filterShape))
        : this.floats(`${name}/filter`, [op.filterShape[3], 1, ...kernel], depthwiseToOihw(op.filter, op.filterShape));
    const bias = this.floats(`${name}/bias`, [op.bias.length], op.bias);
    return this.withAct(op, op.act, 'Conv', [this.names[op.input]!, weights, bias], {
      kernel_shape: kernel,
      strides: op.strides,
      dilations: op.dilation,
      pads: windowPads(op, this.shapeOf(op.input), kernel),
      group: op.kind === 'dwconv' ? inputChannels : 1,
    });
  }

  /** A mean keeps its rank here (`GlobalAveragePool` over H and W, else `ReduceMean`), then reshapes when tfjs drops the axes. */
  private mean(op: IrOp & { kind: 'mean' }): string {
    const name = this.names[op.output]!;
    const inShape = this.shapeOf(op.input);
    const rank = inShape.length;
    const kept = inShape.map((d, i) => (op.axes.includes(i) ? 1 : d));
    const global = rank === 4 && op.axes.length === 2 && op.axes.includes(1) && op.axes.includes(2);
    const reduced = op.keepDims ? name : this.unique(`${name}/kept`);
    if (global) this.node('GlobalAveragePool', [this.names[op.input]!], reduced);
    else this.node('ReduceMean', [this.names[op.input]!], reduced, { axes: op.axes.map((a) => nchwAxis(a, rank)), keepdims: 1 });
    return op.keepDims ? name : this.reshape(reduced, kept, name, this.shapeOf(op.output));
  }

  /** An NHWC reshape on values held as NCHW: transposes around it unless the layouts agree. */
  reshape(input: string, inShape: readonly number[], output: string, outShape: readonly number[]): string {
    let source = input;
    if (!layoutFree(inShape)) {
      source = this.unique(`${output}/nhwc`);
      this.node('Transpose', [input], source, { perm: TO_NHWC });
    }
    const outNhwc = !layoutFree(outShape);
    const target = this.int64s(`${output}/shape`, outNhwc ? outShape : heldShape(outShape));
    if (!outNhwc) return this.node('Reshape', [source, target], output);
    const reshaped = this.unique(`${output}/reshaped`);
    this.node('Reshape', [source, target], reshaped);
    return this.node('Transpose', [reshaped], output, { perm: TO_NCHW });
  }
}

/**
 * The ONNX nodes, initializers, inputs and outputs computing `graph`.
 *
 * @throws ExportError on a dense layer over a rank other than 2, or an add/mul of values of different ranks.
 */
export function planOnnx(graph: IrGraph): OnnxGraphPlan {
  return new OnnxPlanner(graph).run();
}
